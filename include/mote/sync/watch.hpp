// mote/sync/watch.hpp: the latest value, with change notification for up to N receivers.
//
//   static mote::Watch<Config, 2> config;
//   config.send(Config{...});                    // from a task or an interrupt
//   auto rx = config.receiver();                  // std::optional<Receiver>; empty once N exist
//   Config c = co_await rx->changed();            // a value this receiver has not seen yet
//
// Every receiver sees the latest value: a receiver that falls behind skips the values it
// missed rather than blocking the sender (which never waits). Values are copied out to each
// receiver, so T must be copyable. Waiting receivers are woken together by a send; waking is
// FIFO among them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>

#include "mote/critical_section.hpp"
#include "mote/sync/wait_queue.hpp"

namespace mote {

template <class T, std::size_t N, class RawMutex = CriticalSectionRawMutex>
class Watch {
  static_assert(N > 0, "mote::Watch needs room for at least one receiver");

 public:
  constexpr Watch() noexcept = default;
  Watch(const Watch&) = delete;
  Watch& operator=(const Watch&) = delete;

  class Receiver;

  /// Future of a value the receiver has not seen yet (the latest one); it marks it seen.
  class [[nodiscard]] ChangedFuture {
   public:
    bool poll(Waker waker) noexcept { return rx_->watch_->poll_value(*this, waker, true); }
    T take() noexcept { return std::move(*value_); }
    ChangedFuture(ChangedFuture&&) noexcept = default;
    ~ChangedFuture() { rx_->watch_->cancel(node_); }

   private:
    friend class Watch;
    explicit ChangedFuture(Receiver* rx) noexcept : rx_(rx) {}
    Receiver* rx_;
    std::optional<T> value_;
    detail::WaitNode node_;
  };

  /// Future of the current value, waiting only while the watch holds none; it marks it seen.
  class [[nodiscard]] GetFuture {
   public:
    bool poll(Waker waker) noexcept { return rx_->watch_->poll_value(*this, waker, false); }
    T take() noexcept { return std::move(*value_); }
    GetFuture(GetFuture&&) noexcept = default;
    ~GetFuture() { rx_->watch_->cancel(node_); }

   private:
    friend class Watch;
    explicit GetFuture(Receiver* rx) noexcept : rx_(rx) {}
    Receiver* rx_;
    std::optional<T> value_;
    detail::WaitNode node_;
  };

  /// One of the watch's (at most N) receivers; remembers which value it saw last. Move-only;
  /// it must not be moved or destroyed while one of its futures exists. Destroying it frees
  /// its place for a new receiver.
  class Receiver {
   public:
    Receiver(Receiver&& o) noexcept : watch_(std::exchange(o.watch_, nullptr)), seen_(o.seen_) {}
    Receiver& operator=(Receiver&&) = delete;
    Receiver(const Receiver&) = delete;
    ~Receiver() {
      if (watch_ != nullptr) watch_->mutex_.lock([&] { --watch_->receivers_; });
    }

    /// Waits for a value this receiver has not seen (a new receiver has seen none, so it gets
    /// the current value at once if there is one). Task context only.
    ChangedFuture changed() noexcept { return ChangedFuture(this); }
    /// The current value, waiting only while the watch holds none. Task context only.
    GetFuture get() noexcept { return GetFuture(this); }
    /// The current value if there is one, marking it seen. ISR-safe.
    std::optional<T> try_get() noexcept { return watch_->try_value(seen_, false); }
    /// The current value if this receiver has not seen it yet, marking it seen. ISR-safe.
    std::optional<T> try_changed() noexcept { return watch_->try_value(seen_, true); }
    /// Whether the watch holds a value this receiver has not seen. ISR-safe.
    bool has_changed() const noexcept {
      return watch_->mutex_.lock([&] { return watch_->value_.has_value() && watch_->version_ != seen_; });
    }

   private:
    friend class Watch;
    friend class ChangedFuture;
    friend class GetFuture;
    explicit Receiver(Watch* w) noexcept : watch_(w) {}
    Watch* watch_;
    std::uint32_t seen_ = 0;  // version last seen; 0: none (the watch's versions start at 1)
  };

  /// A new receiver, or nothing if N receivers exist already. ISR-safe.
  std::optional<Receiver> receiver() noexcept {
    const bool ok = mutex_.lock([&] {
      if (receivers_ == N) return false;
      ++receivers_;
      return true;
    });
    if (!ok) return std::nullopt;
    return Receiver(this);
  }

  /// Replaces the value and wakes every waiting receiver. Never waits. ISR-safe.
  void send(T value) noexcept {
    mutex_.lock([&] {
      value_ = std::move(value);
      publish();
    });
  }
  /// Calls `f(std::optional<T>&)` on the value with the lock held (keep it short) and
  /// notifies the receivers as if it had been sent (unless `f` left it empty). ISR-safe if `f` is.
  template <class F>
  void send_modify(F&& f) noexcept {
    mutex_.lock([&] {
      std::forward<F>(f)(value_);
      if (value_.has_value()) publish();
    });
  }
  /// Drops the value; receivers then wait for the next send. ISR-safe.
  void clear() noexcept {
    mutex_.lock([&] { value_.reset(); });
  }
  /// The current value, without a receiver. ISR-safe.
  std::optional<T> try_get() const noexcept {
    return mutex_.lock([&] { return value_; });
  }
  /// Whether the watch holds a value. ISR-safe.
  bool contains_value() const noexcept {
    return mutex_.lock([&] { return value_.has_value(); });
  }
  /// Receivers alive now. ISR-safe (a snapshot).
  std::size_t receiver_count() const noexcept {
    return mutex_.lock([&] { return receivers_; });
  }
  static constexpr std::size_t max_receivers() noexcept { return N; }

 private:
  void publish() noexcept {
    if (++version_ == 0) version_ = 1;  // 0 means "seen nothing"
    waiters_.wake_all();
  }

  template <class Fut>
  bool poll_value(Fut& f, Waker waker, bool only_new) noexcept {
    return mutex_.lock([&] {
      if (value_.has_value() && (!only_new || version_ != f.rx_->seen_)) {
        waiters_.done(f.node_);
        f.value_.emplace(*value_);
        f.rx_->seen_ = version_;
        return true;
      }
      waiters_.wait(f.node_, waker);
      return false;
    });
  }

  // A send wakes every waiter, so a cancelled one has no wake-up to pass on.
  void cancel(detail::WaitNode& node) noexcept {
    if (node.state == detail::WaitNode::State::Idle) return;
    mutex_.lock([&] { waiters_.cancel(node, false); });
  }

  std::optional<T> try_value(std::uint32_t& seen, bool only_new) noexcept {
    return mutex_.lock([&]() -> std::optional<T> {
      if (!value_.has_value() || (only_new && version_ == seen)) return std::nullopt;
      seen = version_;
      return value_;
    });
  }

  [[no_unique_address]] RawMutex mutex_;
  std::optional<T> value_;
  std::uint32_t version_ = 0;  // bumped by every send; wraps past 0
  std::size_t receivers_ = 0;
  detail::WaitQueue waiters_;
};

}  // namespace mote
