// mote/waker.hpp: the task header and the Waker that points at it.
//
// A task's header lives at the start of its coroutine promise. A Waker is nothing but a
// pointer to it: copying one is free, waking is O(1) and safe from an interrupt, and waking a
// task that has finished does nothing.
#pragma once

#include <atomic>
#include <cstdint>

#include "mote/config.hpp"

namespace mote {

class Executor;
class Waker;

// How the run queue and the task state are kept consistent between an executor, interrupts and
// other threads. Lock-free (compare-and-swap) where other threads or cores may wake tasks (the
// host). With critical sections on M-profile Arm: one core, interrupts the only concurrency, so
// masking them (PRIMASK: 3 instructions) is cheaper than a CAS loop with its two barriers, and
// one critical section covers the state change and the queue link together; also on cores
// without CAS.
#if MOTE_HAS_CAS && !(defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M')
#define MOTE_RUN_QUEUE_LOCK_FREE 1
#else
#define MOTE_RUN_QUEUE_LOCK_FREE 0
#endif

namespace detail {

/// Re-polls the future a task is suspended on; true when the task may resume.
using PollFn = bool (*)(void* future, Waker waker);

inline constexpr std::uint64_t kNoDeadline = UINT64_MAX;
inline constexpr std::uint8_t kStateSpawned = 1;    // alive and owned by an executor
inline constexpr std::uint8_t kStateRunQueued = 2;  // in its executor's run queue

/// Everything the executor and the time driver keep per task (the promise's base class).
struct TaskHeader {
  // Timer queue: a pairing-heap node keyed by the task's earliest pending deadline. One node
  // per task suffices because waking early is harmless: every future re-checks when polled.
  std::uint64_t timer_deadline = kNoDeadline;
  TaskHeader* timer_child = nullptr;
  TaskHeader* timer_sibling = nullptr;
  TaskHeader* timer_prev = nullptr;  // parent if first child, else left sibling
  TaskHeader* run_next = nullptr;    // intrusive run-queue link
  Executor* executor = nullptr;
  // What the task is suspended on: polled before resuming, so spurious wakes are harmless.
  PollFn poll_fn = nullptr;
  void* poll_obj = nullptr;
#if MOTE_RUN_QUEUE_LOCK_FREE
  std::atomic<std::uint8_t> state{0};
#else
  volatile std::uint8_t state = 0;  // changed only inside critical sections
#endif
};

/// Queues the task on its executor unless it is finished or already queued. ISR-safe.
void wake_task(TaskHeader* task) noexcept;

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
