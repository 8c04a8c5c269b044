// mote/riscv/soft_irq.hpp: software interrupts with priority levels, on the CLINT's one
// machine software interrupt (MSIP).
//
// A RISC-V hart without the CLIC has three machine interrupts (software, timer, external) and no
// priorities among them, and the PLIC's pending bits cannot be set by software. So the port
// keeps a small interrupt controller in software, for the interrupt executors and for tests:
// kCount software interrupts, each with a level 1..kLevels-1 (1 most urgent, like the Cortex-M
// levels; level 0 is the hardware handlers': the timer's runs masked, and the PLIC's mask the
// software interrupt while they run, so every hardware handler is more urgent than any software
// interrupt), an enable bit and a pending bit. set_pending() marks the
// interrupt and raises MSIP; the MSIP trap runs every pending, enabled interrupt whose level is
// more urgent than the one running (thread mode counts as kLevels), most urgent first, each with
// interrupts enabled: the timer, the PLIC and more urgent software interrupts preempt it, less
// urgent ones wait until it returns.
//
// Handlers are extern "C" functions mote_riscv_soft_irq0 .. mote_riscv_soft_irq7: weak defaults
// panic naming the interrupt; defining one (MOTE_INTERRUPT_EXECUTOR_HANDLER, or a plain
// function) overrides it.
#pragma once

#include <cstdint>

namespace mote::riscv::soft_irq {

inline constexpr unsigned kCount = 8;   // software interrupts 0..7
inline constexpr unsigned kLevels = 8;  // levels 0..7; 0 is the hardware handlers'

/// Makes `irq` pending; it runs once enabled and more urgent than what runs now. ISR-safe.
void set_pending(unsigned irq) noexcept;
/// Withdraws a pending request of `irq`. ISR-safe.
void clear_pending(unsigned irq) noexcept;
/// Lets `irq` run when pending (and turns the hart's software interrupt on). ISR-safe.
void enable(unsigned irq) noexcept;
/// Stops `irq` from running (a pending request stays pending). ISR-safe.
void disable(unsigned irq) noexcept;
/// Gives `irq` level `level` (1 .. kLevels - 1; 1 most urgent). Panics on another level or irq.
/// ISR-safe.
void set_level(unsigned irq, unsigned level) noexcept;
/// The level of `irq` (default: kLevels - 1, the least urgent). ISR-safe.
unsigned level(unsigned irq) noexcept;
/// The software interrupt whose handler runs now (the innermost), or -1. ISR-safe.
int current() noexcept;

/// The MSIP trap's work. Called only by the port's trap handler, interrupts masked.
void dispatch() noexcept;

}  // namespace mote::riscv::soft_irq
