// mote/timer.hpp: waiting for time: Timer (one deadline) and Ticker (a periodic beat).
#pragma once

#include <mote/platform/port.hpp>

#include "mote/time.hpp"
#include "mote/time_driver.hpp"
#include "mote/waker.hpp"

namespace mote {

namespace detail {
/// Whether `deadline` (ticks) has certainly passed because the last alarm saw the clock at or
/// beyond it. The executor re-polls a woken task's future before resuming it; for a timer the
/// alarm woke, this answers without reading the clock again (on mps2 a clock read is about 35
/// instructions, the check 8). Only where a consistent 64-bit read is a PRIMASK critical section
/// (Cortex-M); elsewhere it is never true and the clock decides.
inline bool passed_at_last_alarm(std::uint64_t deadline) noexcept {
#if defined(MOTE_PLATFORM_CORTEX_M)
  const platform::CsState cs = platform::cs_enter();  // the alarm interrupt writes both halves
  const bool passed = deadline <= g_alarm_time;
  platform::cs_exit(cs);
  return passed;
#else
  (void)deadline;
  return false;
#endif
}
}  // namespace detail

/// A future that completes at its deadline. Holds only the deadline; the wake-up lives in
/// the task header, so cancelling (destroying) a Timer needs no clean-up.
class [[nodiscard]] Timer {
 public:
  /// Completes `d` after now (the deadline is fixed when the Timer is created). ISR-safe.
  /// By reference: a by-value argument is a temporary of the whole `co_await Timer::after(d)`
  /// expression, which clang keeps in the awaiting task's frame (8 bytes) when `d` is a variable.
  static Timer after(const Duration& d) noexcept { return Timer(Instant::now() + d); }
  /// Completes at `deadline` (at once if it has passed). ISR-safe.
  static Timer at(Instant deadline) noexcept { return Timer(deadline); }

  Instant deadline() const noexcept { return deadline_; }

  bool poll(Waker waker) noexcept {
    if (detail::passed_at_last_alarm(deadline_.ticks())) return true;
    const Instant now = Instant::now();
    if (now.ticks() >= deadline_.ticks()) return true;  // ticks: no temporary whose address clang keeps in the frame
    schedule_wake(deadline_, waker, now);
    return false;
  }
  void take() const noexcept {}

 private:
  explicit Timer(Instant deadline) noexcept : deadline_(deadline) {}
  Instant deadline_;
};

/// Beats every `period` without drift: each tick's deadline is the previous deadline plus
/// the period, however long the work between ticks took (a late task catches up at once).
/// The first `next()` completes one period after construction (or after `reset()`).
class Ticker {
 public:
  explicit Ticker(Duration period) noexcept : period_(period), next_(Instant::now() + period) {}

  /// Future of the next beat. Not ISR-safe (use from the task that owns the ticker).
  class [[nodiscard]] Next {
   public:
    bool poll(Waker waker) noexcept {
      const Instant next = ticker_->next_;
      Instant now = Instant::from_ticks(0);
      if (detail::passed_at_last_alarm(next.ticks()) || (now = Instant::now()).ticks() >= next.ticks()) {  // see Timer::poll
        ticker_->next_ += ticker_->period_;
        return true;
      }
      schedule_wake(next, waker, now);
      return false;
    }
    void take() const noexcept {}

   private:
    friend class Ticker;
    explicit Next(Ticker* t) noexcept : ticker_(t) {}
    Ticker* ticker_;
  };

  Next next() noexcept { return Next(this); }
  /// Restarts the beat: the next tick is one period from now.
  void reset() noexcept { next_ = Instant::now() + period_; }
  Duration period() const noexcept { return period_; }
  /// When the next beat is due.
  Instant next_deadline() const noexcept { return next_; }

 private:
  Duration period_;
  Instant next_;
};

}  // namespace mote
