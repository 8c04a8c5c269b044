// mote/lm3s6965/interrupts.hpp: the LM3S6965's interrupts by name, for MOTE_BIND_INTERRUPTS.
//
// Each interrupt is a tag type mote::lm3s6965::interrupt::<name> with its number (the NVIC's
// IRQn, from the data sheet's interrupt table) and the name of its vector-table symbol,
// lm3s6965_<name>_irq (chips/lm3s6965/src/vectors.cpp, where each is a weak alias of the default
// handler). Binding an interrupt defines that symbol; see mote/hal/interrupts.hpp.
//
//   MOTE_BIND_INTERRUPTS(Irqs, (uart0, mote::lm3s6965::uart::InterruptHandler<mote::lm3s6965::Uart0>));
//
// timer0a is the time driver's alarm and already has its handler: binding it is a link error.
#pragma once

#include "mote/hal/interrupts.hpp"

// X(name, number): every interrupt of the chip, in vector-table order (the numbers that are
// missing are reserved). target.interrupt_vectors checks each against the vector table.
#define MOTE_LM3S6965_INTERRUPTS(X) \
  X(gpio_a, 0)                      \
  X(gpio_b, 1)                      \
  X(gpio_c, 2)                      \
  X(gpio_d, 3)                      \
  X(gpio_e, 4)                      \
  X(uart0, 5)                       \
  X(uart1, 6)                       \
  X(ssi0, 7)                        \
  X(i2c0, 8)                        \
  X(pwm_fault, 9)                   \
  X(pwm0, 10)                       \
  X(pwm1, 11)                       \
  X(pwm2, 12)                       \
  X(qei0, 13)                       \
  X(adc0_seq0, 14)                  \
  X(adc0_seq1, 15)                  \
  X(adc0_seq2, 16)                  \
  X(adc0_seq3, 17)                  \
  X(watchdog, 18)                   \
  X(timer0a, 19)                    \
  X(timer0b, 20)                    \
  X(timer1a, 21)                    \
  X(timer1b, 22)                    \
  X(timer2a, 23)                    \
  X(timer2b, 24)                    \
  X(comp0, 25)                      \
  X(comp1, 26)                      \
  X(sysctl, 28)                     \
  X(flash, 29)                      \
  X(gpio_f, 30)                     \
  X(gpio_g, 31)                     \
  X(uart2, 33)                      \
  X(timer3a, 35)                    \
  X(timer3b, 36)                    \
  X(i2c1, 37)                       \
  X(qei1, 38)                       \
  X(ethernet, 42)                   \
  X(hibernate, 43)

// What MOTE_BIND_INTERRUPTS asks of the chip (mote/hal/interrupts.hpp). A misspelt name
// fails to compile as an unknown type in mote::lm3s6965::interrupt.
#define MOTE_CHIP_INTERRUPT_TYPE(irq) ::mote::lm3s6965::interrupt::irq
#define MOTE_CHIP_INTERRUPT_SYMBOL(irq) lm3s6965_##irq##_irq

// The tag types mote::lm3s6965::interrupt::<name> and the vector-table symbols (the same
// declarations as in vectors.cpp, where they are weak), from the list above.
MOTE_CHIP_INTERRUPTS(mote::lm3s6965, MOTE_LM3S6965_INTERRUPTS);
