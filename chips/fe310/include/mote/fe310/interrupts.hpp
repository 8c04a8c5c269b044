// mote/fe310/interrupts.hpp: the FE310's PLIC sources by name, for MOTE_BIND_INTERRUPTS
// (mote/hal/interrupts.hpp). Each is a tag type mote::fe310::interrupt::<name> with its PLIC
// source number; its handler symbol is fe310_<name>_irq, an entry of the PLIC handler table
// (chips/fe310/src/vectors.cpp).
//
//   MOTE_BIND_INTERRUPTS(Irqs, (uart0, mote::fe310::uart::InterruptHandler<mote::fe310::Uart0>));
#pragma once

#include "mote/fe310/interrupt_list.hpp"
#include "mote/hal/interrupts.hpp"

#define MOTE_CHIP_INTERRUPT_TYPE(irq) ::mote::fe310::interrupt::irq
#define MOTE_CHIP_INTERRUPT_SYMBOL(irq) fe310_##irq##_irq

MOTE_CHIP_INTERRUPTS(mote::fe310, MOTE_FE310_INTERRUPTS);
