// mote/sync/signal.hpp: a "latest value" notification, typically from an interrupt.
//
//   static mote::Signal<std::uint32_t> sample;
//   sample.signal(adc_value);             // in the ISR; overwrites an unread value
//   auto v = co_await sample.wait();      // in a task; takes the value
//
// Any number of tasks may wait; each signal is taken by one waiter (the longest waiting).
#pragma once

#include <optional>
#include <utility>

#include "mote/critical_section.hpp"
#include "mote/sync/wait_queue.hpp"

namespace mote {

template <class T, class RawMutex = CriticalSectionRawMutex>
class Signal {
 public:
  constexpr Signal() noexcept = default;
  Signal(const Signal&) = delete;
  Signal& operator=(const Signal&) = delete;

  /// Future of the next signalled value (takes it, leaving the signal unsignalled). A waiting
  /// future is handed the value by signal() directly; destroyed before it took it, it gives the
  /// value back (unless a newer one has arrived), so that the next waiter gets it.
  class [[nodiscard]] WaitFuture : detail::WaitNode {
   public:
    bool poll(Waker waker) noexcept {
      return s_->mutex_.lock([&] {
        if (state == State::Done) return true;  // signal() handed a value over
        if (s_->value_.has_value()) {
          s_->waiters_.done(*this);
          value_.emplace(std::move(*s_->value_));
          s_->value_.reset();
          return true;
        }
        s_->waiters_.wait(*this, waker);
        return false;
      });
    }
    T take() noexcept {
      state = State::Idle;  // served: no producer looks at it any more
      return std::move(*value_);
    }
    WaitFuture(WaitFuture&&) noexcept = default;
    // The common end (taken, or never waited) inline; the rest out of line.
    [[gnu::always_inline]] ~WaitFuture() {
      if (state != State::Idle) [[unlikely]] abandon();
    }

   private:
    [[gnu::noinline]] void abandon() noexcept {
      s_->mutex_.lock([&] {
        if (state == State::Done) {
          state = State::Idle;
          if (!s_->value_.has_value()) s_->deliver_locked(std::move(*value_));  // a newer value wins
        } else {
          s_->waiters_.cancel(*this, s_->value_.has_value());
        }
      });
    }

    friend class Signal;
    explicit WaitFuture(Signal* s) noexcept : s_(s) {}
    Signal* s_;
    std::optional<T> value_;
  };

  /// Stores `value` (replacing an unread one) and wakes one waiter. ISR-safe.
  void signal(T value) noexcept {
    mutex_.lock([&] { deliver_locked(std::move(value)); });
  }
  /// Waits for a value and takes it. Task context only.
  WaitFuture wait() noexcept { return WaitFuture(this); }
  /// Takes the value if one is pending. ISR-safe.
  std::optional<T> try_take() noexcept {
    return mutex_.lock([&] { return std::exchange(value_, std::nullopt); });
  }
  /// Whether a value is pending. ISR-safe.
  bool signaled() const noexcept {
    return mutex_.lock([&] { return value_.has_value(); });
  }
  /// Drops a pending value. ISR-safe.
  void reset() noexcept {
    mutex_.lock([&] { value_.reset(); });
  }

 private:
  // The longest waiter gets the value straight into its future; with none, it is stored.
  void deliver_locked(T&& value) noexcept {
    if (detail::WaitNode* const n = waiters_.pop()) {
      WaitFuture& w = static_cast<WaitFuture&>(*n);
      w.value_.emplace(std::move(value));
      detail::WaitQueue::complete<RawMutex>(*n, w);
    } else {
      value_ = std::move(value);
    }
  }

  [[no_unique_address]] RawMutex mutex_;
  std::optional<T> value_;
  detail::WaitQueue waiters_;
};

}  // namespace mote
