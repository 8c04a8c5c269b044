// mote/sync/rwlock.hpp: an async reader-writer lock owning its value, FIFO-fair.
//
//   static mote::RwLock<Config> config{Config{}};
//   {
//     auto r = co_await config.read();    // shared: any number of readers at once
//     use(r->rate);
//   }
//   auto w = co_await config.write();     // exclusive; released when `w` is destroyed
//   w->rate = 10;
//   if (auto r = config.try_read()) ...   // without waiting (also from an interrupt)
//
// Requests are served in FIFO order and granted directly while the lock is still held, so a
// later caller cannot take it first: a waiting writer blocks readers that come after it (no
// writer starves), and when a writer unlocks, the readers queued behind it up to the next
// waiting writer all get the lock together. Cancelling a waiting `read`/`write` leaves no
// waiter behind; if the lock had already been granted to it, it is released and passed on.
#pragma once

#include <concepts>
#include <cstddef>
#include <optional>
#include <type_traits>
#include <utility>

#include "mote/critical_section.hpp"
#include "mote/sync/handoff_queue.hpp"

namespace mote {

template <class T, class RawMutex = CriticalSectionRawMutex>
class RwLock {
  static constexpr std::size_t kRead = 0;
  static constexpr std::size_t kWrite = 1;

 public:
  /// Default-constructs the value.
  constexpr RwLock() noexcept(std::is_nothrow_default_constructible_v<T>)
    requires std::default_initializable<T>
      : value_{} {}
  /// Holds `value`.
  constexpr explicit RwLock(T value) noexcept(std::is_nothrow_move_constructible_v<T>) : value_(std::move(value)) {}
  /// Constructs the value in place from `args`.
  template <class... Args>
  constexpr explicit RwLock(std::in_place_t, Args&&... args) noexcept(std::is_nothrow_constructible_v<T, Args...>)
      : value_(std::forward<Args>(args)...) {}
  RwLock(const RwLock&) = delete;
  RwLock& operator=(const RwLock&) = delete;

  /// Shared access: a const view of the value; released when destroyed. Move-only; a
  /// moved-from guard holds nothing. Destroying one is ISR-safe.
  class [[nodiscard]] ReadGuard {
   public:
    ReadGuard(ReadGuard&& o) noexcept : l_(std::exchange(o.l_, nullptr)) {}
    ReadGuard& operator=(ReadGuard&& o) noexcept {
      if (this != &o) {
        if (l_ != nullptr) l_->release(kRead);
        l_ = std::exchange(o.l_, nullptr);
      }
      return *this;
    }
    ReadGuard(const ReadGuard&) = delete;
    ReadGuard& operator=(const ReadGuard&) = delete;
    ~ReadGuard() {
      if (l_ != nullptr) l_->release(kRead);
    }
    const T& operator*() const noexcept { return l_->value_; }
    const T* operator->() const noexcept { return &l_->value_; }

   private:
    friend class RwLock;
    explicit ReadGuard(RwLock* owner) noexcept : l_(owner) {}
    RwLock* l_;
  };

  /// Exclusive access to the value; released when destroyed. Move-only; a moved-from guard
  /// holds nothing. Destroying one is ISR-safe.
  class [[nodiscard]] WriteGuard {
   public:
    WriteGuard(WriteGuard&& o) noexcept : l_(std::exchange(o.l_, nullptr)) {}
    WriteGuard& operator=(WriteGuard&& o) noexcept {
      if (this != &o) {
        if (l_ != nullptr) l_->release(kWrite);
        l_ = std::exchange(o.l_, nullptr);
      }
      return *this;
    }
    WriteGuard(const WriteGuard&) = delete;
    WriteGuard& operator=(const WriteGuard&) = delete;
    ~WriteGuard() {
      if (l_ != nullptr) l_->release(kWrite);
    }
    T& operator*() const noexcept { return l_->value_; }
    T* operator->() const noexcept { return &l_->value_; }

   private:
    friend class RwLock;
    explicit WriteGuard(RwLock* owner) noexcept : l_(owner) {}
    RwLock* l_;
  };

  /// Future of shared access; yields a ReadGuard. See the header comment for cancellation.
  using ReadFuture = detail::HandoffFuture<RwLock, ReadGuard>;
  /// Future of exclusive access; yields a WriteGuard. See the header comment for cancellation.
  using WriteFuture = detail::HandoffFuture<RwLock, WriteGuard>;

  /// Shared access, waiting while a writer holds the lock or anyone is queued. Task context only.
  ReadFuture read() noexcept { return ReadFuture(*this, kRead); }
  /// Exclusive access, waiting while anyone holds the lock or is queued. Task context only.
  WriteFuture write() noexcept { return WriteFuture(*this, kWrite); }

  /// Shared access if no writer holds the lock and nobody waits, without waiting. ISR-safe.
  std::optional<ReadGuard> try_read() noexcept {
    if (!mutex_.lock([&] { return try_take_locked(kRead); })) return std::nullopt;
    return ReadGuard(this);
  }
  /// Exclusive access if nobody holds the lock or waits, without waiting. ISR-safe.
  std::optional<WriteGuard> try_write() noexcept {
    if (!mutex_.lock([&] { return try_take_locked(kWrite); })) return std::nullopt;
    return WriteGuard(this);
  }

  /// Readers holding the lock now (including ones it was just granted to). ISR-safe (a snapshot).
  std::size_t reader_count() const noexcept {
    return mutex_.lock([&] { return readers_; });
  }
  /// Whether a writer holds the lock (or it was just granted to one). ISR-safe (a snapshot).
  bool is_write_locked() const noexcept {
    return mutex_.lock([&] { return writer_; });
  }

 private:
  friend ReadFuture;
  friend WriteFuture;

  void release(std::size_t request) noexcept {
    mutex_.lock([&] { give_back_locked(request); });
  }
  bool try_take_locked(std::size_t request) noexcept {
    if (writer_ || !queue_.empty()) return false;
    if (request == kRead) {
      ++readers_;
    } else {
      if (readers_ > 0) return false;
      writer_ = true;
    }
    return true;
  }
  void give_back_locked(std::size_t request) noexcept {
    if (request == kRead) {
      --readers_;
    } else {
      writer_ = false;
    }
    grant_locked();
  }
  // Grants from the head of the queue: one writer, or every reader up to the next writer.
  void grant_locked() noexcept {
    while (detail::HandoffNode* node = queue_.front()) {
      if (writer_) return;
      if (node->request == kWrite) {
        if (readers_ > 0) return;
        writer_ = true;
        queue_.grant(*node);
        return;
      }
      ++readers_;
      queue_.grant(*node);
    }
  }
  template <class Guard>
  Guard make_guard(std::size_t) noexcept {
    return Guard(this);
  }

  [[no_unique_address]] RawMutex mutex_;
  std::size_t readers_ = 0;
  bool writer_ = false;
  detail::HandoffQueue queue_;
  T value_;
};

}  // namespace mote
