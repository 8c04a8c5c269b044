// The vector table of the MPS2 AN385/AN386 images: the 16 Cortex-M exceptions, then 32
// interrupts. Numbers and sources as the application notes and QEMU's mps2 machines give them;
// lines whose source is not modelled by QEMU and not needed yet are named by number only.
// Placed at address 0 by the linker script (VTOR resets to 0).
//
// Every interrupt has a weak default (ending in mote_default_handler, which panics naming the
// interrupt); a driver or the application overrides one by defining a function of that name.
// This file is linked into every firmware as an object (not from the library), so the table
// and the handlers it names are always kept.
#include <cstdint>

#include "mote/cortex_m.hpp"
#include "mote/cortex_m/systick_clock.hpp"

// An alias must name a function of the same file: this one hands over to the port's default.
extern "C" void cmsdk_unhandled_irq() noexcept { mote_default_handler(); }

#define MOTE_CMSDK_IRQ(name) extern "C" void name() noexcept __attribute__((weak, alias("cmsdk_unhandled_irq")));
MOTE_CMSDK_IRQ(cmsdk_uart0_rx_irq)
MOTE_CMSDK_IRQ(cmsdk_uart0_tx_irq)
MOTE_CMSDK_IRQ(cmsdk_uart1_rx_irq)
MOTE_CMSDK_IRQ(cmsdk_uart1_tx_irq)
MOTE_CMSDK_IRQ(cmsdk_uart2_rx_irq)
MOTE_CMSDK_IRQ(cmsdk_uart2_tx_irq)
MOTE_CMSDK_IRQ(cmsdk_gpio0_irq)
MOTE_CMSDK_IRQ(cmsdk_gpio1_irq)
MOTE_CMSDK_IRQ(cmsdk_timer0_irq)
MOTE_CMSDK_IRQ(cmsdk_timer1_irq)
MOTE_CMSDK_IRQ(cmsdk_dualtimer_irq)
MOTE_CMSDK_IRQ(cmsdk_spi_irq)
MOTE_CMSDK_IRQ(cmsdk_uart_overflow_irq)
MOTE_CMSDK_IRQ(cmsdk_ethernet_irq)
MOTE_CMSDK_IRQ(cmsdk_i2s_irq)
MOTE_CMSDK_IRQ(cmsdk_irq15_irq)
MOTE_CMSDK_IRQ(cmsdk_irq16_irq)
MOTE_CMSDK_IRQ(cmsdk_irq17_irq)
MOTE_CMSDK_IRQ(cmsdk_uart3_rx_irq)
MOTE_CMSDK_IRQ(cmsdk_uart3_tx_irq)
MOTE_CMSDK_IRQ(cmsdk_uart4_rx_irq)
MOTE_CMSDK_IRQ(cmsdk_uart4_tx_irq)
MOTE_CMSDK_IRQ(cmsdk_adc_spi_irq)
MOTE_CMSDK_IRQ(cmsdk_irq23_irq)
MOTE_CMSDK_IRQ(cmsdk_shield_spi_irq)
MOTE_CMSDK_IRQ(cmsdk_irq25_irq)
MOTE_CMSDK_IRQ(cmsdk_irq26_irq)
MOTE_CMSDK_IRQ(cmsdk_irq27_irq)
MOTE_CMSDK_IRQ(cmsdk_irq28_irq)
MOTE_CMSDK_IRQ(cmsdk_irq29_irq)
MOTE_CMSDK_IRQ(cmsdk_irq30_irq)
MOTE_CMSDK_IRQ(cmsdk_irq31_irq)
#undef MOTE_CMSDK_IRQ

namespace {

using Handler = void (*)() noexcept;

// Word 0 is the initial main stack pointer, not a handler: a struct keeps the table a constant
// (no cast from a data address to a function pointer, which would need run-time init).
struct VectorTable {
  std::uint32_t* initial_sp;
  Handler exceptions[15];
  Handler interrupts[32];
};

constexpr Handler kReserved = nullptr;

}  // namespace

extern "C" [[gnu::used, gnu::section(".vectors")]] const VectorTable cmsdk_vector_table = {
    __stack_top,
    {
        mote_reset_handler,          // 1 Reset
        mote_default_handler,        // 2 NMI (the CMSDK watchdog's interrupt is wired here)
        mote_hardfault_handler,      // 3 HardFault
        mote_hardfault_handler,      // 4 MemManage (escalates to HardFault unless enabled)
        mote_hardfault_handler,      // 5 BusFault (ditto)
        mote_hardfault_handler,      // 6 UsageFault (ditto)
        kReserved, kReserved, kReserved, kReserved,
        mote_default_handler,        // 11 SVCall
        mote_default_handler,        // 12 DebugMonitor
        kReserved,
        mote_default_handler,        // 14 PendSV
        // 15 SysTick: not the time base on this chip (see time_driver.cpp), but the port's
        // SysTick clock stays available to whoever starts it (systick_clock_start).
        mote_systick_clock_handler,
    },
    {
        cmsdk_uart0_rx_irq,       // 0
        cmsdk_uart0_tx_irq,       // 1
        cmsdk_uart1_rx_irq,       // 2
        cmsdk_uart1_tx_irq,       // 3
        cmsdk_uart2_rx_irq,       // 4
        cmsdk_uart2_tx_irq,       // 5
        cmsdk_gpio0_irq,          // 6 GPIO 0 combined (QEMU: no GPIO)
        cmsdk_gpio1_irq,          // 7 GPIO 1 combined (QEMU: no GPIO)
        cmsdk_timer0_irq,         // 8: the time driver's alarm
        cmsdk_timer1_irq,         // 9
        cmsdk_dualtimer_irq,      // 10: the time driver's clock (wrap of dual timer 1)
        cmsdk_spi_irq,            // 11 APB and LCD SPI (PL022), ORed
        cmsdk_uart_overflow_irq,  // 12 UART0..2 overruns, ORed
        cmsdk_ethernet_irq,       // 13 LAN9220 (QEMU: LAN9118)
        cmsdk_i2s_irq,            // 14 audio I2S (QEMU: not modelled)
        cmsdk_irq15_irq,          // 15
        cmsdk_irq16_irq,          // 16
        cmsdk_irq17_irq,          // 17
        cmsdk_uart3_rx_irq,       // 18
        cmsdk_uart3_tx_irq,       // 19
        cmsdk_uart4_rx_irq,       // 20
        cmsdk_uart4_tx_irq,       // 21
        cmsdk_adc_spi_irq,        // 22 external ADC SPI (PL022)
        cmsdk_irq23_irq,          // 23
        cmsdk_shield_spi_irq,     // 24 shield 0 and 1 SPI (PL022), ORed
        cmsdk_irq25_irq,          // 25
        cmsdk_irq26_irq,          // 26
        cmsdk_irq27_irq,          // 27
        cmsdk_irq28_irq,          // 28
        cmsdk_irq29_irq,          // 29
        cmsdk_irq30_irq,          // 30
        cmsdk_irq31_irq,          // 31
    },
};
