// mote/sync/channel.hpp: bounded multi-producer multi-consumer FIFO channel.
//
//   static mote::Channel<int, 4> readings;
//   co_await readings.send(42);          // waits while full
//   int v = co_await readings.receive(); // waits while empty
//   readings.try_send(7);                // from an interrupt: fails (returning the value) if full
//
// Values stay in the channel until a receiver takes them, so cancelling a receive never loses
// one. Waiting senders and receivers are served in FIFO order.
#pragma once

#include <cstddef>
#include <new>
#include <optional>
#include <type_traits>
#include <utility>

#include "mote/critical_section.hpp"
#include "mote/result.hpp"
#include "mote/sync/wait_queue.hpp"

namespace mote {

/// The error of a failed `try_send`: the channel was full. Holds the value, which is not lost.
template <class T>
struct TrySendError {
  T value;
};
template <class T>
constexpr const char* error_message(const TrySendError<T>&) noexcept {
  return "channel full";
}

template <class T, std::size_t N, class RawMutex = CriticalSectionRawMutex>
class Channel {
  static_assert(N > 0, "mote::Channel needs a capacity of at least 1");

 public:
  constexpr Channel() noexcept = default;
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;
  ~Channel() { clear(); }

  /// Future of sending `value`; completes once it is in the channel. Destroying it before
  /// then drops the value unsent.
  class [[nodiscard]] SendFuture {
   public:
    bool poll(Waker waker) noexcept {
      return ch_->mutex_.lock([&] {
        if (ch_->count_ < N) {
          ch_->senders_.done(node_);
          ch_->push(std::move(*value_));
          value_.reset();
          return true;
        }
        ch_->senders_.wait(node_, waker);
        return false;
      });
    }
    void take() const noexcept {}
    SendFuture(SendFuture&&) noexcept = default;
    ~SendFuture() {
      if (node_.state == detail::WaitNode::State::Idle) return;
      ch_->mutex_.lock([&] { ch_->senders_.cancel(node_, ch_->count_ < N); });
    }

   private:
    friend class Channel;
    SendFuture(Channel* ch, T&& v) noexcept : ch_(ch), value_(std::move(v)) {}
    Channel* ch_;
    std::optional<T> value_;
    detail::WaitNode node_;
  };

  /// Future of the next value; completes when one is available.
  class [[nodiscard]] ReceiveFuture {
   public:
    bool poll(Waker waker) noexcept {
      return ch_->mutex_.lock([&] {
        if (ch_->count_ > 0) {
          ch_->receivers_.done(node_);
          value_.emplace(ch_->pop());
          return true;
        }
        ch_->receivers_.wait(node_, waker);
        return false;
      });
    }
    T take() noexcept { return std::move(*value_); }
    ReceiveFuture(ReceiveFuture&&) noexcept = default;
    ~ReceiveFuture() {
      if (node_.state == detail::WaitNode::State::Idle) return;
      ch_->mutex_.lock([&] { ch_->receivers_.cancel(node_, ch_->count_ > 0); });
    }

   private:
    friend class Channel;
    explicit ReceiveFuture(Channel* ch) noexcept : ch_(ch) {}
    Channel* ch_;
    std::optional<T> value_;
    detail::WaitNode node_;
  };

  /// Sends `value`, waiting while the channel is full. Task context only.
  SendFuture send(T value) noexcept { return SendFuture(this, std::move(value)); }
  /// Receives the oldest value, waiting while the channel is empty. Task context only.
  ReceiveFuture receive() noexcept { return ReceiveFuture(this); }

  /// Sends without waiting; if full, returns the value in the error. ISR-safe.
  Result<void, TrySendError<T>> try_send(T value) noexcept {
    const bool sent = mutex_.lock([&] {
      if (count_ == N) return false;
      push(std::move(value));
      return true;
    });
    if (sent) return {};
    return Err{TrySendError<T>{std::move(value)}};
  }

  /// Takes the oldest value without waiting, or nothing if empty. ISR-safe.
  std::optional<T> try_receive() noexcept {
    return mutex_.lock([&]() -> std::optional<T> {
      if (count_ == 0) return std::nullopt;
      return pop();
    });
  }

  /// Values currently queued. ISR-safe (a snapshot).
  std::size_t len() const noexcept {
    return mutex_.lock([&] { return count_; });
  }
  static constexpr std::size_t capacity() noexcept { return N; }
  bool is_empty() const noexcept { return len() == 0; }
  bool is_full() const noexcept { return len() == N; }

  /// Drops every queued value and wakes waiting senders. ISR-safe.
  void clear() noexcept {
    mutex_.lock([&] {
      while (count_ > 0) (void)pop();
    });
  }

 private:
  // Both run with the mutex held and wake the other side's first waiter.
  void push(T&& v) noexcept {
    ::new (static_cast<void*>(slot((head_ + count_) % N))) T(std::move(v));
    ++count_;
    receivers_.wake_one();
  }
  T pop() noexcept {
    T* p = slot(head_);
    T v = std::move(*p);
    p->~T();
    head_ = (head_ + 1) % N;
    --count_;
    senders_.wake_one();
    return v;
  }
  T* slot(std::size_t i) noexcept { return std::launder(reinterpret_cast<T*>(storage_ + i * sizeof(T))); }

  [[no_unique_address]] RawMutex mutex_;
  std::size_t head_ = 0;
  std::size_t count_ = 0;
  detail::WaitQueue senders_;
  detail::WaitQueue receivers_;
  alignas(T) unsigned char storage_[N * sizeof(T)];
};

}  // namespace mote
