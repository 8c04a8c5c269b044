// mote/sync/pubsub.hpp: broadcast channel; every subscriber sees every message.
//
//   static mote::PubSubChannel<Event, 8, 3, 2> events;   // 8 messages, 3 subscribers, 2 publishers
//   auto sub = events.subscriber().unwrap();             // fails once 3 subscribers are alive
//   auto pub = events.publisher().unwrap();
//   co_await pub.publish(ev);                            // waits while a subscriber lags 8 behind
//   events.publish_immediate(ev);                        // from an interrupt: never waits
//   auto r = co_await sub.receive();                     // Result<Event, Lagged>
//   if (!r) skipped += r.error().missed;                 // publish_immediate overwrote unread ones
//
// A message stays in the channel until every subscriber that existed when it was published has
// read it (or left). `publish` waits for room; `publish_immediate` makes room by dropping the
// oldest message, and a subscriber that had not read it learns on its next receive how many it
// missed (`Lagged{n}`), then continues with the oldest message still held. A message published
// while no subscriber exists is dropped: nobody could ever read it. A new subscriber sees only
// messages published after it subscribed. Waiting publishers are served in FIFO order; waiting
// subscribers are all woken by each message. Cancelling a receive loses nothing (the message
// stays until read); cancelling a publish drops its value unsent.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <optional>
#include <type_traits>
#include <utility>

#include "mote/critical_section.hpp"
#include "mote/result.hpp"
#include "mote/sync/channel.hpp"  // TrySendError
#include "mote/sync/wait_queue.hpp"

namespace mote {

/// A subscriber's receive result when it fell behind: `missed` messages were dropped (by
/// `publish_immediate`) before it read them. Its next receive gets the oldest message held.
struct Lagged {
  std::uint64_t missed;
  friend constexpr bool operator==(Lagged, Lagged) noexcept = default;
};
constexpr const char* error_message(const Lagged&) noexcept { return "subscriber lagged: messages were missed"; }

/// Why `subscriber()` or `publisher()` failed: every handle of that kind is in use.
enum class PubSubError : std::uint8_t { MaximumSubscribersReached, MaximumPublishersReached };
constexpr const char* error_message(PubSubError e) noexcept {
  return e == PubSubError::MaximumSubscribersReached ? "maximum number of subscribers reached"
                                                      : "maximum number of publishers reached";
}

template <class T, std::size_t N, std::size_t Subs, std::size_t Pubs, class RawMutex = CriticalSectionRawMutex>
class PubSubChannel {
  static_assert(N > 0, "mote::PubSubChannel needs a capacity of at least 1");
  static_assert(Subs > 0, "mote::PubSubChannel needs room for at least 1 subscriber");
  static_assert(std::is_copy_constructible_v<T>, "mote::PubSubChannel copies each message to every subscriber");

 public:
  /// What a subscriber receives: a message, or Lagged{n} after it missed n messages.
  using Message = Result<T, Lagged>;

  constexpr PubSubChannel() noexcept = default;
  PubSubChannel(const PubSubChannel&) = delete;
  PubSubChannel& operator=(const PubSubChannel&) = delete;
  /// Every Subscriber, Publisher and future of this channel must be gone by then.
  ~PubSubChannel() {
    while (count_ > 0) drop_front();
  }

  class Subscriber;

  /// Future of a subscriber's next message. `SkipLag` false: yields Message (Lagged first if
  /// messages were missed); true: yields T, silently skipping what was missed.
  template <bool SkipLag>
  class [[nodiscard]] NextFuture {
   public:
    bool poll(Waker waker) noexcept {
      PubSubChannel* ch = sub_->ch_;
      return ch->mutex_.lock([&] {
        for (;;) {
          std::optional<Message> m = ch->next_locked(*sub_);
          if (!m) break;
          if (SkipLag && !m->has_value()) continue;
          ch->sub_waiters_.done(node_);
          out_.emplace(std::move(*m));
          return true;
        }
        ch->sub_waiters_.wait(node_, waker);
        return false;
      });
    }
    std::conditional_t<SkipLag, T, Message> take() noexcept {
      if constexpr (SkipLag) {
        return std::move(*out_).unwrap();
      } else {
        return std::move(*out_);
      }
    }
    NextFuture(NextFuture&&) noexcept = default;
    ~NextFuture() {
      if (node_.state == detail::WaitNode::State::Idle) return;
      // Every waiting subscriber is woken by each message: there is no wake-up to pass on.
      PubSubChannel* ch = sub_->ch_;
      ch->mutex_.lock([&] { ch->sub_waiters_.cancel(node_, false); });
    }

   private:
    friend class Subscriber;
    explicit NextFuture(Subscriber* s) noexcept : sub_(s) {}
    Subscriber* sub_;
    std::optional<Message> out_;
    detail::WaitNode node_;
  };

  /// A subscription: reads every message published while it exists. Move-only; at most `Subs`
  /// alive per channel. Destroying it releases the messages it had not read. It must not be
  /// moved or destroyed while one of its futures exists.
  class Subscriber {
   public:
    Subscriber(Subscriber&& o) noexcept : ch_(std::exchange(o.ch_, nullptr)), next_(o.next_) {}
    Subscriber& operator=(Subscriber&& o) noexcept {
      if (this != &o) {
        release();
        ch_ = std::exchange(o.ch_, nullptr);
        next_ = o.next_;
      }
      return *this;
    }
    ~Subscriber() { release(); }

    /// Waits for the next message; yields Lagged{n} first if n messages were missed.
    /// Task context only.
    NextFuture<false> receive() noexcept { return NextFuture<false>(this); }
    /// Waits for the next message, skipping over missed ones. Task context only.
    NextFuture<true> receive_message() noexcept { return NextFuture<true>(this); }
    /// The next message (or Lagged{n}) without waiting; nothing if none is new. ISR-safe.
    std::optional<Message> try_receive() noexcept {
      return ch_->mutex_.lock([&] { return ch_->next_locked(*this); });
    }
    /// Messages published since this subscriber's last receive, including missed ones.
    /// ISR-safe (a snapshot).
    std::size_t available() const noexcept {
      return ch_->mutex_.lock([&] { return static_cast<std::size_t>(ch_->next_id_ - next_); });
    }

   private:
    friend class PubSubChannel;
    Subscriber(PubSubChannel* ch, std::uint64_t next) noexcept : ch_(ch), next_(next) {}
    void release() noexcept {
      if (ch_ == nullptr) return;
      ch_->mutex_.lock([&] { ch_->unsubscribe_locked(*this); });
      ch_ = nullptr;
    }
    PubSubChannel* ch_;
    std::uint64_t next_;  // id of the next message to read; guarded by the channel's mutex
  };

  /// Future of publishing a value; completes once it is in the channel (at once if there is
  /// room or no subscriber). Destroying it before then drops the value unsent.
  class [[nodiscard]] PublishFuture {
   public:
    bool poll(Waker waker) noexcept {
      return ch_->mutex_.lock([&] {
        if (ch_->subs_ == 0 || ch_->count_ < N) {
          ch_->pub_waiters_.done(node_);
          if (ch_->subs_ > 0) ch_->push_locked(std::move(*value_));
          value_.reset();
          return true;
        }
        ch_->pub_waiters_.wait(node_, waker);
        return false;
      });
    }
    void take() const noexcept {}
    PublishFuture(PublishFuture&&) noexcept = default;
    ~PublishFuture() {
      if (node_.state == detail::WaitNode::State::Idle) return;
      ch_->mutex_.lock([&] { ch_->pub_waiters_.cancel(node_, ch_->subs_ == 0 || ch_->count_ < N); });
    }

   private:
    friend class PubSubChannel;
    PublishFuture(PubSubChannel* ch, T&& v) noexcept : ch_(ch), value_(std::move(v)) {}
    PubSubChannel* ch_;
    std::optional<T> value_;
    detail::WaitNode node_;
  };

  /// A publishing handle. Move-only; at most `Pubs` alive per channel.
  class Publisher {
   public:
    Publisher(Publisher&& o) noexcept : ch_(std::exchange(o.ch_, nullptr)) {}
    Publisher& operator=(Publisher&& o) noexcept {
      if (this != &o) {
        release();
        ch_ = std::exchange(o.ch_, nullptr);
      }
      return *this;
    }
    ~Publisher() { release(); }

    /// Publishes `value`, waiting while the channel is full. Task context only.
    PublishFuture publish(T value) noexcept { return PublishFuture(ch_, std::move(value)); }
    /// Publishes without waiting, dropping the oldest message if full. ISR-safe.
    void publish_immediate(T value) noexcept { ch_->publish_immediate(std::move(value)); }
    /// Publishes without waiting; if full, returns the value in the error. ISR-safe.
    Result<void, TrySendError<T>> try_publish(T value) noexcept { return ch_->try_publish(std::move(value)); }

   private:
    friend class PubSubChannel;
    explicit Publisher(PubSubChannel* ch) noexcept : ch_(ch) {}
    void release() noexcept {
      if (ch_ == nullptr) return;
      ch_->mutex_.lock([&] { --ch_->pubs_; });
      ch_ = nullptr;
    }
    PubSubChannel* ch_;
  };

  /// A new subscriber (it sees messages published from now on), or
  /// MaximumSubscribersReached if `Subs` are alive. ISR-safe.
  Result<Subscriber, PubSubError> subscriber() noexcept {
    // Registered and positioned at once: every message published later counts it as a reader.
    const std::optional<std::uint64_t> next = mutex_.lock([&]() -> std::optional<std::uint64_t> {
      if (subs_ == Subs) return std::nullopt;
      ++subs_;
      return next_id_;
    });
    if (!next) return Err{PubSubError::MaximumSubscribersReached};
    return Subscriber(this, *next);
  }
  /// A new publisher handle, or MaximumPublishersReached if `Pubs` are alive. ISR-safe.
  Result<Publisher, PubSubError> publisher() noexcept {
    const bool ok = mutex_.lock([&] {
      if (pubs_ == Pubs) return false;
      ++pubs_;
      return true;
    });
    if (!ok) return Err{PubSubError::MaximumPublishersReached};
    return Publisher(this);
  }

  /// Publishes without a handle and without waiting; if the channel is full, the oldest
  /// message is dropped (subscribers that had not read it get Lagged). ISR-safe.
  void publish_immediate(T value) noexcept {
    mutex_.lock([&] {
      if (subs_ == 0) return;
      if (count_ == N) drop_front();
      push_locked(std::move(value));
    });
  }
  /// Publishes without a handle and without waiting; if full, returns the value in the
  /// error. With no subscriber the value is dropped and this succeeds. ISR-safe.
  Result<void, TrySendError<T>> try_publish(T value) noexcept {
    const bool sent = mutex_.lock([&] {
      if (subs_ == 0) return true;
      if (count_ == N) return false;
      push_locked(std::move(value));
      return true;
    });
    if (sent) return {};
    return Err{TrySendError<T>{std::move(value)}};
  }

  /// Messages held (not yet read by every subscriber). ISR-safe (a snapshot).
  std::size_t len() const noexcept {
    return mutex_.lock([&] { return count_; });
  }
  static constexpr std::size_t capacity() noexcept { return N; }
  /// capacity() - len(). ISR-safe.
  std::size_t free_capacity() const noexcept { return N - len(); }
  /// ISR-safe.
  bool is_empty() const noexcept { return len() == 0; }
  /// ISR-safe.
  bool is_full() const noexcept { return len() == N; }
  /// Subscribers / publisher handles alive now. ISR-safe.
  std::size_t subscriber_count() const noexcept {
    return mutex_.lock([&] { return subs_; });
  }
  std::size_t publisher_count() const noexcept {
    return mutex_.lock([&] { return pubs_; });
  }

  /// Drops every held message and wakes waiting publishers; subscribers that had not read
  /// them get Lagged{n} on their next receive. ISR-safe.
  void clear() noexcept {
    mutex_.lock([&] {
      while (count_ > 0) {
        drop_front();
        pub_waiters_.wake_one();
      }
    });
  }

 private:
  // All of these run with the mutex held.
  std::uint64_t front_id() const noexcept { return next_id_ - count_; }
  std::size_t index_of(std::uint64_t id) const noexcept {
    return (head_ + static_cast<std::size_t>(id - front_id())) % N;
  }

  void push_locked(T&& v) noexcept {  // needs count_ < N and a subscriber
    const std::size_t i = (head_ + count_) % N;
    ::new (static_cast<void*>(slot(i))) T(std::move(v));
    readers_[i] = subs_;
    ++count_;
    ++next_id_;
    sub_waiters_.wake_all();
  }
  void drop_front() noexcept {
    slot(head_)->~T();
    head_ = (head_ + 1) % N;
    --count_;
  }
  // Drops the front messages every reader is done with, waking a publisher per freed slot.
  void release_read() noexcept {
    while (count_ > 0 && readers_[head_] == 0) {
      drop_front();
      pub_waiters_.wake_one();
    }
  }

  std::optional<Message> next_locked(Subscriber& s) noexcept {
    const std::uint64_t front = front_id();
    if (s.next_ < front) {
      const std::uint64_t missed = front - s.next_;
      s.next_ = front;
      return Message(Err{Lagged{missed}});
    }
    if (s.next_ == next_id_) return std::nullopt;
    const std::size_t i = index_of(s.next_);
    ++s.next_;
    std::optional<Message> out;
    if (--readers_[i] == 0) {
      out.emplace(std::move(*slot(i)));  // the last reader: nobody reads this copy again
      release_read();
    } else {
      out.emplace(static_cast<const T&>(*slot(i)));
    }
    return out;
  }

  void unsubscribe_locked(Subscriber& s) noexcept {
    for (std::uint64_t id = s.next_ < front_id() ? front_id() : s.next_; id < next_id_; ++id) {
      --readers_[index_of(id)];
    }
    --subs_;
    release_read();
    if (subs_ == 0) pub_waiters_.wake_all();  // publishing now drops the value: nobody waits
  }

  T* slot(std::size_t i) noexcept { return std::launder(reinterpret_cast<T*>(storage_ + i * sizeof(T))); }

  [[no_unique_address]] RawMutex mutex_;
  std::uint64_t next_id_ = 0;  // id of the next message published; the front's is next_id_ - count_
  std::size_t head_ = 0;
  std::size_t count_ = 0;
  std::size_t subs_ = 0;
  std::size_t pubs_ = 0;
  std::size_t readers_[N] = {};  // per slot: subscribers that still have to read it
  detail::WaitQueue sub_waiters_;
  detail::WaitQueue pub_waiters_;
  alignas(T) unsigned char storage_[N * sizeof(T)];
};

}  // namespace mote
