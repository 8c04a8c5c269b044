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

namespace detail {

/// A priority channel's values: a binary heap in static storage, highest priority first, equal
/// priorities in send order. Used with the channel's mutex held.
template <class T, std::size_t N, class Compare>
class PriorityQueue {
 public:
  constexpr PriorityQueue() noexcept = default;
  constexpr explicit PriorityQueue(Compare compare) noexcept : cmp_(std::move(compare)) {}
  PriorityQueue(PriorityQueue&& o) noexcept : cmp_(std::move(o.cmp_)) {}  // before any push only
  PriorityQueue& operator=(const PriorityQueue&) = delete;
  ~PriorityQueue() {
    while (count_ > 0) entry(--count_)->~Entry();
  }

  std::size_t size() const noexcept { return count_; }
  void push(T&& v) noexcept {
    ::new (static_cast<void*>(entry(count_))) Entry(std::move(v), seq_++);
    ++count_;
    std::push_heap(entry(0), entry(0) + count_, After{&cmp_});
  }
  T pop() noexcept {
    std::pop_heap(entry(0), entry(0) + count_, After{&cmp_});
    Entry* e = entry(--count_);
    T v = std::move(e->value);
    e->~Entry();
    return v;
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
  Entry* entry(std::size_t i) noexcept {
    return std::launder(reinterpret_cast<Entry*>(storage_ + i * sizeof(Entry)));
  }

  [[no_unique_address]] Compare cmp_{};
  std::size_t count_ = 0;
  std::uint32_t seq_ = 0;
  alignas(Entry) unsigned char storage_[N * sizeof(Entry)];
};

}  // namespace detail

/// Bounded MPMC channel handing out the highest-priority value first (see the top of this
/// file); the same API and guarantees as mote::Channel, on the same implementation.
template <class T, std::size_t N, class Compare = std::less<T>, class RawMutex = CriticalSectionRawMutex>
class PriorityChannel : public detail::BasicChannel<T, N, detail::PriorityQueue<T, N, Compare>, RawMutex> {
  using Base = detail::BasicChannel<T, N, detail::PriorityQueue<T, N, Compare>, RawMutex>;

 public:
  constexpr PriorityChannel() noexcept = default;
  constexpr explicit PriorityChannel(Compare compare) noexcept
      : Base(detail::PriorityQueue<T, N, Compare>(std::move(compare))) {}
};

}  // namespace mote
