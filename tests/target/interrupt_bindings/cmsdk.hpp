// The MPS2 AN385/AN386 (CMSDK) part of tests/target/interrupt_bindings.cpp, included by it at
// namespace scope after Probe and SecondHandler: every interrupt that is free (all but dualtimer,
// the time driver's). uart0_rx's group has two handlers. This checks the chip's interrupt names
// and numbers (mote/cmsdk/interrupts.hpp) against the real vector table.
#pragma once

#include <mote/cmsdk/interrupts.hpp>

namespace irq = mote::cmsdk::interrupt;
namespace mote_test {
using ReservedIrq = irq::dualtimer;  // the time driver's: neither bound nor pended
using SecondIrq = irq::uart0_rx;  // bound with two handlers (kSecondName)
inline constexpr unsigned kFreeInterrupts = 31;
inline constexpr const char* kSecondName = "uart0_rx";
}  // namespace mote_test
#define MOTE_TEST_CHIP_INTERRUPTS MOTE_CMSDK_INTERRUPTS

MOTE_BIND_INTERRUPTS(Irqs,
    (uart0_rx, Probe<irq::uart0_rx>, SecondHandler<irq::uart0_rx>), (uart0_tx, Probe<irq::uart0_tx>),
    (uart1_rx, Probe<irq::uart1_rx>), (uart1_tx, Probe<irq::uart1_tx>), (uart2_rx, Probe<irq::uart2_rx>),
    (uart2_tx, Probe<irq::uart2_tx>), (gpio0, Probe<irq::gpio0>), (gpio1, Probe<irq::gpio1>),
    (timer0, Probe<irq::timer0>), (timer1, Probe<irq::timer1>), (spi, Probe<irq::spi>),
    (uart_overflow, Probe<irq::uart_overflow>), (ethernet, Probe<irq::ethernet>), (i2s, Probe<irq::i2s>),
    (irq15, Probe<irq::irq15>), (irq16, Probe<irq::irq16>), (irq17, Probe<irq::irq17>),
    (uart3_rx, Probe<irq::uart3_rx>), (uart3_tx, Probe<irq::uart3_tx>), (uart4_rx, Probe<irq::uart4_rx>),
    (uart4_tx, Probe<irq::uart4_tx>), (adc_spi, Probe<irq::adc_spi>), (irq23, Probe<irq::irq23>),
    (shield_spi, Probe<irq::shield_spi>), (irq25, Probe<irq::irq25>), (irq26, Probe<irq::irq26>),
    (irq27, Probe<irq::irq27>), (irq28, Probe<irq::irq28>), (irq29, Probe<irq::irq29>),
    (irq30, Probe<irq::irq30>), (irq31, Probe<irq::irq31>));

static_assert(mote::hal::Binds<Irqs, irq::uart1_rx, Probe<irq::uart1_rx>>);
static_assert(mote::hal::Binds<Irqs, irq::uart0_rx, SecondHandler<irq::uart0_rx>>);
static_assert(!mote::hal::Binds<Irqs, irq::dualtimer, Probe<irq::dualtimer>>);
static_assert(!mote::hal::Binds<Irqs, irq::uart0_rx, Probe<irq::uart0_tx>>);
static_assert(!mote::hal::Binds<int, irq::uart0_rx, Probe<irq::uart0_rx>>);
