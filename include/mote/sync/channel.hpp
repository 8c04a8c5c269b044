// mote/sync/channel.hpp: bounded multi-producer multi-consumer FIFO channel.
//
//   static mote::Channel<int, 4> readings;
//   co_await readings.send(42);          // waits while full
//   int v = co_await readings.receive(); // waits while empty
//   readings.try_send(7);                // from an interrupt: fails (returning the value) if full
//
// Values stay in the channel until a receiver takes them, so cancelling a receive never loses
// one. Waiting senders and receivers are served in FIFO order. `sender()` and `receiver()` give
// handles to one side; `ready_to_send()` / `ready_to_receive()` wait without moving a value.
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

namespace detail {

/// A channel's values, oldest first: a ring in static storage. Used with the mutex held.
template <class T, std::size_t N>
class FifoQueue {
 public:
  constexpr FifoQueue() noexcept = default;
  FifoQueue(const FifoQueue&) = delete;
  FifoQueue& operator=(const FifoQueue&) = delete;
  ~FifoQueue() {
    while (count_ > 0) (void)pop();
  }

  std::size_t size() const noexcept { return count_; }
  void push(T&& v) noexcept {
    ::new (static_cast<void*>(slot((head_ + count_) % N))) T(std::move(v));
    ++count_;
  }
  T pop() noexcept {
    T* p = slot(head_);
    T v = std::move(*p);
    p->~T();
    head_ = (head_ + 1) % N;
    --count_;
    return v;
  }

 private:
  T* slot(std::size_t i) noexcept { return std::launder(reinterpret_cast<T*>(storage_ + i * sizeof(T))); }

  std::size_t head_ = 0;
  std::size_t count_ = 0;
  alignas(T) unsigned char storage_[N * sizeof(T)];
};

/// What Channel and PriorityChannel share: bounded, multi-producer multi-consumer, FIFO
/// waiters on both sides; `Queue` (size, push, pop) decides which value leaves first.
template <class T, std::size_t N, class Queue, class RawMutex>
class BasicChannel {
  static_assert(N > 0, "mote: a channel needs a capacity of at least 1");

 public:
  constexpr BasicChannel() noexcept = default;
  constexpr explicit BasicChannel(Queue&& queue) noexcept : queue_(std::move(queue)) {}
  BasicChannel(const BasicChannel&) = delete;
  BasicChannel& operator=(const BasicChannel&) = delete;

  /// Future of sending `value`; completes once it is in the channel. Destroying it before
  /// then drops the value unsent.
  class [[nodiscard]] SendFuture {
   public:
    bool poll(Waker waker) noexcept {
      return ch_->mutex_.lock([&] {
        if (ch_->queue_.size() < N) {
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
      if (node_.state == WaitNode::State::Idle) return;
      ch_->mutex_.lock([&] { ch_->senders_.cancel(node_, ch_->queue_.size() < N); });
    }

   private:
    friend class BasicChannel;
    SendFuture(BasicChannel* ch, T&& v) noexcept : ch_(ch), value_(std::move(v)) {}
    BasicChannel* ch_;
    std::optional<T> value_;
    WaitNode node_;
  };

  /// Future of the next value (the oldest, or the highest-priority); completes when one is
  /// available.
  class [[nodiscard]] ReceiveFuture {
   public:
    bool poll(Waker waker) noexcept {
      return ch_->mutex_.lock([&] {
        if (ch_->queue_.size() > 0) {
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
      if (node_.state == WaitNode::State::Idle) return;
      ch_->mutex_.lock([&] { ch_->receivers_.cancel(node_, ch_->queue_.size() > 0); });
    }

   private:
    friend class BasicChannel;
    explicit ReceiveFuture(BasicChannel* ch) noexcept : ch_(ch) {}
    BasicChannel* ch_;
    std::optional<T> value_;
    WaitNode node_;
  };

  /// Future that completes once the channel has room (`Side::Send`) or holds a value
  /// (`Side::Receive`), without sending or taking anything: for code that must prepare a value
  /// only when it can be sent at once (`try_send` then succeeds unless another sender took the
  /// room first), or look before it takes.
  enum class Side : bool { Send, Receive };
  template <Side kSide>
  class [[nodiscard]] ReadyFuture {
   public:
    bool poll(Waker waker) noexcept {
      return ch_->mutex_.lock([&] {
        if (ready()) {
          // It takes nothing: a wake-up it was given passes on to the next waiter.
          waiters().cancel(node_, true);
          return true;
        }
        waiters().wait(node_, waker);
        return false;
      });
    }
    void take() const noexcept {}
    ReadyFuture(ReadyFuture&&) noexcept = default;
    ~ReadyFuture() {
      if (node_.state == WaitNode::State::Idle) return;
      ch_->mutex_.lock([&] { waiters().cancel(node_, ready()); });
    }

   private:
    friend class BasicChannel;
    explicit ReadyFuture(BasicChannel* ch) noexcept : ch_(ch) {}
    bool ready() const noexcept { return kSide == Side::Send ? ch_->queue_.size() < N : ch_->queue_.size() > 0; }
    WaitQueue& waiters() noexcept { return kSide == Side::Send ? ch_->senders_ : ch_->receivers_; }
    BasicChannel* ch_;
    WaitNode node_;
  };
  using ReadyToSendFuture = ReadyFuture<Side::Send>;
  using ReadyToReceiveFuture = ReadyFuture<Side::Receive>;

  /// Sends `value`, waiting while the channel is full. Task context only.
  SendFuture send(T value) noexcept { return SendFuture(this, std::move(value)); }
  /// Receives the next value, waiting while the channel is empty. Task context only.
  ReceiveFuture receive() noexcept { return ReceiveFuture(this); }

  /// Waits until the channel has room (sends nothing). Task context only.
  ReadyToSendFuture ready_to_send() noexcept { return ReadyToSendFuture(this); }
  /// Waits until the channel holds a value (takes nothing). Task context only.
  ReadyToReceiveFuture ready_to_receive() noexcept { return ReadyToReceiveFuture(this); }

  /// Sends without waiting; if full, returns the value in the error. ISR-safe.
  Result<void, TrySendError<T>> try_send(T value) noexcept {
    const bool sent = mutex_.lock([&] {
      if (queue_.size() == N) return false;
      push(std::move(value));
      return true;
    });
    if (sent) return {};
    return Err{TrySendError<T>{std::move(value)}};
  }

  /// Takes the next value without waiting, or nothing if empty. ISR-safe.
  std::optional<T> try_receive() noexcept {
    return mutex_.lock([&]() -> std::optional<T> {
      if (queue_.size() == 0) return std::nullopt;
      return pop();
    });
  }

  /// Values currently queued. ISR-safe (a snapshot).
  std::size_t len() const noexcept {
    return mutex_.lock([&] { return queue_.size(); });
  }
  static constexpr std::size_t capacity() noexcept { return N; }
  /// Room left: capacity() - len(). ISR-safe (a snapshot).
  std::size_t free_capacity() const noexcept { return N - len(); }
  /// ISR-safe (a snapshot).
  bool is_empty() const noexcept { return len() == 0; }
  /// ISR-safe (a snapshot).
  bool is_full() const noexcept { return len() == N; }

  /// Drops every queued value and wakes waiting senders. ISR-safe.
  void clear() noexcept {
    mutex_.lock([&] {
      while (queue_.size() > 0) (void)pop();
    });
  }

  /// A handle that can only send: give a producer `channel.sender()` rather than the channel.
  class Sender;
  /// A handle that can only receive.
  class Receiver;
  /// The send side of this channel. ISR-safe (it only makes a handle).
  Sender sender() noexcept { return Sender(*this); }
  /// The receive side of this channel. ISR-safe (it only makes a handle).
  Receiver receiver() noexcept { return Receiver(*this); }

 private:
  // Both run with the mutex held and wake the other side's first waiter.
  void push(T&& v) noexcept {
    queue_.push(std::move(v));
    receivers_.wake_one();
  }
  T pop() noexcept {
    T v = queue_.pop();
    senders_.wake_one();
    return v;
  }

  [[no_unique_address]] RawMutex mutex_;
  WaitQueue senders_;
  WaitQueue receivers_;
  Queue queue_;
};

/// Copyable reference to a channel's send side. It refers to the channel, so a task may take
/// one as a parameter only as mote::Static<...::Sender> (the channel must outlive the task).
template <class T, std::size_t N, class Queue, class RawMutex>
class BasicChannel<T, N, Queue, RawMutex>::Sender {
 public:
  explicit Sender(BasicChannel& ch) noexcept : ch_(&ch) {}
  /// Task context only.
  SendFuture send(T value) const noexcept { return ch_->send(std::move(value)); }
  /// ISR-safe.
  Result<void, TrySendError<T>> try_send(T value) const noexcept { return ch_->try_send(std::move(value)); }
  /// Task context only.
  ReadyToSendFuture ready_to_send() const noexcept { return ch_->ready_to_send(); }
  /// The rest are ISR-safe snapshots (clear drops the queued values).
  std::size_t len() const noexcept { return ch_->len(); }
  std::size_t free_capacity() const noexcept { return ch_->free_capacity(); }
  static constexpr std::size_t capacity() noexcept { return N; }
  bool is_empty() const noexcept { return ch_->is_empty(); }
  bool is_full() const noexcept { return ch_->is_full(); }
  void clear() const noexcept { ch_->clear(); }
  friend bool operator==(const Sender&, const Sender&) = default;

  static constexpr bool mote_borrows_storage = true;  // see mote::borrows_storage_v

 private:
  BasicChannel* ch_;
};

/// Copyable reference to a channel's receive side (same rules as Sender).
template <class T, std::size_t N, class Queue, class RawMutex>
class BasicChannel<T, N, Queue, RawMutex>::Receiver {
 public:
  explicit Receiver(BasicChannel& ch) noexcept : ch_(&ch) {}
  /// Task context only.
  ReceiveFuture receive() const noexcept { return ch_->receive(); }
  /// ISR-safe.
  std::optional<T> try_receive() const noexcept { return ch_->try_receive(); }
  /// Task context only.
  ReadyToReceiveFuture ready_to_receive() const noexcept { return ch_->ready_to_receive(); }
  /// The rest are ISR-safe snapshots (clear drops the queued values).
  std::size_t len() const noexcept { return ch_->len(); }
  std::size_t free_capacity() const noexcept { return ch_->free_capacity(); }
  static constexpr std::size_t capacity() noexcept { return N; }
  bool is_empty() const noexcept { return ch_->is_empty(); }
  bool is_full() const noexcept { return ch_->is_full(); }
  void clear() const noexcept { ch_->clear(); }
  friend bool operator==(const Receiver&, const Receiver&) = default;

  static constexpr bool mote_borrows_storage = true;  // see mote::borrows_storage_v

 private:
  BasicChannel* ch_;
};

}  // namespace detail

/// Bounded multi-producer multi-consumer FIFO channel (see the top of this file). Send and
/// receive are task context only; try_send, try_receive, len, clear are ISR-safe.
/// Handles: `Channel<T, N>::Sender`, `Channel<T, N>::Receiver`.
template <class T, std::size_t N, class RawMutex = CriticalSectionRawMutex>
class Channel : public detail::BasicChannel<T, N, detail::FifoQueue<T, N>, RawMutex> {};

}  // namespace mote
