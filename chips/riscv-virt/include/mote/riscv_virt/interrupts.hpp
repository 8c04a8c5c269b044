// mote/riscv_virt/interrupts.hpp: the virt machine's PLIC sources by name, for
// MOTE_BIND_INTERRUPTS (mote/hal/interrupts.hpp). Each is a tag type
// mote::riscv_virt::interrupt::<name> with its PLIC source number; its handler symbol is
// riscv_virt_<name>_irq, an entry of the PLIC handler table (chips/riscv-virt/src/vectors.cpp).
//
//   MOTE_BIND_INTERRUPTS(Irqs, (uart0, mote::riscv_virt::uart::InterruptHandler<mote::riscv_virt::Uart0>));
#pragma once

#include "mote/hal/interrupts.hpp"
#include "mote/riscv_virt/interrupt_list.hpp"

#define MOTE_CHIP_INTERRUPT_TYPE(irq) ::mote::riscv_virt::interrupt::irq
#define MOTE_CHIP_INTERRUPT_SYMBOL(irq) riscv_virt_##irq##_irq

MOTE_CHIP_INTERRUPTS(mote::riscv_virt, MOTE_RISCV_VIRT_INTERRUPTS);
