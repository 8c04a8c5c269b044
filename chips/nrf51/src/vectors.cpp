// The nRF51 vector table: the Cortex-M0 exceptions, then the chip's 32 interrupt lines
// (numbers = peripheral IDs, from the Reference Manual's instantiation table). Placed at
// address 0 by the linker script (a Cortex-M0 has no VTOR: the table is always at 0).
//
// Every interrupt has a weak default (ending in mote_default_handler, which panics naming the
// interrupt); a driver or the application overrides one by defining a function of that name.
// This file is linked into every firmware as an object (not from the library), so the table
// and the handlers it names are always kept.
#include <cstdint>

#include "mote/cortex_m.hpp"

// An alias must name a function of the same file: this one hands over to the port's default.
extern "C" void nrf51_unhandled_irq() noexcept { mote_default_handler(); }

#define MOTE_NRF51_IRQ(name) extern "C" void name() noexcept __attribute__((weak, alias("nrf51_unhandled_irq")));
MOTE_NRF51_IRQ(nrf51_power_clock_irq)
MOTE_NRF51_IRQ(nrf51_radio_irq)
MOTE_NRF51_IRQ(nrf51_uart0_irq)
MOTE_NRF51_IRQ(nrf51_spi0_twi0_irq)
MOTE_NRF51_IRQ(nrf51_spi1_twi1_irq)
MOTE_NRF51_IRQ(nrf51_gpiote_irq)
MOTE_NRF51_IRQ(nrf51_adc_irq)
MOTE_NRF51_IRQ(nrf51_timer0_irq)
MOTE_NRF51_IRQ(nrf51_timer1_irq)
MOTE_NRF51_IRQ(nrf51_timer2_irq)
MOTE_NRF51_IRQ(nrf51_rtc0_irq)
MOTE_NRF51_IRQ(nrf51_temp_irq)
MOTE_NRF51_IRQ(nrf51_rng_irq)
MOTE_NRF51_IRQ(nrf51_ecb_irq)
MOTE_NRF51_IRQ(nrf51_ccm_aar_irq)
MOTE_NRF51_IRQ(nrf51_wdt_irq)
MOTE_NRF51_IRQ(nrf51_rtc1_irq)
MOTE_NRF51_IRQ(nrf51_qdec_irq)
MOTE_NRF51_IRQ(nrf51_lpcomp_irq)
MOTE_NRF51_IRQ(nrf51_swi0_irq)
MOTE_NRF51_IRQ(nrf51_swi1_irq)
MOTE_NRF51_IRQ(nrf51_swi2_irq)
MOTE_NRF51_IRQ(nrf51_swi3_irq)
MOTE_NRF51_IRQ(nrf51_swi4_irq)
MOTE_NRF51_IRQ(nrf51_swi5_irq)
#undef MOTE_NRF51_IRQ

namespace {

using Handler = void (*)() noexcept;

// Word 0 is the initial main stack pointer, not a handler: a struct keeps the table a constant.
struct VectorTable {
  std::uint32_t* initial_sp;
  Handler exceptions[15];
  Handler interrupts[32];
};

constexpr Handler kReserved = nullptr;
// Interrupt lines no peripheral drives: if one is pended anyway, say which.
constexpr Handler kNoPeripheral = nrf51_unhandled_irq;

}  // namespace

extern "C" [[gnu::used, gnu::section(".vectors")]] const VectorTable nrf51_vector_table = {
    __stack_top,
    {
        mote_reset_handler,      // 1 Reset
        mote_default_handler,    // 2 NMI
        mote_hardfault_handler,  // 3 HardFault (Armv6-M has no other fault exceptions)
        kReserved, kReserved, kReserved, kReserved, kReserved, kReserved, kReserved,
        mote_default_handler,    // 11 SVCall
        kReserved, kReserved,
        mote_default_handler,    // 14 PendSV
        mote_default_handler,    // 15 SysTick: the nRF51 has none (QEMU models one anyway)
    },
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
    },
};
