// The host (Linux) port: what the core needs from a platform, implemented with threads.
//
// Every port provides this header with the same declarations (see docs/porting.md):
// critical sections, a pender that wakes a sleeping executor, the time base and alarm,
// and how the program stops. On the host another thread stands in for an interrupt.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>

#define MOTE_PLATFORM_HOST 1
// Per-thread on the host: several executors may run on several threads.
#define MOTE_THREAD_LOCAL thread_local

namespace mote::platform {

/// Saved state of an enclosing critical section. Nesting is allowed.
using CsState = std::uint32_t;
/// Enters the critical section (a process-wide recursive lock on the host). ISR-safe.
CsState cs_enter() noexcept;
/// Leaves the critical section entered by the matching cs_enter. ISR-safe.
void cs_exit(CsState state) noexcept;

/// Wakes a sleeping executor without losing a wake-up that races with going to sleep.
class Pender {
 public:
  /// Marks work pending and wakes the sleeper if there is one. Safe from any thread.
  void pend() noexcept;
  /// Sleeps until pend() was called (since the last sleep) or `deadline_ticks` passes
  /// (UINT64_MAX: no deadline). Only the executor's own thread calls this.
  void sleep_until(std::uint64_t deadline_ticks) noexcept;
  /// Whether pend() was called since the last sleep or take_pending(); clears the mark.
  bool take_pending() noexcept { return pending_.exchange(false, std::memory_order_seq_cst); }

 private:
  std::atomic<bool> pending_{false};
  std::atomic<bool> sleeping_{false};
  std::mutex mutex_;
  std::condition_variable cv_;
};

/// Ticks since start (MOTE_TICK_HZ per second). ISR-safe.
std::uint64_t time_now() noexcept;
/// Arms the single alarm for `at` ticks (UINT64_MAX disarms). On the host the executor's
/// idle loop is the alarm, so this only records it. ISR-safe.
void time_set_alarm(std::uint64_t at) noexcept;

/// Prints the message and stops with a non-zero status. ISR-safe.
[[noreturn]] void panic_stop(const char* message) noexcept;
/// Ends the program with `code`. ISR-safe.
[[noreturn]] void exit_program(int code) noexcept;

}  // namespace mote::platform
