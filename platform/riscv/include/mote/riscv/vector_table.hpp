// mote/riscv/vector_table.hpp: what a chip's PLIC handler table (vectors.cpp) shares: a default
// that panics naming the source, and weak handlers aliasing it.
//
//   MOTE_RISCV_DEFAULT_IRQ(chip_unhandled_irq)
//   MOTE_RISCV_WEAK_IRQ(chip_uart0_irq, chip_unhandled_irq)
//   extern "C" const mote::riscv::Handler mote_riscv_external_handlers[] = {chip_unhandled_irq, ...};
#pragma once

#include "mote/riscv.hpp"

/// Defines `fallback`, which the chip's weak handlers alias: it hands over to
/// mote_riscv_default_handler (a panic naming the source). An alias must name a function
/// defined in the same file, hence one per vectors.cpp.
#define MOTE_RISCV_DEFAULT_IRQ(fallback) \
  extern "C" void fallback() noexcept { mote_riscv_default_handler(); }

/// Declares handler `name` as a weak alias of `fallback`: a driver or the application
/// (MOTE_BIND_INTERRUPTS) overrides it by defining a function of that name.
#define MOTE_RISCV_WEAK_IRQ(name, fallback) extern "C" void name() noexcept __attribute__((weak, alias(#fallback)));
