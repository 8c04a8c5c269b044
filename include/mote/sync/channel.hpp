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
#include <cstdint>
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
/// The smallest unsigned type that counts up to N (a channel's indices and counters: on a
/// microcontroller most channels hold a few values, so their bookkeeping is bytes, not words).
template <std::size_t N>
using CountFor = std::conditional_t<N <= 0xFF, std::uint8_t, std::conditional_t<N <= 0xFFFF, std::uint16_t, std::size_t>>;

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
    head_ = static_cast<CountFor<N>>((head_ + 1) % N);
    --count_;
    return v;
  }

 private:
  T* slot(std::size_t i) noexcept { return std::launder(reinterpret_cast<T*>(storage_ + i * sizeof(T))); }

  CountFor<N> head_ = 0;
  CountFor<N> count_ = 0;
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
  /// then drops the value unsent. When room appears for a waiting sender that a task (or an
  /// Async) awaits itself, `co_await ch.send(v)`, the value goes in at once and the send is
  /// complete: its task resumes with nothing left to do (a task cancelled before it resumes
  /// has still sent). A send awaited through select, with_timeout or join, which may yet drop
  /// it, gets the room reserved instead (no other sender can take it) and its value goes in
  /// when it is taken; destroyed before that, it passes the room on to the next sender.
  class [[nodiscard]] SendFuture : WaitNode {
   public:
    bool poll(Waker waker) noexcept {
      return ch_->mutex_.lock([&] {
        if (state == State::Done) return true;  // room was reserved for it
        if (ch_->has_room_locked()) {
          ch_->senders_.done(*this);
          ch_->push_locked(std::move(*value_));
          return true;
        }
        ch_->senders_.wait(*this, waker);
        return false;
      });
    }
    void take() noexcept {
      if (state != State::Done) return;  // sent by poll
      if (!value_) {                     // sent by the receiver that made room
        state = State::Idle;
        return;
      }
      ch_->mutex_.lock([&] {
        state = State::Idle;
        --ch_->reserved_room_;
        ch_->push_locked(std::move(*value_));
      });
    }
    SendFuture(SendFuture&&) noexcept = default;
    // The common end (taken, or never waited) inline; the rest out of line.
    [[gnu::always_inline]] ~SendFuture() {
      if (state != State::Idle) [[unlikely]] abandon();
    }

    /// Called by a task or an Async that awaits this send itself (TaskAwaiter, AsyncAwaiter),
    /// never by select or join: it will take() the send once complete, unless destroyed with
    /// its task, so a receiver that makes room may put the value in at once.
    void awaited_by_task() noexcept { awaited_ = true; }

   private:
    [[gnu::noinline]] void abandon() noexcept {
      if (state == State::Done && !value_) {  // sent: its task was cancelled before it resumed
        state = State::Idle;
        return;
      }
      ch_->mutex_.lock([&] {
        if (state == State::Done) {
          state = State::Idle;
          --ch_->reserved_room_;
          ch_->serve_sender_locked();  // the room it had goes to the next sender
        } else {
          ch_->senders_.cancel(*this, ch_->has_room_locked());
        }
      });
    }

    friend class BasicChannel;
    SendFuture(BasicChannel* ch, T&& v) noexcept : ch_(ch), value_(std::move(v)) {}
    BasicChannel* ch_;
    std::optional<T> value_;  // emptied once a receiver put it in for this sender
    bool awaited_ = false;    // see awaited_by_task()
  };

  /// Future of the next value (the oldest, or the highest-priority); completes when one is
  /// available. A value is reserved for it when it becomes ready (no other receiver can take
  /// it) and taken from the channel when the task resumes; destroyed before that, it leaves the
  /// value in the channel for the next receiver.
  class [[nodiscard]] ReceiveFuture : WaitNode {
   public:
    bool poll(Waker waker) noexcept {
      return ch_->mutex_.lock([&] {
        if (state == State::Done) return true;  // a sender reserved a value for it
        if (ch_->queue_.size() > ch_->reserved_) {
          ch_->receivers_.done(*this);
          state = State::Done;
          ++ch_->reserved_;
          return true;
        }
        ch_->receivers_.wait(*this, waker);
        return false;
      });
    }
    T take() noexcept {
      return ch_->mutex_.lock([&] {
        state = State::Idle;
        --ch_->reserved_;
        return ch_->pop_locked();
      });
    }
    ReceiveFuture(ReceiveFuture&&) noexcept = default;
    // The common end (taken, or never waited) inline; the rest out of line.
    [[gnu::always_inline]] ~ReceiveFuture() {
      if (state != State::Idle) [[unlikely]] abandon();
    }

   private:
    [[gnu::noinline]] void abandon() noexcept {
      ch_->mutex_.lock([&] {
        if (state == State::Done) {
          state = State::Idle;
          --ch_->reserved_;
          ch_->serve_receiver_locked();  // the value it had stays: the next receiver gets it
        } else {
          ch_->receivers_.cancel(*this, ch_->queue_.size() > ch_->reserved_);
        }
      });
    }

    friend class BasicChannel;
    explicit ReceiveFuture(BasicChannel* ch) noexcept : ch_(ch) {}
    BasicChannel* ch_;
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
    explicit ReadyFuture(BasicChannel* ch) noexcept : ch_(ch) { node_.kind = WaitNode::Kind::Retry; }
    bool ready() const noexcept {
      return kSide == Side::Send ? ch_->has_room_locked() : ch_->queue_.size() > ch_->reserved_;
    }
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
      if (!has_room_locked()) return false;  // full, or the room is promised to a woken sender
      push_locked(std::move(value));
      return true;
    });
    if (sent) return {};
    return Err{TrySendError<T>{std::move(value)}};
  }

  /// Takes the next value without waiting, or nothing if empty. ISR-safe.
  std::optional<T> try_receive() noexcept {
    return mutex_.lock([&]() -> std::optional<T> {
      if (queue_.size() == reserved_) return std::nullopt;  // empty, or promised to woken receivers
      return pop_locked();
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

  /// Drops every queued value not yet promised to a woken receiver, and lets waiting senders
  /// in. ISR-safe.
  void clear() noexcept {
    mutex_.lock([&] {
      while (queue_.size() > reserved_) (void)queue_.pop();
      while (serve_sender_locked()) {
      }
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
  // All run with the mutex held. A value that arrives is reserved for the longest-waiting
  // receiver, room that appears for the longest-waiting sender (or a ready_to_* waiter is woken
  // to look): the woken task resumes without a poll and takes its value / puts its value in.
  void push_locked(T&& v) noexcept {
    queue_.push(std::move(v));
    serve_receiver_locked();
  }
  T pop_locked() noexcept {
    T v = queue_.pop();
    serve_sender_locked();
    return v;
  }
  bool has_room_locked() const noexcept { return queue_.size() + reserved_room_ < N; }
  // Serves the longest-waiting sender: puts its value in, or reserves free room for it (or wakes
  // a ready_to_send waiter to look); true if a sender got room.
  bool serve_sender_locked() noexcept {
    if (!has_room_locked()) return false;
    WaitNode* const n = senders_.front();
    if (n == nullptr) return false;
    if (n->kind == WaitNode::Kind::Retry) {
      senders_.wake_one();
      return false;
    }
    senders_.pop();
    SendFuture& sender = static_cast<SendFuture&>(*n);
    if (sender.awaited_) {
      // Its task will take it: the value goes in now (and on to a waiting receiver, if any),
      // so that resuming the sender finishes nothing (a switch less per message when both
      // sides wait in turn). The emptied value_ marks it sent.
      queue_.push(std::move(*sender.value_));
      sender.value_.reset();
      WaitQueue::complete<RawMutex>(*n, sender);
      serve_receiver_locked();
      return true;
    }
    ++reserved_room_;
    WaitQueue::complete<RawMutex>(*n, sender);
    return true;
  }
  void serve_receiver_locked() noexcept {
    if (queue_.size() == reserved_) return;  // nothing unpromised to offer
    WaitNode* const n = receivers_.front();
    if (n == nullptr) return;
    if (n->kind == WaitNode::Kind::Retry) {
      receivers_.wake_one();
      return;
    }
    receivers_.pop();
    ++reserved_;
    WaitQueue::complete<RawMutex>(*n, static_cast<ReceiveFuture&>(*n));
  }

  [[no_unique_address]] RawMutex mutex_;
  WaitQueue senders_;
  WaitQueue receivers_;
  CountFor<N> reserved_ = 0;       // queued values promised to receivers that are about to take them
  CountFor<N> reserved_room_ = 0;  // free room promised to senders that are about to fill it
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
