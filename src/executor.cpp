// The executor's run queue, the wake path, the slow path of taking a task, and spawning.
#include "mote/executor.hpp"
#include "mote/trace.hpp"

#include "mote/critical_section.hpp"
#include "mote/memory.hpp"
#include "mote/time_driver.hpp"

namespace mote {

namespace detail {

MOTE_THREAD_LOCAL TaskHeader* current_task = nullptr;
void (*g_task_end_hook)(TaskHeader* task) noexcept = nullptr;
void* g_cancel_resume = nullptr;

namespace {
// The poll function of a finished task left in the queue: never called (ready_slow looks at
// the task's state first), it only routes the task to the slow path, which frees it.
bool finished_marker(void*, Waker) { return false; }
}  // namespace

#if MOTE_RUN_QUEUE_LOCK_FREE

namespace {
// Pushes stack up newest-first; reversing the taken list makes tasks run in wake order.
TaskHeader* oldest_first(TaskHeader* newest_first) noexcept {
  TaskHeader* fifo = nullptr;
  while (newest_first != nullptr) {
    TaskHeader* next = newest_first->run_next;
    newest_first->run_next = fifo;
    fifo = newest_first;
    newest_first = next;
  }
  return fifo;
}

bool finished(const TaskHeader* t) noexcept {
  return (t->state.load(std::memory_order_acquire) & kStateSpawned) == 0;
}
}  // namespace

bool RunQueue::push(TaskHeader* task) noexcept {
  TaskHeader* head = head_.load(std::memory_order_relaxed);
  do {
    task->run_next = head;
  } while (!head_.compare_exchange_weak(head, task, std::memory_order_release, std::memory_order_relaxed));
  return head == nullptr;
}

TaskHeader* RunQueue::take_all() noexcept {
  return oldest_first(head_.exchange(nullptr, std::memory_order_acquire));
}

void wake_task(TaskHeader* task) noexcept {
  std::uint8_t s = task->state.load(std::memory_order_relaxed);
  do {
    if ((s & (kStateSpawned | kStateRunQueued)) != kStateSpawned) return;  // finished or queued
  } while (!task->state.compare_exchange_weak(s, s | kStateRunQueued, std::memory_order_acq_rel,
                                              std::memory_order_relaxed));
  task->executor->enqueue(task);
}

// Other threads may complete a future while the task's own thread writes its poll function:
// on the host the executor always polls (correct, one poll slower).
void wake_resolved(TaskHeader* task, const void*, PollFn) noexcept { wake_task(task); }

#else  // firmware and wasm: critical sections (see MOTE_RUN_QUEUE_LOCK_FREE)

namespace {
bool finished(const TaskHeader* t) noexcept { return t->executor == nullptr; }
}  // namespace

void wake_task(TaskHeader* task) noexcept {
  // The queued check, the link and the pend in one critical section: nothing can run in
  // between, so no wake-up is lost or doubled.
  CriticalSection cs;
  wake_task_masked(task);
}

void wake_resolved(TaskHeader* task, const void* future, PollFn poll) noexcept {
  CriticalSection cs;
  wake_resolved_masked(task, future, poll);
}

#endif

}  // namespace detail

using detail::TaskHeader;

bool Executor::ready_slow(TaskHeader* task) noexcept {
  if (detail::finished(task)) {
    // A finished task was queued so that its frame is freed only now, after the executor left
    // it (or a wake-up raced with its end).
    detail::handle_of(task).destroy();
    --pending_releases_;
    return false;
  }
  if (detail::g_cancel_resume != nullptr && *static_cast<void**>(detail::handle_of(task).address()) == detail::g_cancel_resume) {
    // Cancelled (mote/join.hpp) after it last suspended: resumed without polling, into the
    // cancellation that destroys it.
    detail::current_task = task;
    task->poll_fn = nullptr;
    return true;
  }
  detail::TaskHeader* const outer = detail::current_task;
  detail::current_task = task;  // its poll may resume an Async, whose frames come from this task
  if (!task->poll_fn(task->poll_obj, Waker(task))) {
    detail::current_task = outer;
    return false;  // spurious or stale wake-up: it keeps waiting
  }
  task->poll_fn = nullptr;
  return true;
}

bool Executor::poll() noexcept {
  chaining_ = false;  // where chaining() reads it (host): each task returns here, one batch
  TaskHeader* const outer = detail::current_task;  // an executor may be polled inside another's task (block_on)
  bool took_a_task = false;
#if MOTE_RUN_QUEUE_LOCK_FREE
  TaskHeader* task = batch_ != nullptr ? std::exchange(batch_, nullptr) : queue_.take_all();
  if (task == nullptr) return false;
  while (task != nullptr) {
    TaskHeader* const next = task->run_next;  // read first: a wake during the run relinks it
    task->run_next = nullptr;
    task->state.fetch_and(static_cast<std::uint8_t>(~detail::kStateRunQueued), std::memory_order_acq_rel);
#else
  TaskHeader* task;
  {
    CriticalSection cs;
    task = queue_.take_locked();
  }
  if (task == nullptr) return false;
  while (task != nullptr) {
    TaskHeader* next = task->run_next;
    if (next == task) next = nullptr;  // the last links to itself
    task->run_next = nullptr;  // one store: an interrupt's wake-up sees it queued, or not queued
#endif
    took_a_task = took_a_task || !detail::finished(task);  // a frame left to free is not a task
    if (task->poll_fn == nullptr || ready_slow(task)) {
      detail::current_task = task;
      resume(task);
    }
    task = next;
  }
  detail::current_task = outer;
  return took_a_task;
}

void Executor::drain() noexcept {
  chaining_ = MOTE_SYMMETRIC_TRANSFER;
  TaskHeader* const outer = detail::current_task;  // the task this interrupt preempted
  while (TaskHeader* const task = next_ready()) resume(task);
  detail::current_task = outer;
}

bool Executor::finish(TaskHeader* task) noexcept {
  MOTE_TRACE_EVENT(Finished, task, 0);
  detail::timer_cancel(task);
  bool queued;
  {
    CriticalSection cs;
    live_tasks_ = live_tasks_ - 1;
#if MOTE_RUN_QUEUE_LOCK_FREE
    const std::uint8_t old = task->state.fetch_and(static_cast<std::uint8_t>(~detail::kStateSpawned));
    queued = (old & detail::kStateRunQueued) != 0;
#else
    task->executor = nullptr;  // wake-ups from now on do nothing
    queued = task->run_next != nullptr;
#endif
    task->poll_fn = &detail::finished_marker;  // if queued, taking it from the queue frees it
    if (detail::g_task_end_hook != nullptr) detail::g_task_end_hook(task);  // its JoinHandle
  }
  if (queued) ++pending_releases_;
  return !queued;
}

Result<void, SpawnError> Spawner::spawn(SpawnToken&& token) const noexcept {
  if (!token.valid()) return Err{token.error()};
#if MOTE_TRACE
  const char* const name = token.pool() != nullptr ? token.pool()->name() : nullptr;
#endif
  TaskHeader* task = &token.release().promise();
  MOTE_TRACE_EVENT(Spawned, task, name);
  {
    CriticalSection cs;
    executor_->live_tasks_ = executor_->live_tasks_ + 1;
    task->executor = executor_;
#if MOTE_RUN_QUEUE_LOCK_FREE
    task->state.store(detail::kStateSpawned, std::memory_order_release);
#endif
  }
  detail::wake_task(task);  // first run: no poll function, so it starts without one
  return {};
}

void Spawner::must_spawn(SpawnToken&& token) const noexcept {
  if (token.valid()) {
    // spawn() fails only for an invalid token: no unwrap (whose message and error_message()
    // strings would cost flash in every firmware for a branch that cannot be taken).
    static_cast<void>(spawn(std::move(token)));
    return;
  }
  const detail::TaskPool* pool = token.pool();
  const char* name = pool != nullptr ? pool->name() : "?";
  if (token.error() == SpawnError::Busy) {
    MOTE_PANIC("cannot spawn task '{}': its pool is full ({} of {} alive); raise its pool size", name,
               pool != nullptr ? pool->in_use() : 0, pool != nullptr ? pool->capacity() : 0);
  }
  const ArenaStats arena = arena_stats();
  // Short on purpose: the message is in every firmware's flash (docs/footprint.md).
  MOTE_PANIC("cannot spawn task '{}': out of frame memory: its pool needs {} bytes, the arena has {} of {} free "
             "(shrink pools or static data)",
             name, pool != nullptr ? pool->wanted_bytes() : 0, arena.free_bytes(), arena.total_bytes);
}

}  // namespace mote
