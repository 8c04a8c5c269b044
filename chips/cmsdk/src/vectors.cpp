// The vector table of the MPS2 AN385/AN386 images: the 16 Cortex-M exceptions, then 32
// interrupts. Numbers and sources as the application notes and QEMU's mps2 machines give them;
// lines whose source is not modelled by QEMU and not needed yet are named by number only.
// Placed at address 0 by the linker script (VTOR resets to 0). The CMSDK watchdog's interrupt
// is wired to NMI.
//
// Every interrupt has a weak default (ending in mote_default_handler, which panics naming the
// interrupt); a driver or the application overrides one by defining a function of that name.
// This file is linked into every firmware as an object (not from the library), so the table
// and the handlers it names are always kept.
#include <iterator>

#include "mote/cortex_m/systick_clock.hpp"
#include "mote/cortex_m/vector_table.hpp"

MOTE_CORTEX_M_DEFAULT_IRQ(cmsdk_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(cmsdk_uart0_rx_irq, cmsdk_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(cmsdk_uart0_tx_irq, cmsdk_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(cmsdk_uart1_rx_irq, cmsdk_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(cmsdk_uart1_tx_irq, cmsdk_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(cmsdk_uart2_rx_irq, cmsdk_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(cmsdk_uart2_tx_irq, cmsdk_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(cmsdk_gpio0_irq, cmsdk_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(cmsdk_gpio1_irq, cmsdk_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(cmsdk_timer0_irq, cmsdk_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(cmsdk_timer1_irq, cmsdk_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(cmsdk_dualtimer_irq, cmsdk_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(cmsdk_spi_irq, cmsdk_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(cmsdk_uart_overflow_irq, cmsdk_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(cmsdk_ethernet_irq, cmsdk_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(cmsdk_i2s_irq, cmsdk_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(cmsdk_irq15_irq, cmsdk_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(cmsdk_irq16_irq, cmsdk_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(cmsdk_irq17_irq, cmsdk_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(cmsdk_uart3_rx_irq, cmsdk_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(cmsdk_uart3_tx_irq, cmsdk_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(cmsdk_uart4_rx_irq, cmsdk_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(cmsdk_uart4_tx_irq, cmsdk_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(cmsdk_adc_spi_irq, cmsdk_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(cmsdk_irq23_irq, cmsdk_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(cmsdk_shield_spi_irq, cmsdk_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(cmsdk_irq25_irq, cmsdk_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(cmsdk_irq26_irq, cmsdk_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(cmsdk_irq27_irq, cmsdk_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(cmsdk_irq28_irq, cmsdk_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(cmsdk_irq29_irq, cmsdk_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(cmsdk_irq30_irq, cmsdk_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(cmsdk_irq31_irq, cmsdk_unhandled_irq)

extern "C" [[gnu::used, gnu::section(".vectors")]] const auto cmsdk_vector_table = mote::cortex_m::vector_table(
    // SysTick: not the time base on this chip (see time_driver.cpp), but the port's SysTick
    // clock stays available to whoever starts it (systick_clock_start).
    mote_systick_clock_handler,
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
    });
// One line too many or too few would shift every vector after it.
static_assert(std::size(cmsdk_vector_table.interrupts) == 32);
