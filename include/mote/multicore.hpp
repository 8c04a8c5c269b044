// mote/multicore.hpp: more than one core, one executor per core (mps2-an521: two Cortex-M33).
//
//   void core1_main(mote::Spawner spawner) {          // runs on core 1, before its executor
//     spawner.must_spawn(pong(&g_ping, &g_pong));
//   }
//   MOTE_MAIN(spawner) {                              // core 0, as on every board
//     mote::start_core1(core1_main);
//     spawner.must_spawn(ping(&g_ping, &g_pong));
//     co_return;
//   }
//
// Each core runs its own thread-mode mote::Executor with its own Spawner and its own stack.
// A task belongs to the executor that spawned it and only ever runs on that executor's core;
// a Waker may be woken from any core (and from any core's interrupts): waking a task of another
// core links it into that core's run queue and rings that core's doorbell interrupt (the
// SSE-200's MHU), which ends its WFI. Channels, signals and the other sync primitives work
// across cores with their default CriticalSectionRawMutex (on a multicore build a critical
// section masks this core's interrupts *and* holds a cross-core spinlock), or with
// mote::SpinlockRawMutex below, which keeps a primitive's own state under its own lock.
//
// Only boards with MOTE_MULTICORE (set by their board.cmake) have start_core1; on every other
// board nothing in this header costs anything, and calling start_core1 is a link error.
// docs/guide.md (Two cores) and docs/architecture.md (Multicore) say how it works and what it
// costs; docs/drivers/mps2-an521.md what QEMU models.
#pragma once

#include <atomic>
#include <cstdint>

#include <mote/platform/port.hpp>

#include "mote/critical_section.hpp"
#include "mote/executor.hpp"

namespace mote {

/// Starts core 1: it gets its own main stack (MOTE_CORE1_STACK_BYTES, the board's linker
/// script), its own thread-local block (the task running there), its doorbell interrupt, and a
/// thread-mode Executor of its own; `main(spawner)` then runs on core 1 with that executor's
/// Spawner (spawn core 1's first tasks there), and the executor runs forever. Call once, from
/// core 0 (a second call or a call from core 1 panics). Returns as soon as core 1 is released;
/// core 1's Spawner is available from core1_spawner() once main has been entered. Not ISR-safe.
void start_core1(void (*main)(Spawner spawner)) noexcept;

/// Core 1's executor's Spawner, for spawning tasks onto core 1 from core 0 (the task runs on
/// core 1; one spawned before start_core1 runs once core 1 is started). ISR-safe (the spawn
/// itself is not).
Spawner core1_spawner() noexcept;

/// The number of the core running the caller (0 boots; 1 is started by start_core1); 0 on a
/// single-core board. ISR-safe.
inline std::uint32_t this_core() noexcept {
#if MOTE_MULTICORE
  return platform::core_id();
#else
  return 0;
#endif
}

/// Raw-mutex policy for sync primitives shared between cores (and interrupts): a spinlock on an
/// exclusive-monitor word of the primitive's own (LDREX/STREX; WFE while another core holds it,
/// SEV on release), taken with this core's interrupts masked, so that neither an interrupt on
/// this core nor the other core can see the primitive half-changed.
///
///   mote::Channel<std::uint32_t, 8, mote::SpinlockRawMutex> g_to_core1;
///
/// Unlike CriticalSectionRawMutex it does not hold the cross-core critical section while the
/// primitive's own state changes (a message copied into a channel): the other core's critical
/// sections (its wake-ups, timers, spawns) run meanwhile. The wake-ups it makes take the
/// critical section themselves (excludes_interrupts is false: WaitQueue then uses the plain
/// wake). Lock order: this lock first, then the critical section, never the reverse: do not use
/// a SpinlockRawMutex primitive inside a critical_section(). On single-core builds it is a
/// correct (if needless) spinlock too; not on Armv6-M (no exclusive loads/stores: a compile
/// error says so). lock() is ISR-safe; it does not nest (locking the same
/// primitive again inside lock() deadlocks, as with any spinlock).
class SpinlockRawMutex {
 public:
  static constexpr bool excludes_interrupts = false;

  template <class F>
  decltype(auto) lock(F&& f) const {
#if defined(__ARM_ARCH_6M__) || defined(__ARM_ARCH_8M_BASE__)
    static_assert(sizeof(F) == 0, "mote: SpinlockRawMutex needs exclusive loads/stores (LDREX/STREX), which Armv6-M "
                                  "and Armv8-M Baseline lack; use CriticalSectionRawMutex there");
#endif
    Guard guard(word_);
    return std::forward<F>(f)();
  }

 private:
  struct Guard {
    explicit Guard(std::atomic<std::uint32_t>& word) noexcept : word_(word) {
#if defined(MOTE_PLATFORM_CORTEX_M)
      __asm volatile("mrs %0, primask\n\tcpsid i" : "=r"(primask_)::"memory");
#endif
      // exchange is LDREX/STREX on Armv7-M/Armv8-M mainline; acquire: the primitive's state is
      // read after the lock is ours.
      while (word_.exchange(1, std::memory_order_acquire) != 0) {
#if defined(MOTE_PLATFORM_CORTEX_M)
        __asm volatile("wfe" ::: "memory");  // the holder's SEV ends it (QEMU: yields the core)
#endif
      }
    }
    ~Guard() {
      word_.store(0, std::memory_order_release);
#if defined(MOTE_PLATFORM_CORTEX_M)
      __asm volatile("dsb\n\tsev\n\tmsr primask, %0" ::"r"(primask_) : "memory");
#endif
    }
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;
    std::atomic<std::uint32_t>& word_;
#if defined(MOTE_PLATFORM_CORTEX_M)
    std::uint32_t primask_;
#endif
  };
  mutable std::atomic<std::uint32_t> word_{0};
};

}  // namespace mote
