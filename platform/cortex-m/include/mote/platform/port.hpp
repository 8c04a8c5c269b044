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

// MOTE_MULTICORE=<n> (set by a board with n cores, e.g. mps2-an521: 2; mote/multicore.hpp):
// each core runs its own executor, and everything below becomes per core or cross-core. Unset
// (0) on every single-core board: nothing here changes there, not one instruction.
#ifndef MOTE_MULTICORE
#define MOTE_MULTICORE 0
#endif

#if MOTE_MULTICORE
// The task running "here" is per core: thread-local storage, one block per core, found by
// __aeabi_read_tp from the core's number (platform/cortex-m/src/multicore.cpp).
#define MOTE_THREAD_LOCAL thread_local
#else
// One thread-mode context: nothing is per-thread (interrupts are not threads).
#define MOTE_THREAD_LOCAL
#endif

namespace mote::platform {

#if MOTE_MULTICORE
/// This core's number (0 boots, 1.. are started by mote::start_core1): the subsystem's CPU
/// identity register, whose address the board gives (MOTE_CORTEX_M_CPUID_ADDRESS). ISR-safe.
[[gnu::always_inline]] inline std::uint32_t core_id() noexcept {
  return *reinterpret_cast<const volatile std::uint32_t*>(MOTE_CORTEX_M_CPUID_ADDRESS);
}
/// Makes core `core`'s doorbell interrupt pending (the chip's: the SSE-200's MHU), so that it
/// leaves WFI and looks at its run queue. Any core, ISR-safe.
void ring_core(std::uint32_t core) noexcept;

namespace detail {
/// The cross-core lock behind every critical section: 0 free, else the owner's core number + 1
/// (platform/cortex-m/src/multicore.cpp). Only its owner writes it other than by LDREX/STREX.
extern volatile std::uint32_t g_cs_lock;
inline constexpr std::uint32_t kCsNested = 2;  // CsState bit: this core already held the lock
/// Takes g_cs_lock for core `me` + 1 (LDREX/STREX; WFE while another core holds it, which the
/// holder's SEV ends; under QEMU a WFE yields to the other core). Interrupts masked.
[[gnu::always_inline]] inline void cs_lock(std::uint32_t owner) noexcept {
  std::uint32_t seen, failed;
  __asm volatile(
      "1:\n\t"
      "ldrex %0, [%2]\n\t"
      "cmp %0, #0\n\t"
      "beq 2f\n\t"
      "wfe\n\t"
      "b 1b\n"
      "2:\n\t"
      "strex %1, %3, [%2]\n\t"
      "cmp %1, #0\n\t"
      "bne 1b\n\t"
      "dmb"
      : "=&r"(seen), "=&r"(failed)
      : "r"(&g_cs_lock), "r"(owner)
      : "memory", "cc");
}
/// Frees g_cs_lock (its owner only): the protected writes first (DMB), then the free word, then
/// SEV for a core waiting in cs_lock's WFE.
[[gnu::always_inline]] inline void cs_unlock() noexcept {
  __asm volatile("dmb\n\tstr %1, [%0]\n\tdsb\n\tsev" ::"r"(&g_cs_lock), "r"(0u) : "memory");
}
}  // namespace detail
#endif

/// Saved PRIMASK of an enclosing critical section. Nesting is allowed. (Multicore: also whether
/// this core already held the cross-core lock.)
using CsState = std::uint32_t;

/// Masks every configurable interrupt (PRIMASK = 1) and returns the previous mask. ISR-safe.
/// Multicore builds: also takes the cross-core lock (unless this core holds it already), so a
/// critical section excludes the other cores too: the run queues, timer queue, task pools and
/// every CriticalSectionRawMutex primitive are then safe across cores, unchanged.
[[gnu::always_inline]] inline CsState cs_enter() noexcept {
  CsState primask;
  __asm volatile("mrs %0, primask\n\tcpsid i" : "=r"(primask)::"memory");
#if MOTE_MULTICORE
  const std::uint32_t owner = core_id() + 1;
  if (detail::g_cs_lock == owner) return primask | detail::kCsNested;  // only this core writes `owner`
  detail::cs_lock(owner);
#endif
  return primask;
}

/// Restores the mask saved by the matching cs_enter: interrupts come back only when the
/// outermost critical section ends. ISR-safe.
[[gnu::always_inline]] inline void cs_exit(CsState state) noexcept {
#if MOTE_MULTICORE
  if ((state & detail::kCsNested) == 0) detail::cs_unlock();
  state &= 1u;
#endif
  __asm volatile("msr primask, %0" ::"r"(state) : "memory");
}

/// Waits for an interrupt inside the outermost critical section (the executors' sleep): DSB,
/// WFI. A pending interrupt ends it even though PRIMASK masks it; its handler runs when the
/// critical section ends. Multicore: the cross-core lock is freed for the WFI and taken again
/// after, so the other core can queue a task meanwhile; it then rings this core's doorbell (an
/// interrupt), which ends the WFI or makes it return at once: no wake-up is lost.
[[gnu::always_inline]] inline void wait_for_interrupt_in_cs() noexcept {
#if MOTE_MULTICORE
  detail::cs_unlock();
  __asm volatile("dsb\n\twfi" ::: "memory");
  detail::cs_lock(core_id() + 1);
#else
  __asm volatile("dsb\n\twfi" ::: "memory");
#endif
}

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
#if MOTE_MULTICORE
      // Another core's executor (a cross-core wake): the push is in its run queue (under the
      // cross-core lock); its doorbell interrupt ends its WFI.
      if (core_ != core_id()) ring_core(core_);
#elif MOTE_CORTEX_M_IDLE_WFI
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

#if MOTE_MULTICORE
  /// The core whose thread-mode executor this pender wakes (0 unless mote::start_core1 set it
  /// before the executor had a task). Not ISR-safe.
  void set_core(std::uint32_t core) noexcept { core_ = static_cast<std::uint8_t>(core); }
#endif

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
#if MOTE_MULTICORE
  std::uint8_t core_ = 0;
#endif
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
