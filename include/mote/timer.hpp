// mote/timer.hpp: waiting for time: Timer (one deadline) and Ticker (a periodic beat).
#pragma once

#include "mote/time.hpp"
#include "mote/time_driver.hpp"
#include "mote/waker.hpp"

namespace mote {

/// A future that completes at its deadline. Holds only the deadline; the wake-up lives in
/// the task header, so cancelling (destroying) a Timer needs no clean-up.
class [[nodiscard]] Timer {
 public:
  /// Completes `d` after now (the deadline is fixed when the Timer is created). ISR-safe.
  static Timer after(Duration d) noexcept { return Timer(Instant::now() + d); }
  /// Completes at `deadline` (at once if it has passed). ISR-safe.
  static Timer at(Instant deadline) noexcept { return Timer(deadline); }

  Instant deadline() const noexcept { return deadline_; }

  bool poll(Waker waker) noexcept {
    if (Instant::now() >= deadline_) return true;
    schedule_wake(deadline_, waker);
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
      if (Instant::now() >= ticker_->next_) {
        ticker_->next_ += ticker_->period_;
        return true;
      }
      schedule_wake(ticker_->next_, waker);
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
