// The WebAssembly port (wasm32-wasi, run by node or a browser): what the core needs from a
// platform. See docs/boards/wasm32.md.
//
// Every port provides this header with the same declarations (see platform/host). Here the
// program lives inside the JavaScript event loop: a wake-up asks JS for a poll (a microtask), the
// alarm is a setTimeout, the clock is performance.now(). Nothing ever busy-waits or blocks the JS
// thread, except an executor that a command program (a unit test) runs with run()/block_on.
//
// "ISR-safe" below means: may be called from a JS callback (an imported function's caller, a
// timer, an input event). wasm is single-threaded and JS never preempts running wasm code (a
// callback runs only when wasm has returned to the event loop, or when wasm itself calls into
// JS), so JS callbacks are this platform's interrupts, and they can never interrupt a critical
// section.
#pragma once

#include <atomic>
#include <cstdint>

#define MOTE_PLATFORM_WASM 1
// One thread: nothing is per-thread.
#define MOTE_THREAD_LOCAL

namespace mote::platform {

/// Unused state of a critical section (there is nothing to save). Nesting is allowed.
using CsState = std::uint32_t;
/// Enters a critical section: a no-op, and correct: the module runs on one thread (built without
/// the threads feature, no shared memory) and JS runs to completion, so nothing can preempt the
/// code inside. ISR-safe.
inline CsState cs_enter() noexcept {
  std::atomic_signal_fence(std::memory_order_seq_cst);  // keeps the compiler's order, costs nothing
  return 0;
}
/// Leaves the critical section entered by the matching cs_enter. ISR-safe.
inline void cs_exit(CsState) noexcept { std::atomic_signal_fence(std::memory_order_seq_cst); }

/// Wakes an executor. The executor that mote_start() runs in the JS event loop asks JS for a
/// poll (once until it happens); any other executor (a command program's run() or block_on)
/// only records the wake-up for its own loop.
class Pender {
 public:
  /// Marks work pending and, for the event-loop executor, schedules a poll. ISR-safe.
  void pend() noexcept;
  /// Whether pend() was called since the last call; clears the mark. Executor context only.
  bool take_pending() noexcept {
    const bool was = pending_;
    pending_ = false;
    return was;
  }
  /// Makes this the executor the JS event loop polls (mote_start does this). Not ISR-safe.
  void use_event_loop() noexcept { event_loop_ = true; }
  /// Whether this executor is polled from the JS event loop. ISR-safe.
  bool uses_event_loop() const noexcept { return event_loop_; }

 private:
  bool pending_ = false;
  bool event_loop_ = false;
};

/// Ticks since start (MOTE_TICK_HZ per second), from JS performance.now(). ISR-safe.
std::uint64_t time_now() noexcept;
/// Arms the single alarm (a JS setTimeout) for `at` ticks; UINT64_MAX disarms. When it fires JS
/// calls mote_on_alarm(), which calls mote::on_alarm(). In a command program (no event loop) the
/// executor's idle() is the alarm instead. ISR-safe.
void time_set_alarm(std::uint64_t at) noexcept;

/// Prints "panicked: <message>" on stdout (the console) and exits with status 101 (proc_exit).
/// ISR-safe.
[[noreturn]] void panic_stop(const char* message) noexcept;
/// Flushes stdout and stderr, then ends the program with `code` (proc_exit, which the JS side
/// turns into the end of the run). ISR-safe.
[[noreturn]] void exit_program(int code) noexcept;

}  // namespace mote::platform
