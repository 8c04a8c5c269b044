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

  /// Future of the next signalled value (takes it, leaving the signal unsignalled).
  class [[nodiscard]] WaitFuture {
   public:
    bool poll(Waker waker) noexcept {
      return s_->mutex_.lock([&] {
        if (s_->value_.has_value()) {
          s_->waiters_.done(node_);
          value_.emplace(std::move(*s_->value_));
          s_->value_.reset();
          return true;
        }
        s_->waiters_.wait(node_, waker);
        return false;
      });
    }
    T take() noexcept { return std::move(*value_); }
    WaitFuture(WaitFuture&&) noexcept = default;
    ~WaitFuture() {
      if (node_.state == detail::WaitNode::State::Idle) return;
      s_->mutex_.lock([&] { s_->waiters_.cancel(node_, s_->value_.has_value()); });
    }

   private:
    friend class Signal;
    explicit WaitFuture(Signal* s) noexcept : s_(s) {}
    Signal* s_;
    std::optional<T> value_;
    detail::WaitNode node_;
  };

  /// Stores `value` (replacing an unread one) and wakes one waiter. ISR-safe.
  void signal(T value) noexcept {
    mutex_.lock([&] {
      value_ = std::move(value);
      waiters_.wake_one();
    });
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
  [[no_unique_address]] RawMutex mutex_;
  std::optional<T> value_;
  detail::WaitQueue waiters_;
};

}  // namespace mote
