// mote/nrf51/interrupts.hpp: the nRF51's interrupts by name, for MOTE_BIND_INTERRUPTS.
//
// Each interrupt is a tag type mote::nrf51::interrupt::<name> with its number (the NVIC's IRQn,
// which on the nRF51 is the peripheral's ID) and the name of its vector-table symbol,
// nrf51_<name>_irq (chips/nrf51/src/vectors.cpp, where each is a weak alias of the default
// handler). Binding an interrupt defines that symbol; see mote/hal/interrupts.hpp.
//
//   MOTE_BIND_INTERRUPTS(Irqs, (uart0, mote::nrf51::uart::InterruptHandler<mote::nrf51::Uart0>));
//
// timer0 is the time driver's and already has its handler: binding it is a link error.
// Line 5 and lines 26..31 have no peripheral, hence no name.
#pragma once

#include "mote/hal/interrupts.hpp"

// X(name, number): every interrupt of the chip, in vector-table order. Shared lines carry both
// peripherals' names (SPI0 and TWI0 are one block with two personalities).
#define MOTE_NRF51_INTERRUPTS(X) \
  X(power_clock, 0)              \
  X(radio, 1)                    \
  X(uart0, 2)                    \
  X(spi0_twi0, 3)                \
  X(spi1_twi1, 4)                \
  X(gpiote, 6)                   \
  X(adc, 7)                      \
  X(timer0, 8)                   \
  X(timer1, 9)                   \
  X(timer2, 10)                  \
  X(rtc0, 11)                    \
  X(temp, 12)                    \
  X(rng, 13)                     \
  X(ecb, 14)                     \
  X(ccm_aar, 15)                 \
  X(wdt, 16)                     \
  X(rtc1, 17)                    \
  X(qdec, 18)                    \
  X(lpcomp, 19)                  \
  X(swi0, 20)                    \
  X(swi1, 21)                    \
  X(swi2, 22)                    \
  X(swi3, 23)                    \
  X(swi4, 24)                    \
  X(swi5, 25)

// What MOTE_BIND_INTERRUPTS asks of the chip (mote/hal/interrupts.hpp). A misspelt name
// fails to compile as an unknown type in mote::nrf51::interrupt.
#define MOTE_CHIP_INTERRUPT_TYPE(irq) ::mote::nrf51::interrupt::irq
#define MOTE_CHIP_INTERRUPT_SYMBOL(irq) nrf51_##irq##_irq

// The tag types mote::nrf51::interrupt::<name> and the vector-table symbols (the same
// declarations as in vectors.cpp, where they are weak), from the list above.
MOTE_CHIP_INTERRUPTS(mote::nrf51, MOTE_NRF51_INTERRUPTS);
