// The nRF51 part of tests/target/interrupt_bindings.cpp, included by it at namespace scope after
// Probe and SecondHandler: every interrupt that is free (all but timer0, the time driver's).
// gpiote's group has two handlers. This checks the chip's interrupt names and numbers
// (mote/nrf51/interrupts.hpp) against the real vector table.
#pragma once

#include <mote/nrf51/interrupts.hpp>

namespace irq = mote::nrf51::interrupt;
namespace mote_test {
using ReservedIrq = irq::timer0;  // the time driver's: neither bound nor pended
using SecondIrq = irq::gpiote;  // bound with two handlers (kSecondName)
inline constexpr unsigned kFreeInterrupts = 24;
inline constexpr const char* kSecondName = "gpiote";
}  // namespace mote_test
#define MOTE_TEST_CHIP_INTERRUPTS MOTE_NRF51_INTERRUPTS

MOTE_BIND_INTERRUPTS(Irqs,
    (power_clock, Probe<irq::power_clock>), (radio, Probe<irq::radio>), (uart0, Probe<irq::uart0>),
    (spi0_twi0, Probe<irq::spi0_twi0>), (spi1_twi1, Probe<irq::spi1_twi1>),
    (gpiote, Probe<irq::gpiote>, SecondHandler<irq::gpiote>), (adc, Probe<irq::adc>), (timer1, Probe<irq::timer1>),
    (timer2, Probe<irq::timer2>), (rtc0, Probe<irq::rtc0>), (temp, Probe<irq::temp>), (rng, Probe<irq::rng>),
    (ecb, Probe<irq::ecb>), (ccm_aar, Probe<irq::ccm_aar>), (wdt, Probe<irq::wdt>), (rtc1, Probe<irq::rtc1>),
    (qdec, Probe<irq::qdec>), (lpcomp, Probe<irq::lpcomp>), (swi0, Probe<irq::swi0>), (swi1, Probe<irq::swi1>),
    (swi2, Probe<irq::swi2>), (swi3, Probe<irq::swi3>), (swi4, Probe<irq::swi4>), (swi5, Probe<irq::swi5>));

static_assert(mote::hal::Binds<Irqs, irq::uart0, Probe<irq::uart0>>);
static_assert(mote::hal::Binds<Irqs, irq::gpiote, SecondHandler<irq::gpiote>>);
static_assert(!mote::hal::Binds<Irqs, irq::timer0, Probe<irq::timer0>>);
static_assert(!mote::hal::Binds<Irqs, irq::uart0, Probe<irq::rng>>);
