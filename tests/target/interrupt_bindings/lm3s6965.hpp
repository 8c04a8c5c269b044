// The LM3S6965 part of tests/target/interrupt_bindings.cpp, included by it at namespace scope
// after Probe and SecondHandler: every interrupt that is free (all but timer0a, the time driver's
// alarm). gpio_a's group has two handlers. This checks the chip's interrupt names and numbers
// (mote/lm3s6965/interrupts.hpp) against the real vector table.
#pragma once

#include <mote/lm3s6965/interrupts.hpp>

namespace irq = mote::lm3s6965::interrupt;
namespace mote_test {
using ReservedIrq = irq::timer0a;  // the time driver's: neither bound nor pended
using SecondIrq = irq::gpio_a;  // bound with two handlers (kSecondName)
inline constexpr unsigned kFreeInterrupts = 37;
inline constexpr const char* kSecondName = "gpio_a";
}  // namespace mote_test
#define MOTE_TEST_CHIP_INTERRUPTS MOTE_LM3S6965_INTERRUPTS

MOTE_BIND_INTERRUPTS(Irqs,
    (gpio_a, Probe<irq::gpio_a>, SecondHandler<irq::gpio_a>), (gpio_b, Probe<irq::gpio_b>), (gpio_c, Probe<irq::gpio_c>),
    (gpio_d, Probe<irq::gpio_d>), (gpio_e, Probe<irq::gpio_e>), (uart0, Probe<irq::uart0>),
    (uart1, Probe<irq::uart1>), (ssi0, Probe<irq::ssi0>), (i2c0, Probe<irq::i2c0>),
    (pwm_fault, Probe<irq::pwm_fault>), (pwm0, Probe<irq::pwm0>), (pwm1, Probe<irq::pwm1>),
    (pwm2, Probe<irq::pwm2>), (qei0, Probe<irq::qei0>), (adc0_seq0, Probe<irq::adc0_seq0>),
    (adc0_seq1, Probe<irq::adc0_seq1>), (adc0_seq2, Probe<irq::adc0_seq2>), (adc0_seq3, Probe<irq::adc0_seq3>),
    (watchdog, Probe<irq::watchdog>), (timer0b, Probe<irq::timer0b>), (timer1a, Probe<irq::timer1a>),
    (timer1b, Probe<irq::timer1b>), (timer2a, Probe<irq::timer2a>), (timer2b, Probe<irq::timer2b>),
    (comp0, Probe<irq::comp0>), (comp1, Probe<irq::comp1>), (sysctl, Probe<irq::sysctl>),
    (flash, Probe<irq::flash>), (gpio_f, Probe<irq::gpio_f>), (gpio_g, Probe<irq::gpio_g>),
    (uart2, Probe<irq::uart2>), (timer3a, Probe<irq::timer3a>), (timer3b, Probe<irq::timer3b>),
    (i2c1, Probe<irq::i2c1>), (qei1, Probe<irq::qei1>), (ethernet, Probe<irq::ethernet>),
    (hibernate, Probe<irq::hibernate>));

static_assert(mote::hal::Binds<Irqs, irq::uart1, Probe<irq::uart1>>);
static_assert(mote::hal::Binds<Irqs, irq::gpio_a, SecondHandler<irq::gpio_a>>);
static_assert(!mote::hal::Binds<Irqs, irq::timer0a, Probe<irq::timer0a>>);
static_assert(!mote::hal::Binds<Irqs, irq::uart0, Probe<irq::uart1>>);
static_assert(!mote::hal::Binds<int, irq::uart0, Probe<irq::uart0>>);
