// The STM32F405/407 vector table: the 16 Cortex-M exceptions, then the chip's 82 interrupts
// (numbers and sources from RM0090's vector table; CRYP and HASH_RNG exist on the F415/417).
// Placed at the start of flash (0x08000000, which the chip also maps at 0 for boot) by the
// linker script.
//
// Every interrupt has a weak default (ending in mote_default_handler, which panics naming the
// interrupt); a driver or the application overrides one by defining a function of that name.
// This file is linked into every firmware as an object (not from the library), so the table
// and the handlers it names are always kept.
#include <iterator>

#include "mote/cortex_m/systick_clock.hpp"
#include "mote/cortex_m/vector_table.hpp"

MOTE_CORTEX_M_DEFAULT_IRQ(stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_wwdg_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_pvd_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_tamp_stamp_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_rtc_wkup_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_flash_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_rcc_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_exti0_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_exti1_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_exti2_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_exti3_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_exti4_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_dma1_stream0_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_dma1_stream1_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_dma1_stream2_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_dma1_stream3_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_dma1_stream4_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_dma1_stream5_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_dma1_stream6_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_adc_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_can1_tx_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_can1_rx0_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_can1_rx1_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_can1_sce_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_exti9_5_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_tim1_brk_tim9_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_tim1_up_tim10_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_tim1_trg_com_tim11_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_tim1_cc_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_tim2_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_tim3_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_tim4_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_i2c1_ev_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_i2c1_er_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_i2c2_ev_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_i2c2_er_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_spi1_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_spi2_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_usart1_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_usart2_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_usart3_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_exti15_10_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_rtc_alarm_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_otg_fs_wkup_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_tim8_brk_tim12_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_tim8_up_tim13_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_tim8_trg_com_tim14_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_tim8_cc_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_dma1_stream7_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_fsmc_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_sdio_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_tim5_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_spi3_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_uart4_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_uart5_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_tim6_dac_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_tim7_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_dma2_stream0_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_dma2_stream1_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_dma2_stream2_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_dma2_stream3_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_dma2_stream4_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_eth_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_eth_wkup_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_can2_tx_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_can2_rx0_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_can2_rx1_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_can2_sce_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_otg_fs_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_dma2_stream5_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_dma2_stream6_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_dma2_stream7_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_usart6_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_i2c3_ev_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_i2c3_er_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_otg_hs_ep1_out_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_otg_hs_ep1_in_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_otg_hs_wkup_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_otg_hs_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_dcmi_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_cryp_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_hash_rng_irq, stm32f4_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(stm32f4_fpu_irq, stm32f4_unhandled_irq)

extern "C" [[gnu::used, gnu::section(".vectors")]] const auto stm32f4_vector_table = mote::cortex_m::vector_table(
    // SysTick: the time driver does not use it; it stays available as the SysTick clock
    // (mote/cortex_m/systick_clock.hpp), which only interrupts once started.
    mote_systick_clock_handler,
    {
        stm32f4_wwdg_irq,                // 0
        stm32f4_pvd_irq,                 // 1
        stm32f4_tamp_stamp_irq,          // 2
        stm32f4_rtc_wkup_irq,            // 3
        stm32f4_flash_irq,               // 4
        stm32f4_rcc_irq,                 // 5
        stm32f4_exti0_irq,               // 6
        stm32f4_exti1_irq,               // 7
        stm32f4_exti2_irq,               // 8
        stm32f4_exti3_irq,               // 9
        stm32f4_exti4_irq,               // 10
        stm32f4_dma1_stream0_irq,        // 11
        stm32f4_dma1_stream1_irq,        // 12
        stm32f4_dma1_stream2_irq,        // 13
        stm32f4_dma1_stream3_irq,        // 14
        stm32f4_dma1_stream4_irq,        // 15
        stm32f4_dma1_stream5_irq,        // 16
        stm32f4_dma1_stream6_irq,        // 17
        stm32f4_adc_irq,                 // 18
        stm32f4_can1_tx_irq,             // 19
        stm32f4_can1_rx0_irq,            // 20
        stm32f4_can1_rx1_irq,            // 21
        stm32f4_can1_sce_irq,            // 22
        stm32f4_exti9_5_irq,             // 23
        stm32f4_tim1_brk_tim9_irq,       // 24
        stm32f4_tim1_up_tim10_irq,       // 25
        stm32f4_tim1_trg_com_tim11_irq,  // 26
        stm32f4_tim1_cc_irq,             // 27
        stm32f4_tim2_irq,                // 28
        stm32f4_tim3_irq,                // 29
        stm32f4_tim4_irq,                // 30
        stm32f4_i2c1_ev_irq,             // 31
        stm32f4_i2c1_er_irq,             // 32
        stm32f4_i2c2_ev_irq,             // 33
        stm32f4_i2c2_er_irq,             // 34
        stm32f4_spi1_irq,                // 35
        stm32f4_spi2_irq,                // 36
        stm32f4_usart1_irq,              // 37
        stm32f4_usart2_irq,              // 38
        stm32f4_usart3_irq,              // 39
        stm32f4_exti15_10_irq,           // 40
        stm32f4_rtc_alarm_irq,           // 41
        stm32f4_otg_fs_wkup_irq,         // 42
        stm32f4_tim8_brk_tim12_irq,      // 43
        stm32f4_tim8_up_tim13_irq,       // 44
        stm32f4_tim8_trg_com_tim14_irq,  // 45
        stm32f4_tim8_cc_irq,             // 46
        stm32f4_dma1_stream7_irq,        // 47
        stm32f4_fsmc_irq,                // 48
        stm32f4_sdio_irq,                // 49
        stm32f4_tim5_irq,                // 50: the time driver's alarm
        stm32f4_spi3_irq,                // 51
        stm32f4_uart4_irq,               // 52
        stm32f4_uart5_irq,               // 53
        stm32f4_tim6_dac_irq,            // 54
        stm32f4_tim7_irq,                // 55
        stm32f4_dma2_stream0_irq,        // 56
        stm32f4_dma2_stream1_irq,        // 57
        stm32f4_dma2_stream2_irq,        // 58
        stm32f4_dma2_stream3_irq,        // 59
        stm32f4_dma2_stream4_irq,        // 60
        stm32f4_eth_irq,                 // 61
        stm32f4_eth_wkup_irq,            // 62
        stm32f4_can2_tx_irq,             // 63
        stm32f4_can2_rx0_irq,            // 64
        stm32f4_can2_rx1_irq,            // 65
        stm32f4_can2_sce_irq,            // 66
        stm32f4_otg_fs_irq,              // 67
        stm32f4_dma2_stream5_irq,        // 68
        stm32f4_dma2_stream6_irq,        // 69
        stm32f4_dma2_stream7_irq,        // 70
        stm32f4_usart6_irq,              // 71
        stm32f4_i2c3_ev_irq,             // 72
        stm32f4_i2c3_er_irq,             // 73
        stm32f4_otg_hs_ep1_out_irq,      // 74
        stm32f4_otg_hs_ep1_in_irq,       // 75
        stm32f4_otg_hs_wkup_irq,         // 76
        stm32f4_otg_hs_irq,              // 77
        stm32f4_dcmi_irq,                // 78
        stm32f4_cryp_irq,                // 79
        stm32f4_hash_rng_irq,            // 80
        stm32f4_fpu_irq,                 // 81
    });
// One line too many or too few would shift every vector after it.
static_assert(std::size(stm32f4_vector_table.interrupts) == 82);
