// mote/executor.hpp: the executor that runs tasks, and the Spawner that hands it new ones.
//
// An executor owns an intrusive FIFO run queue of task headers. Waking a task links its header
// at the back (one critical section on firmware, a lock-free push on the host) and pends the
// executor. A task that suspends hands the processor straight to the next ready task
// (symmetric transfer: its await_suspend returns that task's handle, one tail call, no trip
// through a run loop); the run loop is entered only when nothing is ready, and then it sleeps
// (Cortex-M: WFI or WFE; RISC-V: WFI; host: futex/condition variable) without losing a wake-up.
// A queued task whose wake-up did not carry its answer is polled first and stays asleep if its
// future is not ready, so spurious and stale wake-ups are harmless. FIFO order means a task
// that keeps waking itself runs once per turn of the queue and cannot starve the others.
#pragma once

#include <coroutine>
#include <cstddef>
#include <cstdint>

#include <mote/platform/port.hpp>

#include "mote/result.hpp"
#include "mote/waker.hpp"

// Symmetric transfer is a tail call only when the compiler optimises, wasm32 has no tail calls
// without the tail-call proposal, and Thumb-1 (Armv6-M, Armv8-M Baseline) gets none: GCC 12
// calls the next task's resume with blx and returns afterwards, so every hand-over leaves a
// stack frame behind, and clang-16 stops with "failed to perform tail call elimination on a
// call site marked musttail", nor where a sanitizer instruments function exits (ThreadSanitizer's
// __tsan_func_exit after every call). There every suspension returns to the run loop instead,
// so that ping-pong between tasks never grows the stack (tests/target/switch_depth.cpp and
// ExecutorTest.HandingOverBetweenTasksDoesNotGrowTheStack check it).
#if defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
#define MOTE_DETAIL_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
#define MOTE_DETAIL_SANITIZED 1
#endif
#if (defined(__thumb__) && !defined(__thumb2__)) || defined(MOTE_DETAIL_SANITIZED)
#define MOTE_DETAIL_NO_TAIL_CALLS 1
#else
#define MOTE_DETAIL_NO_TAIL_CALLS 0
#endif
#ifndef MOTE_SYMMETRIC_TRANSFER
#if defined(__OPTIMIZE__) && !defined(__wasm__) && !MOTE_DETAIL_NO_TAIL_CALLS
#define MOTE_SYMMETRIC_TRANSFER 1
#else
#define MOTE_SYMMETRIC_TRANSFER 0
#endif
#endif

namespace mote {

/// What a task's await_suspend returns: the handle of the task to continue with (symmetric
/// transfer), or, where that is off, `true` (suspend and return to the run loop). A handle is
/// not returned at all there: clang resumes a returned handle with a mandatory tail call even
/// when it is the no-op coroutine, and stops where it cannot make one (Thumb-1).
#if MOTE_SYMMETRIC_TRANSFER
using SuspendTo = std::coroutine_handle<>;
#else
using SuspendTo = bool;
#endif

class Spawner;
class SpawnToken;
template <class T>
class SpawnTokenOf;
template <class T>
class JoinHandleOf;
/// A handle to a spawned task that returns nothing: join it, cancel it (mote/join.hpp).
using JoinHandle = JoinHandleOf<void>;

/// Why a spawn failed. Never undefined behaviour: a failed spawn just returns this.
enum class SpawnError : std::uint8_t {
  Busy,      ///< every instance in the task function's pool is alive
  NoMemory,  ///< the arena cannot hold the pool (first spawn only), or the heap is exhausted
};
/// Human-readable text for an error (used by Result::unwrap). ISR-safe.
const char* error_message(SpawnError e) noexcept;

namespace detail {

/// Multi-producer intrusive FIFO of task headers, consumed by its executor.
class RunQueue {
 public:
#if MOTE_RUN_QUEUE_LOCK_FREE
  /// Adds a task; true if the queue was empty (the executor needs a pend). ISR/thread-safe.
  bool push(TaskHeader* task) noexcept;
  /// Whether no task is queued (a snapshot).
  bool empty() const noexcept { return head_.load(std::memory_order_relaxed) == nullptr; }
  /// Removes every queued task and returns them in wake order (oldest first), linked by
  /// run_next and ending in null.
  TaskHeader* take_all() noexcept;
#else
  /// Adds a task at the back; true if the queue was empty. Inside a critical section.
  /// always_inline (also pop_locked): a handful of instructions on the switch and wake paths,
  /// which GCC's link-time optimiser would otherwise share as a call.
  [[gnu::always_inline]] bool push_locked(TaskHeader* task) noexcept {
    // The last task links to itself: a queued task's link is never null, so the link doubles
    // as the "queued" mark (and the end test compares with a register, not a constant).
    task->run_next = task;
    TaskHeader** const link = tail_;
    *link = task;
    tail_ = &task->run_next;
    return link == &head_;
  }
  /// Removes the oldest task (its link becomes null: not queued), or returns null. Inside a
  /// critical section.
  [[gnu::always_inline]] TaskHeader* pop_locked() noexcept {
    TaskHeader* const task = head_;
    if (task == nullptr) return nullptr;
    TaskHeader* const next = task->run_next;
    if (next == task) {
      head_ = nullptr;
      tail_ = &head_;
    } else {
      head_ = next;
    }
    task->run_next = nullptr;
    return task;
  }
  /// Removes every queued task and returns the oldest; the others follow through run_next
  /// (the last links to itself). They keep their queued mark until the caller clears
  /// it. Inside a critical section.
  TaskHeader* take_locked() noexcept {
    TaskHeader* const first = head_;
    head_ = nullptr;
    tail_ = &head_;
    return first;
  }
  /// Whether no task is queued. Inside a critical section (or accept a snapshot).
  bool empty() const noexcept { return head_ == nullptr; }
#endif

 private:
#if MOTE_RUN_QUEUE_LOCK_FREE
  // A LIFO stack (one CAS per push); take_all reverses what it takes.
  std::atomic<TaskHeader*> head_{nullptr};
#else
  TaskHeader* head_ = nullptr;
  TaskHeader** tail_ = &head_;  // the link the next push writes
#endif
};

/// The task running on this thread (null outside tasks): the waker leaf futures register,
/// and whose budget nested Async frames come from.
extern MOTE_THREAD_LOCAL TaskHeader* current_task;

/// Set by the first join handle (src/join.cpp), null before: called by Executor::finish inside
/// its critical section when a task ends, and the resume function a cancelled task's frame
/// gets. Through pointers, so a program that never joins links none of it.
extern void (*g_task_end_hook)(TaskHeader* task) noexcept;
extern void* g_cancel_resume;

}  // namespace detail

/// Runs tasks. Create one per thread (host) or per priority level (targets).
class Executor {
 public:
  Executor() noexcept = default;
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  /// A Spawner for this executor. ISR-safe.
  Spawner spawner() noexcept;

  /// Runs every task that was ready when called (one batch), each suspension returning here
  /// (and frees the frames of finished tasks). On firmware built with optimisation a
  /// suspending task hands over to the next ready one directly, so it runs until no task is
  /// ready. Returns false if no task was queued. Call only from the executor's own context, never nested
  /// inside one of its own tasks.
  bool poll() noexcept;

  /// Runs ready tasks until none is ready, each handing over to the next directly. For an
  /// interrupt executor's handler. Executor context only.
  void drain() noexcept;

  /// Runs tasks forever, sleeping when none is ready. On the host it returns once no task
  /// is left alive (nothing could ever wake one). Executor context only.
  void run() noexcept;

  /// Serves the time driver where the platform needs it (host), then sleeps until a task is
  /// woken or a timer is due; returns at once if a task is already queued. Platform-specific.
  /// Executor context only.
  void idle() noexcept;

  /// Tasks spawned on this executor that have not finished. ISR-safe.
  std::size_t live_tasks() const noexcept { return live_tasks_; }
  /// Finished tasks whose frames are still to be freed: a frame is freed once the executor
  /// has left it, the next time it takes a task from its queue. Executor context only.
  std::size_t pending_releases() const noexcept { return pending_releases_; }

  platform::Pender& pender() noexcept { return pender_; }

  // ---- used by the awaiters of mote's coroutines (mote/task.hpp); executor context only ----

  /// The current task has suspended: the handle to continue with (the next ready task, or the
  /// run loop's when none is ready or this executor does not chain).
  SuspendTo switch_out() noexcept;
  /// The current task yields: it goes to the back of the queue, the next ready task runs.
  SuspendTo yield_from(detail::TaskHeader* self) noexcept;
  /// The current task has finished (its final suspension): no more wake-ups, no timer. True if
  /// its frame may be freed at once; false if a wake-up has queued it meanwhile, so that the
  /// frame stays until it leaves the queue.
  bool finish(detail::TaskHeader* self) noexcept;

 private:
  friend class Spawner;
  friend void detail::wake_task(detail::TaskHeader* task) noexcept;
  friend void detail::wake_resolved(detail::TaskHeader*, const void*, detail::PollFn) noexcept;
  friend void detail::wake_task_masked(detail::TaskHeader*) noexcept;
  friend void detail::wake_resolved_masked(detail::TaskHeader*, const void*, detail::PollFn) noexcept;

  /// Queues a task that is not queued (marks it); pends the executor if the queue was empty.
  /// Critical-section queue: inside a critical section.
  void enqueue(detail::TaskHeader* task) noexcept;
  /// Takes the oldest queued task (clearing its queued mark), or null.
  detail::TaskHeader* pop() noexcept;
  /// Takes queued tasks until one may resume (blind or polled ready) and makes it current;
  /// null when the queue runs dry.
  detail::TaskHeader* next_ready() noexcept;
  /// A popped task with a poll function: frees it if it has finished, else polls it. True if
  /// it may resume (then it is the current task).
  bool ready_slow(detail::TaskHeader* task) noexcept;
  /// Resumes a task that may run (the run loops). Executor context only.
  static void resume(detail::TaskHeader* task) noexcept;
  /// The platform's sleep until a task is queued, for ports whose idle() and run() share it
  /// (defined by the port that uses it: Cortex-M).
  void sleep() noexcept;

  detail::RunQueue queue_;
#if MOTE_RUN_QUEUE_LOCK_FREE
  detail::TaskHeader* batch_ = nullptr;  // taken from queue_, not yet run (executor's own)
#endif
  volatile std::size_t live_tasks_ = 0;  // changed inside critical sections only
  std::size_t pending_releases_ = 0;      // changed by the executor's own context only
  /// Whether a suspending task hands over to the next ready one directly. Always on firmware
  /// that optimises (poll() then runs until no task is ready); the host's poll() runs one
  /// batch, its run() chains.
  bool chaining() const noexcept {
#if MOTE_SYMMETRIC_TRANSFER && !MOTE_RUN_QUEUE_LOCK_FREE
    return true;
#else
    return chaining_;
#endif
  }
  bool chaining_ = false;  // see chaining()
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
  /// Like spawn, and returns a handle that can await the task's end (`co_await handle.join()`)
  /// or cancel it (mote/join.hpp, which defines these). Not ISR-safe.
  Result<JoinHandle, SpawnError> spawn_joinable(SpawnToken&& token) const noexcept;
  /// The same for a MOTE_TASK_RESULT task: the handle's join() yields the task's value.
  template <class T>
  Result<JoinHandleOf<T>, SpawnError> spawn_joinable(SpawnTokenOf<T>&& token) const noexcept;

  Executor& executor() const noexcept { return *executor_; }

 private:
  Executor* executor_;
};

inline Spawner Executor::spawner() noexcept { return Spawner(*this); }

}  // namespace mote

// The inline definitions of the hot path need the task promise: mote/task.hpp has them.
#include "mote/task.hpp"
