// mote/waker.hpp: the task header and the Waker that points at it.
//
// A task's header lives at the start of its coroutine promise. A Waker is nothing but a
// pointer to it: copying one is free, waking is O(1) and safe from an interrupt, and waking a
// task that has finished does nothing.
#pragma once

#include <atomic>
#include <cstdint>

#include <mote/platform/port.hpp>

#include "mote/config.hpp"

namespace mote {

class Executor;
class Waker;

// How the run queue and the task state are kept consistent between an executor, interrupts and
// other threads. Lock-free (compare-and-swap) only where other threads may wake tasks (the
// host). On firmware (one core, interrupts the only concurrency) a critical section is cheaper
// than a CAS loop with its barriers, covers the state change and the queue link together, and
// works on cores without CAS; wasm32 is single-threaded.
#if defined(MOTE_PLATFORM_HOST)
#define MOTE_RUN_QUEUE_LOCK_FREE 1
#else
#define MOTE_RUN_QUEUE_LOCK_FREE 0
#endif

// How the timer queue keeps pending deadlines (src/timer_queue.cpp). Firmware and wasm32: a
// list sorted by deadline, one link per task (the least RAM and code; an insert walks the
// pending timers, of which a microcontroller has a few dozen at most). Host: a pairing heap,
// three links per task, O(1) insert and O(log n) removal, for programs with thousands of
// timers (connections with timeouts). Either may be chosen with -DMOTE_TIMER_QUEUE_LIST=0/1.
#ifndef MOTE_TIMER_QUEUE_LIST
#if defined(MOTE_PLATFORM_HOST)
#define MOTE_TIMER_QUEUE_LIST 0
#else
#define MOTE_TIMER_QUEUE_LIST 1
#endif
#endif

namespace detail {

struct TaskHeader;

/// Re-polls the future a task is suspended on; true when the task may resume.
using PollFn = bool (*)(void* future, Waker waker);

inline constexpr std::uint64_t kNoDeadline = UINT64_MAX;

/// Everything the executor and the time driver keep per task (the promise's base class).
struct TaskHeader {
  // Timer queue node keyed by the task's earliest pending deadline (src/timer_queue.cpp). One
  // node per task suffices because waking early is harmless: every future re-checks when polled.
#if MOTE_TIMER_QUEUE_LIST
  // The deadline's low 32 bits: the queue keeps every pending deadline within 2^30 ticks of the
  // clock (a later one is woken early and re-armed by its future), so 32 bits order them by
  // their wrapping difference, and the header is 24 bytes instead of 32 (no 64-bit member to
  // align it). Valid while timer_next is not null.
  std::uint32_t timer_deadline = 0;
  TaskHeader* timer_next = nullptr;  // the next later deadline (kTimerListEnd after the last); null: not queued
#else
  std::uint64_t timer_deadline = kNoDeadline;
  TaskHeader* timer_child = nullptr;  // pairing heap
  TaskHeader* timer_sibling = nullptr;
  TaskHeader* timer_prev = nullptr;  // parent if first child, else left sibling
#endif
  // Run-queue link. Critical-section queue: null while not queued (the queued mark itself).
  TaskHeader* run_next = nullptr;
  // The executor it runs on; null before it is spawned and once it has finished (critical-
  // section queue: that is the "alive" mark, so a wake-up of a finished task does nothing).
  Executor* executor = nullptr;
  // What the task is suspended on. The executor polls it before resuming the task, so a
  // spurious or stale wake-up is harmless; null means "resume without polling", which a wake-up
  // that carries the answer (wake_resolved) and a yield arrange. Null while the task runs.
  PollFn poll_fn = nullptr;
  void* poll_obj = nullptr;
#if MOTE_RUN_QUEUE_LOCK_FREE
  std::atomic<std::uint8_t> state{0};  // kStateSpawned | kStateRunQueued
#endif
};

#if MOTE_RUN_QUEUE_LOCK_FREE
inline constexpr std::uint8_t kStateSpawned = 1;    // alive and owned by an executor
inline constexpr std::uint8_t kStateRunQueued = 2;  // in its executor's run queue
#endif

/// Queues the task on its executor unless it is finished or already queued. ISR-safe.
void wake_task(TaskHeader* task) noexcept;

/// Like wake_task, for the code that has just completed the future `future` (whose poll
/// function is `poll`): if that is exactly what the task is suspended on, the executor resumes
/// the task without polling it again. Call only once the future's poll would return true
/// (a value handed over, a deadline passed). ISR-safe.
void wake_resolved(TaskHeader* task, const void* future, PollFn poll) noexcept;

/// wake_task for a caller that already masks interrupts (inside a CriticalSection): the same,
/// without a critical section of its own, inlined (mote/task.hpp). ISR-safe.
void wake_task_masked(TaskHeader* task) noexcept;

/// wake_resolved for a caller that already masks interrupts (inside a CriticalSection, such as
/// a CriticalSectionRawMutex's lock): the same, without a critical section of its own, inlined
/// (mote/task.hpp). ISR-safe.
void wake_resolved_masked(TaskHeader* task, const void* future, PollFn poll) noexcept;

}  // namespace detail

/// Handle that makes a task runnable again. Trivially copyable; `wake()` may be called from an
/// interrupt or (on the host) another thread.
class Waker {
 public:
  constexpr Waker() noexcept = default;
  constexpr explicit Waker(detail::TaskHeader* task) noexcept : task_(task) {}

  /// Schedules the task to be polled. A no-op for an empty Waker or a finished task. ISR-safe.
  void wake() const noexcept {
    if (task_ != nullptr) detail::wake_task(task_);
  }
  constexpr detail::TaskHeader* task() const noexcept { return task_; }
  constexpr explicit operator bool() const noexcept { return task_ != nullptr; }
  friend constexpr bool operator==(Waker, Waker) noexcept = default;

 private:
  detail::TaskHeader* task_ = nullptr;
};

}  // namespace mote
