// mote/sync/priority_channel.hpp: bounded MPMC channel that hands out the highest priority first.
//
//   struct Job { int prio; int id; };
//   struct ByPrio { bool operator()(const Job& a, const Job& b) const { return a.prio < b.prio; } };
//   static mote::PriorityChannel<Job, 8, ByPrio> jobs;
//   co_await jobs.send(Job{2, 7});       // waits while full
//   Job j = co_await jobs.receive();     // the greatest by ByPrio, waiting while empty
//   jobs.try_send(Job{9, 1});            // from an interrupt: fails (returning the value) if full
//
// `Compare` orders values like std::priority_queue's: with the default std::less<T> the
// greatest value comes out first (std::greater<T> gives the smallest first). Values of equal
// priority come out in the order they were sent. Otherwise it behaves exactly like
// mote::Channel: values stay in the channel until a receiver takes them, so cancelling a
// receive never loses one, and waiting senders and receivers are served in FIFO order.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <new>
#include <optional>
#include <type_traits>
#include <utility>

#include "mote/critical_section.hpp"
#include "mote/result.hpp"
#include "mote/sync/channel.hpp"  // TrySendError
#include "mote/sync/wait_queue.hpp"

namespace mote {

template <class T, std::size_t N, class Compare = std::less<T>, class RawMutex = CriticalSectionRawMutex>
class PriorityChannel {
  static_assert(N > 0, "mote::PriorityChannel needs a capacity of at least 1");

 public:
  constexpr PriorityChannel() noexcept = default;
  constexpr explicit PriorityChannel(Compare compare) noexcept : cmp_(std::move(compare)) {}
  PriorityChannel(const PriorityChannel&) = delete;
  PriorityChannel& operator=(const PriorityChannel&) = delete;
  ~PriorityChannel() { clear(); }

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
    friend class PriorityChannel;
    SendFuture(PriorityChannel* ch, T&& v) noexcept : ch_(ch), value_(std::move(v)) {}
    PriorityChannel* ch_;
    std::optional<T> value_;
    detail::WaitNode node_;
  };

  /// Future of the highest-priority value; completes when one is available.
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
    friend class PriorityChannel;
    explicit ReceiveFuture(PriorityChannel* ch) noexcept : ch_(ch) {}
    PriorityChannel* ch_;
    std::optional<T> value_;
    detail::WaitNode node_;
  };

  /// Sends `value`, waiting while the channel is full. Task context only.
  SendFuture send(T value) noexcept { return SendFuture(this, std::move(value)); }
  /// Receives the highest-priority value, waiting while the channel is empty. Task context only.
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

  /// Takes the highest-priority value without waiting, or nothing if empty. ISR-safe.
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
  /// ISR-safe.
  bool is_empty() const noexcept { return len() == 0; }
  /// ISR-safe.
  bool is_full() const noexcept { return len() == N; }

  /// Drops every queued value and wakes waiting senders. ISR-safe.
  void clear() noexcept {
    mutex_.lock([&] {
      while (count_ > 0) {
        entry(--count_)->~Entry();
        senders_.wake_one();
      }
    });
  }

 private:
  struct Entry {
    Entry(T&& v, std::uint32_t s) noexcept : value(std::move(v)), seq(s) {}
    T value;
    std::uint32_t seq;  // send order, to keep equal priorities FIFO
  };
  // `a` comes out after `b`: lower priority, or equal and sent later. The sequence numbers
  // of queued entries span fewer than N values, so comparing them modulo 2^32 is exact.
  struct After {
    const Compare* cmp;
    bool operator()(const Entry& a, const Entry& b) const {
      if ((*cmp)(a.value, b.value)) return true;
      if ((*cmp)(b.value, a.value)) return false;
      return static_cast<std::int32_t>(a.seq - b.seq) > 0;
    }
  };

  // Both run with the mutex held and wake the other side's first waiter.
  void push(T&& v) noexcept {
    ::new (static_cast<void*>(entry(count_))) Entry(std::move(v), seq_++);
    ++count_;
    std::push_heap(entry(0), entry(0) + count_, After{&cmp_});
    receivers_.wake_one();
  }
  T pop() noexcept {
    std::pop_heap(entry(0), entry(0) + count_, After{&cmp_});
    Entry* e = entry(--count_);
    T v = std::move(e->value);
    e->~Entry();
    senders_.wake_one();
    return v;
  }
  Entry* entry(std::size_t i) noexcept {
    return std::launder(reinterpret_cast<Entry*>(storage_ + i * sizeof(Entry)));
  }

  [[no_unique_address]] RawMutex mutex_;
  [[no_unique_address]] Compare cmp_{};
  std::size_t count_ = 0;
  std::uint32_t seq_ = 0;
  detail::WaitQueue senders_;
  detail::WaitQueue receivers_;
  alignas(Entry) unsigned char storage_[N * sizeof(Entry)];
};

}  // namespace mote
