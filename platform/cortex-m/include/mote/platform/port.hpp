// The Cortex-M port (Armv7-M; Armv6-M where noted): what the core needs from a platform.
//
// Every port provides this header with the same declarations (see platform/host): critical
// sections, a pender that wakes a sleeping executor, the time base and alarm, and how the
// program stops. Here the critical section is PRIMASK, the pender is a flag plus SEV (or, for an
// interrupt executor, a software-pended interrupt), and the thread-mode executor sleeps in WFI
// with interrupts masked (or WFE: MOTE_CORTEX_M_IDLE_WFI=0). The time
// base and alarm come from the chip's time driver (chips/<chip>), usually on top of the SysTick
// clock in mote/cortex_m/systick_clock.hpp.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

#define MOTE_PLATFORM_CORTEX_M 1
// One thread-mode context: nothing is per-thread (interrupts are not threads).
#define MOTE_THREAD_LOCAL

namespace mote::platform {

/// Saved PRIMASK of an enclosing critical section. Nesting is allowed.
using CsState = std::uint32_t;

/// Masks every configurable interrupt (PRIMASK = 1) and returns the previous mask. ISR-safe.
[[gnu::always_inline]] inline CsState cs_enter() noexcept {
  CsState primask;
  __asm volatile("mrs %0, primask\n\tcpsid i" : "=r"(primask)::"memory");
  return primask;
}

/// Restores the mask saved by the matching cs_enter: interrupts come back only when the
/// outermost critical section ends. ISR-safe.
[[gnu::always_inline]] inline void cs_exit(CsState state) noexcept { __asm volatile("msr primask, %0" ::"r"(state) : "memory"); }

/// Wakes an executor: the thread-mode one sleeping in WFI or WFE (a flag plus SEV, without losing
/// a wake-up that races with going to sleep), or an interrupt executor (mote/cortex_m/
/// interrupt_executor.hpp) by making its interrupt pending.
class Pender {
 public:
  /// Thread mode: marks work pending, then SEV sets the event register, so that a WFE already
  /// running returns, and one about to run returns at once. Interrupt executor: pends its
  /// interrupt (taken once the caller's priority and any critical section allow). ISR-safe.
  // Inlined: with WFI idle, the thread-mode case is one test (a call cost more than the pend).
  [[gnu::always_inline]] void pend() noexcept {
    if (irq_plus_1_ == 0) [[likely]] {
#if MOTE_CORTEX_M_IDLE_WFI
      // Nothing to do: the thread-mode executor looks at its run queue itself, with interrupts
      // masked, before each WFI (Executor::idle). A wake-up from thread mode is in the queue
      // before that look; one from an interrupt handler ends the WFI by being an interrupt.
#else
      pending_.store(true, std::memory_order_release);
      __asm volatile("dsb\n\tsev" ::: "memory");
#endif
    } else {
      pend_interrupt();
    }
  }
  /// Whether pend() was called since the last call; clears the mark. Thread-mode executor with
  /// WFE idle only (with WFI, pend() leaves no mark: the executor checks its queue instead).
  bool take_pending() noexcept {
#if defined(__ARM_ARCH_6M__) || defined(__ARM_ARCH_8M_BASE__)
    // No exclusive loads/stores: a plain read then clear. A pend() between them is not lost:
    // the caller polls right after seeing true, and pend() follows the push it announces.
    const bool was = pending_.load(std::memory_order_acquire);
    if (was) pending_.store(false, std::memory_order_relaxed);
    return was;
#else
    return pending_.exchange(false, std::memory_order_acq_rel);
#endif
  }

  /// Makes pend() request interrupt `irq` (0..495) instead of waking thread mode. Called once by
  /// InterruptExecutor::start before the executor has any task. Not ISR-safe.
  void use_interrupt(unsigned irq) noexcept { irq_plus_1_ = static_cast<std::uint16_t>(irq + 1); }
  /// Whether this pender requests an interrupt (it belongs to an interrupt executor). ISR-safe.
  bool uses_interrupt() const noexcept { return irq_plus_1_ != 0; }

 private:
  void pend_interrupt() const noexcept {
    const unsigned irq = irq_plus_1_ - 1u;
    // The queue push this pend announces must reach memory before the handler can run: keep
    // the compiler from sinking it below the register write (one core sees its own writes in
    // order, so no barrier instruction is needed).
    __asm volatile("" ::: "memory");
#if defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_7EM__) || defined(__ARM_ARCH_8M_MAIN__)
    // STIR (software trigger interrupt register): one store of the number. Privileged code only,
    // like every NVIC access here.
    *reinterpret_cast<volatile std::uint32_t*>(0xE000EF00) = irq;
#else
    // Armv6-M and Armv8-M Baseline have no STIR: set the bit in the set-pending register.
    *reinterpret_cast<volatile std::uint32_t*>(0xE000E200 + 4 * (irq / 32)) = 1u << (irq % 32);
#endif
  }

  std::atomic<bool> pending_{false};
  std::uint16_t irq_plus_1_ = 0;  // 0: thread mode (zero-tested: the cheapest check)
};

/// Ticks since boot (MOTE_TICK_HZ per second), from the chip's time driver. ISR-safe.
std::uint64_t time_now() noexcept;
/// Arms the chip's single alarm for `at` ticks (UINT64_MAX disarms); when it fires the driver
/// calls mote::on_alarm(). A time already past fires at once. ISR-safe.
void time_set_alarm(std::uint64_t at) noexcept;

/// mote::panic's output, streamed (no buffer for the whole message): panic_begin masks
/// interrupts for good and prints "panicked: ", panic_write prints a piece of the message,
/// panic_end ends the line, waits for the console to drain and stops with a failure status
/// (semihosting; without it a reset or halt: MOTE_STOP). ISR-safe.
#define MOTE_PANIC_STREAMS 1
void panic_begin() noexcept;
void panic_write(const char* text, std::size_t length) noexcept;
[[noreturn]] void panic_end() noexcept;
/// Waits for the console to drain, then stops with `code` (semihosting: 0 is success, any other
/// value failure, which QEMU reports as exit status 1; without semihosting: MOTE_STOP). ISR-safe.
[[noreturn]] void exit_program(int code) noexcept;

/// The main stack (thread mode and every interrupt handler) and the most of it ever used: the
/// reset handler paints it, and the painted words still intact at the bottom were never touched
/// (MOTE_STACK_GUARD builds; without it `peak_bytes` is 0). Thread mode or ISR.
struct StackUsage {
  std::size_t size_bytes;
  std::size_t peak_bytes;
};
StackUsage main_stack_usage() noexcept;

}  // namespace mote::platform
