// mote/time_driver.hpp: the timer queue that every platform's time driver serves.
//
// The queue holds one node per task (inside its header), keyed by the task's earliest
// deadline, in a pairing heap: O(1) insert, O(log n) amortised removal, no allocation, no
// fixed capacity. The platform keeps a single hardware alarm armed for the earliest deadline
// (tickless: no interrupt while nothing is due) and calls `on_alarm` when it fires.
#pragma once

#include <cstddef>
#include <cstdint>

#include "mote/time.hpp"
#include "mote/waker.hpp"

namespace mote {

/// Arranges for `waker` to be woken at or after `at`. If the task already waits for an
/// earlier deadline nothing changes (its futures re-arm later deadlines when polled).
/// `Instant::max()` means never: nothing is scheduled. ISR-safe.
void schedule_wake(Instant at, Waker waker) noexcept;
/// The same for a caller that has just read the clock (`now`, not later than the real time):
/// firmware's timer queue needs the clock to bound what it stores, and this saves reading it
/// again. ISR-safe.
void schedule_wake(Instant at, Waker waker, Instant now) noexcept;

namespace detail {
/// Removes the task from the timer queue (a finished task). ISR-safe.
void timer_cancel(TaskHeader* task) noexcept;
/// The earliest pending deadline in ticks, or kNoDeadline. ISR-safe.
std::uint64_t timer_next_deadline() noexcept;
/// The deadline `task` waits for in the timer queue (in full, also where the queue keeps 32
/// bits), or kNoDeadline if it is not queued. For tests and statistics. ISR-safe.
std::uint64_t timer_deadline(const TaskHeader* task) noexcept;
/// Number of tasks in the timer queue (for tests and statistics). ISR-safe.
std::size_t timer_queue_size() noexcept;
/// The clock reading (ticks) taken by the last on_alarm: never ahead of the clock, so a
/// deadline at or before it has passed. Written inside on_alarm's critical section.
extern std::uint64_t g_alarm_time;
}  // namespace detail

/// Called by a platform's time driver when its alarm fires (or, on the host, when the idle
/// loop sees the deadline pass): wakes every task whose deadline is <= now and re-arms the
/// alarm for the next one. Meant for the alarm interrupt; ISR-safe.
void on_alarm() noexcept;

/// Like on_alarm, for a driver whose one-shot alarm, armed for `due` ticks, has fired and
/// stopped: `due` stands for the clock (the alarm never fires early), which saves reading it,
/// and an empty queue leaves the stopped alarm alone. Only when the hardware really waited
/// until `due` (not for a countdown clamped short). Meant for the alarm interrupt; ISR-safe.
void on_alarm_due(std::uint64_t due) noexcept;

}  // namespace mote
