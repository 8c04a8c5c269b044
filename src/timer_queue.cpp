// The timer queue: task headers ordered by their earliest deadline, in one of two shapes
// (MOTE_TIMER_QUEUE_LIST, mote/waker.hpp):
// - a sorted singly linked list (firmware, wasm32): one link per task and the smallest code;
//   insert and arbitrary removal walk the list, the earliest deadline is at its head. Embassy's
//   queue is such a list too;
// - a pairing heap (host): insert is O(1) and removing the minimum or any node is O(log n)
//   amortised, with three links per node and no array to size.
// All operations run inside a critical section, so the alarm interrupt, executors and other
// threads may use it concurrently.
#include <mote/platform/port.hpp>

#include "mote/critical_section.hpp"
#include "mote/trace.hpp"
#include "mote/executor.hpp"  // wake_task_masked
#include "mote/time_driver.hpp"
#include "mote/future.hpp"
#include "mote/timer.hpp"

namespace mote {
namespace detail {
namespace {

TaskHeader* g_root = nullptr;  // the earliest deadline (list head, or heap root)
std::size_t g_size = 0;

#if MOTE_TIMER_QUEUE_LIST

// 32-bit deadlines (TaskHeader::timer_deadline): schedule_wake clamps every deadline to between
// the clock and kHorizon ticks after it, and expiry takes a deadline at most a little after it is due,
// so all pending deadlines lie within 2^31 ticks of each other and of g_reference (the last one
// inserted, in full): their wrapping differences order them, and g_reference restores the full
// value for the alarm. A longer timer is woken at the horizon, its future finds it not due and
// arms it again (one early wake-up per 2^30 ticks: about 18 minutes at 1 MHz).
constexpr std::uint64_t kHorizon = std::uint64_t{1} << 30;
std::uint64_t g_reference = 0;
// The link after the last node: not null (null is "not queued") and never dereferenced.
TaskHeader* const kTimerListEnd = reinterpret_cast<TaskHeader*>(alignof(TaskHeader));

// Whether deadline `a` is at or before `b` (both pending, so within 2^31 ticks).
bool not_after(std::uint32_t a, std::uint32_t b) noexcept { return static_cast<std::int32_t>(a - b) <= 0; }
std::uint64_t full_deadline(std::uint32_t low) noexcept {
  return g_reference + static_cast<std::uint64_t>(
                           static_cast<std::int64_t>(static_cast<std::int32_t>(low - static_cast<std::uint32_t>(g_reference))));
}
bool end(const TaskHeader* t) noexcept { return t == nullptr || t == kTimerListEnd; }
bool queued(const TaskHeader* t) noexcept { return t->timer_next != nullptr; }
std::uint64_t head_deadline() noexcept { return end(g_root) ? kNoDeadline : full_deadline(g_root->timer_deadline); }

// After the deadlines equal to its own: equal deadlines wake in the order they were set.
void insert(TaskHeader* t, std::uint64_t deadline) noexcept {
  g_reference = deadline;
  t->timer_deadline = static_cast<std::uint32_t>(deadline);
  TaskHeader** link = &g_root;
  while (!end(*link) && not_after((*link)->timer_deadline, t->timer_deadline)) link = &(*link)->timer_next;
  t->timer_next = *link == nullptr ? kTimerListEnd : *link;
  *link = t;
  ++g_size;
}

void remove(TaskHeader* t) noexcept {
  TaskHeader** link = &g_root;
  while (*link != t) link = &(*link)->timer_next;  // t is queued: the walk ends on it
  *link = link == &g_root && t->timer_next == kTimerListEnd ? nullptr : t->timer_next;
  t->timer_next = nullptr;
  --g_size;
}

// The earliest node leaves (the alarm's case: no walk).
TaskHeader* pop_first() noexcept {
  TaskHeader* const t = g_root;
  g_root = t->timer_next == kTimerListEnd ? nullptr : t->timer_next;
  t->timer_next = nullptr;
  --g_size;
  return t;
}

#else

// Links `b` under `a` or `a` under `b`; returns the new root. Siblings of roots are ignored.
TaskHeader* meld(TaskHeader* a, TaskHeader* b) noexcept {
  if (a == nullptr) return b;
  if (b == nullptr) return a;
  if (b->timer_deadline < a->timer_deadline) {
    TaskHeader* t = a;
    a = b;
    b = t;
  }
  b->timer_prev = a;
  b->timer_sibling = a->timer_child;
  if (a->timer_child != nullptr) a->timer_child->timer_prev = b;
  a->timer_child = b;
  return a;
}

// Standard two-pass merge of a sibling list, iterative so that depth stays bounded.
TaskHeader* merge_siblings(TaskHeader* first) noexcept {
  TaskHeader* pairs = nullptr;  // melded pairs, most recent first (linked by timer_sibling)
  while (first != nullptr) {
    TaskHeader* a = first;
    TaskHeader* b = a->timer_sibling;
    first = b != nullptr ? b->timer_sibling : nullptr;
    a->timer_sibling = nullptr;
    if (b != nullptr) b->timer_sibling = nullptr;
    TaskHeader* m = meld(a, b);
    m->timer_sibling = pairs;
    pairs = m;
  }
  TaskHeader* result = nullptr;
  while (pairs != nullptr) {
    TaskHeader* next = pairs->timer_sibling;
    pairs->timer_sibling = nullptr;
    result = meld(result, pairs);
    pairs = next;
  }
  if (result != nullptr) result->timer_prev = nullptr;
  return result;
}

bool queued(const TaskHeader* t) noexcept { return t->timer_deadline != kNoDeadline; }
std::uint64_t head_deadline() noexcept { return g_root != nullptr ? g_root->timer_deadline : kNoDeadline; }

void insert(TaskHeader* t, std::uint64_t deadline) noexcept {
  t->timer_deadline = deadline;
  t->timer_child = t->timer_sibling = t->timer_prev = nullptr;
  g_root = meld(g_root, t);
  g_root->timer_prev = nullptr;
  ++g_size;
}

void remove(TaskHeader* t) noexcept {
  if (t == g_root) {
    // The alarm's usual case: the root leaves, often without children (one timer pending).
    TaskHeader* const child = t->timer_child;
    g_root = child == nullptr ? nullptr : merge_siblings(child);
  } else {
    TaskHeader* prev = t->timer_prev;
    (prev->timer_child == t ? prev->timer_child : prev->timer_sibling) = t->timer_sibling;
    if (t->timer_sibling != nullptr) t->timer_sibling->timer_prev = prev;
    g_root = meld(g_root, merge_siblings(t->timer_child));
  }
  t->timer_child = t->timer_sibling = t->timer_prev = nullptr;
  t->timer_deadline = kNoDeadline;
  --g_size;
}

TaskHeader* pop_first() noexcept {
  TaskHeader* const t = g_root;
  remove(t);
  return t;
}

#endif

void rearm() noexcept {
  const std::uint64_t at = head_deadline();
  MOTE_TRACE_EVENT(AlarmSet, nullptr, static_cast<std::uintptr_t>(at));
  platform::time_set_alarm(at);
}

}  // namespace

std::uint64_t g_alarm_time = 0;

void timer_cancel(TaskHeader* task) noexcept {
  CriticalSection cs;
  if (!queued(task)) return;
  const bool was_first = task == g_root;
  remove(task);
  if (was_first) rearm();
}

std::uint64_t timer_next_deadline() noexcept {
  CriticalSection cs;
  return head_deadline();
}

std::uint64_t timer_deadline(const TaskHeader* task) noexcept {
  CriticalSection cs;
#if MOTE_TIMER_QUEUE_LIST
  return queued(task) ? full_deadline(task->timer_deadline) : kNoDeadline;
#else
  return task->timer_deadline;
#endif
}

std::size_t timer_queue_size() noexcept {
  CriticalSection cs;
  return g_size;
}

}  // namespace detail

void schedule_wake(Instant at, Waker waker) noexcept {
#if MOTE_TIMER_QUEUE_LIST
  schedule_wake(at, waker, Instant::now());
#else
  schedule_wake(at, waker, Instant());  // the heap keeps full deadlines: no clock needed
#endif
}

void schedule_wake(Instant at, Waker waker, [[maybe_unused]] Instant now_instant) noexcept {
  detail::TaskHeader* task = waker.task();
  // Instant::max() means "never" (e.g. with_timeout(Duration::max(), f)): nothing to arm.
  if (task == nullptr || at == Instant::max()) return;
  std::uint64_t deadline = at.ticks();
#if MOTE_TIMER_QUEUE_LIST
  const std::uint64_t now = now_instant.ticks();
  if (deadline < now) {
    deadline = now;  // due already; a long-past value would not compare right in 32 bits
  } else if (deadline - now > detail::kHorizon) {
    deadline = now + detail::kHorizon;  // woken early there, and re-armed by its future
  }
  CriticalSection cs;
  if (detail::queued(task)) {
    if (detail::not_after(task->timer_deadline, static_cast<std::uint32_t>(deadline))) return;  // an earlier wake-up is arranged
    detail::remove(task);
  }
#else
  CriticalSection cs;
  if (task->timer_deadline <= deadline) return;  // an earlier wake-up is already arranged
  if (detail::queued(task)) detail::remove(task);
#endif
  detail::insert(task, deadline);
  if (detail::g_root == task) detail::rearm();
}

namespace {
#if !MOTE_RUN_QUEUE_LOCK_FREE && defined(__ELF__)
}  // namespace
// Timer's poll function if the program awaits a Timer anywhere, else null: a weak reference to
// the template instance by its (Itanium ABI) symbol, so that a firmware that never awaits a
// Timer (blinky: a Ticker only) does not link Timer's poll just for expire()'s comparison (84
// bytes on Cortex-M3). Should the instance's signature change, the name no longer matches and
// the reference stays null: expire() then polls due Timers once more (correct, slower), which the
// alarm figure of the regression guard (bench.guard) reports.
extern "C" bool mote_timer_poll_thunk(void*, Waker) __asm__("_ZN4mote6detail10poll_thunkINS_5TimerEEEbPvNS_5WakerE")
    __attribute__((weak));
namespace {
constexpr detail::PollFn kTimerPoll = &mote_timer_poll_thunk;
#elif !MOTE_RUN_QUEUE_LOCK_FREE
constexpr detail::PollFn kTimerPoll = &detail::poll_thunk<Timer>;
#endif

// Wakes every task due at `now` and re-arms the alarm for the next deadline. `alarm_idle`: the
// hardware alarm just fired and stopped, so an empty queue needs no disarm. Inside a critical
// section.
void expire(std::uint64_t now, bool alarm_idle) noexcept {
  detail::g_alarm_time = now;
#if MOTE_TIMER_QUEUE_LIST
  while (!detail::end(detail::g_root) && detail::not_after(detail::g_root->timer_deadline, static_cast<std::uint32_t>(now))) {
#else
  while (detail::g_root != nullptr && detail::g_root->timer_deadline <= now) {
#endif
    detail::TaskHeader* t = detail::pop_first();
#if !MOTE_RUN_QUEUE_LOCK_FREE
    // A task awaiting a Timer that is now due resumes without polling it again. (Its heap
    // deadline may be an earlier, stale one: the Timer's own deadline decides.)
    constexpr detail::PollFn timer_poll = kTimerPoll;
    if (timer_poll != nullptr && t->poll_fn == timer_poll && static_cast<const Timer*>(t->poll_obj)->deadline().ticks() <= now) {
      t->poll_fn = nullptr;  // what wake_resolved does, inlined: this critical section is held
      // already (a call to it cost the alarm path 13 instructions)
    }
#endif
    detail::wake_task_masked(t);
  }
  if (detail::g_root != nullptr || !alarm_idle) detail::rearm();
}
}  // namespace

void on_alarm() noexcept {
  MOTE_TRACE_EVENT(AlarmFired, nullptr, 0);
  CriticalSection cs;
  expire(platform::time_now(), false);
}

void on_alarm_due(std::uint64_t due) noexcept {
  MOTE_TRACE_EVENT(AlarmFired, nullptr, 0);
  CriticalSection cs;
  expire(due, true);
}

std::uint64_t detail::now_ticks() noexcept { return platform::time_now(); }

}  // namespace mote
