// mote/executor.hpp: the executor that polls tasks, and the Spawner that hands it new ones.
//
// An executor owns an intrusive run queue of task headers. Waking a task pushes its header
// (lock-free CAS, or a critical section on cores without CAS) and pends the executor; the
// executor takes the whole queue at once and polls that batch, so a task that keeps waking
// itself runs once per batch and cannot starve the others. When nothing is ready the executor
// sleeps (host: condition variable; Cortex-M: WFE; RISC-V: WFI) without losing a wake-up.
#pragma once

#include <cstddef>
#include <cstdint>

#include <mote/platform/port.hpp>

#include "mote/result.hpp"
#include "mote/task.hpp"
#include "mote/waker.hpp"

namespace mote {

class Spawner;

namespace detail {

/// Multi-producer intrusive queue of task headers, drained whole by its executor.
class RunQueue {
 public:
#if MOTE_RUN_QUEUE_LOCK_FREE
  /// Adds a task; true if the queue was empty (the executor needs a pend). ISR-safe.
  bool push(TaskHeader* task) noexcept;
  /// Whether no task is queued (a snapshot). ISR-safe.
  bool empty() const noexcept { return head_.load(std::memory_order_relaxed) == nullptr; }
  /// Removes every queued task and returns them in wake order (oldest first).
  TaskHeader* take_all() noexcept;
#else
  /// Adds a task at the back; true if the queue was empty. Call inside a critical section.
  bool push_locked(TaskHeader* task) noexcept {
    task->run_next = nullptr;
    TaskHeader* const last = tail_;
    (last != nullptr ? last->run_next : head_) = task;
    tail_ = task;
    return last == nullptr;
  }
  /// Whether no task is queued. Call inside a critical section (or accept a snapshot).
  bool empty() const noexcept { return head_ == nullptr; }
  /// take_all for a caller inside a critical section (the Cortex-M run loop, which looks at the
  /// queue and sleeps in the same one).
  TaskHeader* take_locked() noexcept {
    TaskHeader* const taken = head_;
    head_ = tail_ = nullptr;
    return taken;  // a FIFO: already oldest first
  }
  /// Removes every queued task and returns them in wake order (oldest first). ISR-safe.
  TaskHeader* take_all() noexcept {
    const platform::CsState cs = platform::cs_enter();  // inlined: a call would cost more
    TaskHeader* const taken = take_locked();
    platform::cs_exit(cs);
    return taken;
  }
#endif

 private:
#if MOTE_RUN_QUEUE_LOCK_FREE
  // A LIFO stack (one CAS per push); take_all reverses what it takes.
  std::atomic<TaskHeader*> head_{nullptr};
#else
  // A FIFO (head and tail, changed inside critical sections only): no reversal needed.
  TaskHeader* head_ = nullptr;
  TaskHeader* tail_ = nullptr;
#endif
};

/// The task being polled on this thread (null outside tasks). Used for nested frame budgets.
extern MOTE_THREAD_LOCAL TaskHeader* current_task;

}  // namespace detail

/// Polls tasks. Create one per thread (host) or per priority level (targets).
class Executor {
 public:
  Executor() noexcept = default;
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  /// A Spawner for this executor. ISR-safe.
  Spawner spawner() noexcept;

  /// Polls every task that was ready when called (one batch). Returns false if none was.
  /// Call only from the executor's own context (thread mode / its interrupt), never nested
  /// inside one of its own tasks.
  bool poll() noexcept { return run_batch(queue_.take_all()); }

  /// Runs tasks forever, sleeping when none is ready. On the host it returns once no task
  /// is left alive (nothing could ever wake one). Executor context only.
  void run() noexcept;

  /// Serves the time driver where the platform needs it (host), then sleeps until a task is
  /// woken or a timer is due; returns at once if a task is already queued. Platform-specific.
  /// Executor context only.
  void idle() noexcept;

  /// Tasks spawned on this executor that have not finished. ISR-safe.
  std::size_t live_tasks() const noexcept { return live_tasks_; }
  /// Finished tasks whose frames wait to leave the run queue (a wake-up raced with their
  /// end); they are freed by a later poll. Executor context only.
  std::size_t pending_releases() const noexcept { return pending_releases_; }

#if MOTE_RUN_QUEUE_LOCK_FREE
  /// Queues a woken task and pends the executor (used by Waker). ISR-safe.
  void enqueue(detail::TaskHeader* task) noexcept {
    if (queue_.push(task)) pender_.pend();
  }
#endif
  platform::Pender& pender() noexcept { return pender_; }

 private:
  friend class Spawner;
  friend void detail::wake_task(detail::TaskHeader* task) noexcept;
  /// Polls the tasks of a batch taken from the queue (linked by run_next); false if empty.
  bool run_batch(detail::TaskHeader* batch) noexcept;
  void run_task(detail::TaskHeader* task) noexcept;
  void finish(detail::TaskHeader* task) noexcept;
  /// The platform's sleep until a task is queued, for ports whose idle() and run() share it
  /// (defined by the port that uses it: Cortex-M).
  void sleep() noexcept;

  detail::RunQueue queue_;
  volatile std::size_t live_tasks_ = 0;  // changed inside critical sections only
  std::size_t pending_releases_ = 0;      // changed by the executor's own context only
  platform::Pender pender_;
};

/// Starts tasks on one executor. Copyable, pointer-sized; a task may take one by value.
class Spawner {
 public:
  explicit Spawner(Executor& executor) noexcept : executor_(&executor) {}

  /// Starts the task a task function call created, or returns why it could not be created:
  /// SpawnError::Busy (pool full) or SpawnError::NoMemory. Not ISR-safe.
  Result<void, SpawnError> spawn(SpawnToken&& token) const noexcept;
  /// Like spawn, but panics with the task's name and the reason on failure. Not ISR-safe.
  void must_spawn(SpawnToken&& token) const noexcept;

  Executor& executor() const noexcept { return *executor_; }

 private:
  Executor* executor_;
};

inline Spawner Executor::spawner() noexcept { return Spawner(*this); }

}  // namespace mote
