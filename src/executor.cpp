// The executor's run queue, the wake path and the spawn path.
#include "mote/executor.hpp"

#include "mote/critical_section.hpp"
#include "mote/memory.hpp"
#include "mote/time_driver.hpp"

namespace mote {
namespace detail {

MOTE_THREAD_LOCAL TaskHeader* current_task = nullptr;

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

namespace {
std::uint8_t clear_state(TaskHeader* t, std::uint8_t bits) noexcept {
  return t->state.fetch_and(static_cast<std::uint8_t>(~bits), std::memory_order_acq_rel);
}
}  // namespace

void wake_task(TaskHeader* task) noexcept {
  std::uint8_t s = task->state.load(std::memory_order_relaxed);
  do {
    if ((s & (kStateSpawned | kStateRunQueued)) != kStateSpawned) return;  // finished or queued
  } while (!task->state.compare_exchange_weak(s, s | kStateRunQueued, std::memory_order_acq_rel,
                                              std::memory_order_relaxed));
  task->executor->enqueue(task);
}

#else  // one core (M-profile Arm) or no CAS: critical sections (see MOTE_RUN_QUEUE_LOCK_FREE)

namespace {
std::uint8_t clear_state(TaskHeader* t, std::uint8_t bits) noexcept {
  CriticalSection cs;
  const std::uint8_t old = t->state;
  t->state = static_cast<std::uint8_t>(old & ~bits);
  return old;
}
}  // namespace

void wake_task(TaskHeader* task) noexcept {
  // The state check, the mark and the queue link in one critical section, and the pend with it:
  // nothing can run in between, so no wake-up is lost or doubled.
  CriticalSection cs;
  const std::uint8_t s = task->state;
  if ((s & (kStateSpawned | kStateRunQueued)) != kStateSpawned) return;  // finished or queued
  task->state = static_cast<std::uint8_t>(s | kStateRunQueued);
  Executor* const executor = task->executor;
  if (executor->queue_.push_locked(task)) executor->pender_.pend();
}

#endif

}  // namespace detail

using detail::TaskHeader;

bool Executor::run_batch(TaskHeader* task) noexcept {
  if (task == nullptr) return false;
  TaskHeader* const outer = detail::current_task;  // an executor may be polled inside another's task (block_on)
  while (task != nullptr) {
    TaskHeader* const next = task->run_next;  // read first: a wake during the poll relinks it
    const std::uint8_t old = detail::clear_state(task, detail::kStateRunQueued);
    if ((old & detail::kStateSpawned) != 0) {
      run_task(task);
    } else {
      // Finished while a wake-up was in flight: its frame was kept until it left the queue.
      detail::current_task = task;
      detail::handle_of(task).destroy();
      --pending_releases_;
    }
    task = next;
  }
  detail::current_task = outer;
  return true;
}

void Executor::run_task(TaskHeader* task) noexcept {
  detail::current_task = task;
  if (task->poll_fn != nullptr) {
    if (!task->poll_fn(task->poll_obj, Waker(task))) return;  // spurious wake: still waiting
    task->poll_fn = nullptr;
  }
  const detail::TaskHandle handle = detail::handle_of(task);
  handle.resume();
  if (handle.done()) finish(task);
}

void Executor::finish(TaskHeader* task) noexcept {
  detail::timer_cancel(task);
  std::uint8_t old;
  {
    CriticalSection cs;
    old = detail::clear_state(task, detail::kStateSpawned);
    live_tasks_ = live_tasks_ - 1;
  }
  // If a wake-up queued it meanwhile (or is about to push it: the bit is set before the
  // push), the queue links the header: free it when it is popped.
  if ((old & detail::kStateRunQueued) == 0) {
    detail::handle_of(task).destroy();
  } else {
    ++pending_releases_;
  }
}

Result<void, SpawnError> Spawner::spawn(SpawnToken&& token) const noexcept {
  if (!token.valid()) return Err{token.error()};
  TaskHeader* task = &token.release().promise();
  task->executor = executor_;
  {
    CriticalSection cs;
    executor_->live_tasks_ = executor_->live_tasks_ + 1;
#if MOTE_RUN_QUEUE_LOCK_FREE
    task->state.store(detail::kStateSpawned, std::memory_order_release);
#else
    task->state = detail::kStateSpawned;
#endif
  }
  detail::wake_task(task);
  return {};
}

void Spawner::must_spawn(SpawnToken&& token) const noexcept {
  if (token.valid()) {
    spawn(std::move(token)).unwrap();
    return;
  }
  const detail::TaskPool* pool = token.pool();
  const char* name = pool != nullptr ? pool->name() : "?";
  if (token.error() == SpawnError::Busy) {
    mote::panic("cannot spawn task '%s': its pool is full (%zu of %zu alive); raise its pool size in MOTE_TASK",
                name, pool != nullptr ? pool->in_use() : 0, pool != nullptr ? pool->capacity() : 0);
  }
  const ArenaStats arena = arena_stats();
  mote::panic("cannot spawn task '%s': out of frame memory: its pool needs %zu bytes, the arena has %zu of %zu "
              "free (raise mote_add_firmware's ARENA_BYTES or shrink pools)",
              name, pool != nullptr ? pool->wanted_bytes() : 0, arena.free_bytes(), arena.total_bytes);
}

const char* error_message(SpawnError e) noexcept {
  switch (e) {
    case SpawnError::Busy:
      return "task pool full (all instances alive)";
    case SpawnError::NoMemory:
      return "out of frame memory (arena too small for the task's pool)";
  }
  return "unknown spawn error";
}

}  // namespace mote
