// The nRF51 vector table: the Cortex-M0 exceptions, then the chip's 32 interrupt lines
// (numbers = peripheral IDs, from the Reference Manual's instantiation table). Placed at
// address 0 by the linker script (a Cortex-M0 has no VTOR: the table is always at 0).
//
// Every interrupt has a weak default (ending in mote_default_handler, which panics naming the
// interrupt); a driver or the application overrides one by defining a function of that name.
// This file is linked into every firmware as an object (not from the library), so the table
// and the handlers it names are always kept.
#include <iterator>

#include "mote/cortex_m/vector_table.hpp"

MOTE_CORTEX_M_DEFAULT_IRQ(nrf51_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(nrf51_power_clock_irq, nrf51_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(nrf51_radio_irq, nrf51_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(nrf51_uart0_irq, nrf51_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(nrf51_spi0_twi0_irq, nrf51_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(nrf51_spi1_twi1_irq, nrf51_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(nrf51_gpiote_irq, nrf51_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(nrf51_adc_irq, nrf51_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(nrf51_timer0_irq, nrf51_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(nrf51_timer1_irq, nrf51_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(nrf51_timer2_irq, nrf51_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(nrf51_rtc0_irq, nrf51_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(nrf51_temp_irq, nrf51_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(nrf51_rng_irq, nrf51_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(nrf51_ecb_irq, nrf51_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(nrf51_ccm_aar_irq, nrf51_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(nrf51_wdt_irq, nrf51_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(nrf51_rtc1_irq, nrf51_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(nrf51_qdec_irq, nrf51_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(nrf51_lpcomp_irq, nrf51_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(nrf51_swi0_irq, nrf51_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(nrf51_swi1_irq, nrf51_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(nrf51_swi2_irq, nrf51_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(nrf51_swi3_irq, nrf51_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(nrf51_swi4_irq, nrf51_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(nrf51_swi5_irq, nrf51_unhandled_irq)

namespace {

// Interrupt lines no peripheral drives: if one is pended anyway, say which.
constexpr mote::cortex_m::Handler kNoPeripheral = nrf51_unhandled_irq;

}  // namespace

extern "C" [[gnu::used, gnu::section(".vectors")]] const auto nrf51_vector_table = mote::cortex_m::vector_table(
    // SysTick: the nRF51 has none (QEMU models one anyway).
    mote_default_handler,
    {
        nrf51_power_clock_irq,  // 0
        nrf51_radio_irq,        // 1
        nrf51_uart0_irq,        // 2
        nrf51_spi0_twi0_irq,    // 3
        nrf51_spi1_twi1_irq,    // 4
        kNoPeripheral,          // 5
        nrf51_gpiote_irq,       // 6
        nrf51_adc_irq,          // 7
        nrf51_timer0_irq,       // 8: the time driver (chips/nrf51/src/time_driver.cpp)
        nrf51_timer1_irq,       // 9
        nrf51_timer2_irq,       // 10
        nrf51_rtc0_irq,         // 11
        nrf51_temp_irq,         // 12
        nrf51_rng_irq,          // 13
        nrf51_ecb_irq,          // 14
        nrf51_ccm_aar_irq,      // 15
        nrf51_wdt_irq,          // 16
        nrf51_rtc1_irq,         // 17
        nrf51_qdec_irq,         // 18
        nrf51_lpcomp_irq,       // 19
        nrf51_swi0_irq,         // 20: software interrupts (for interrupt executors)
        nrf51_swi1_irq,         // 21
        nrf51_swi2_irq,         // 22
        nrf51_swi3_irq,         // 23
        nrf51_swi4_irq,         // 24
        nrf51_swi5_irq,         // 25
        kNoPeripheral, kNoPeripheral, kNoPeripheral, kNoPeripheral, kNoPeripheral, kNoPeripheral,  // 26..31
    });
// One line too many or too few would shift every vector after it.
static_assert(std::size(nrf51_vector_table.interrupts) == 32);
