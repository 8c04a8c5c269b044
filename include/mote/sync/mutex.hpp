// mote/sync/mutex.hpp: an async mutex owning its value, handed to waiters in FIFO order.
//
//   static mote::Mutex<int> counter{0};
//   auto guard = co_await counter.lock();   // waits while another task holds it
//   *guard += 1;                             // unlocked when `guard` is destroyed
//   if (auto g = counter.try_lock()) ++**g;  // without waiting (also from an interrupt)
//
// Unlocking hands the mutex directly to the longest-waiting `lock()`, so waiters get it in the
// order they started waiting and a task that calls `lock()` later cannot barge in. A `lock()`
// future destroyed after the mutex was handed to it passes the mutex on to the next waiter (or
// unlocks it): cancellation never leaves the mutex locked or a waiter behind.
#pragma once

#include <concepts>
#include <optional>
#include <type_traits>
#include <utility>

#include "mote/critical_section.hpp"
#include "mote/sync/wait_queue.hpp"
#include "mote/waker.hpp"

namespace mote {

template <class T, class RawMutex = CriticalSectionRawMutex>
class Mutex {
 public:
  /// Default-constructs the value.
  constexpr Mutex() noexcept(std::is_nothrow_default_constructible_v<T>)
    requires std::default_initializable<T>
      : value_{} {}
  /// Holds `value`.
  constexpr explicit Mutex(T value) noexcept(std::is_nothrow_move_constructible_v<T>) : value_(std::move(value)) {}
  /// Constructs the value in place from `args`.
  template <class... Args>
  constexpr explicit Mutex(std::in_place_t, Args&&... args) noexcept(std::is_nothrow_constructible_v<T, Args...>)
      : value_(std::forward<Args>(args)...) {}
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  /// Proof of holding the mutex: gives access to the value and unlocks when destroyed.
  /// Move-only; a moved-from guard holds nothing. Destroying a guard is ISR-safe.
  class [[nodiscard]] Guard {
   public:
    Guard(Guard&& o) noexcept : m_(std::exchange(o.m_, nullptr)) {}
    Guard& operator=(Guard&& o) noexcept {
      if (this != &o) {
        if (m_ != nullptr) m_->unlock();
        m_ = std::exchange(o.m_, nullptr);
      }
      return *this;
    }
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;
    ~Guard() {
      if (m_ != nullptr) m_->unlock();
    }
    T& operator*() const noexcept { return m_->value_; }
    T* operator->() const noexcept { return &m_->value_; }

   private:
    friend class Mutex;
    explicit Guard(Mutex* owner) noexcept : m_(owner) {}
    Mutex* m_;
  };

  /// Future of holding the mutex; yields a Guard. Destroying it before it completes leaves no
  /// waiter behind, and if the mutex had already been handed to it, passes the mutex on.
  class [[nodiscard]] LockFuture {
   public:
    bool poll(Waker waker) noexcept {
      if (acquired_) return true;
      return m_->mutex_.lock([&] {
        if (node_.state == detail::WaitNode::State::Woken) {
          m_->waiters_.done(node_);  // the unlocking side handed the mutex to us
        } else if (node_.state == detail::WaitNode::State::Idle && !m_->locked_) {
          m_->locked_ = true;  // unlocked implies no waiters: unlocking hands it to the first
        } else {
          m_->waiters_.wait(node_, waker);
          return false;
        }
        acquired_ = true;
        return true;
      });
    }
    Guard take() noexcept {
      acquired_ = false;
      return Guard(m_);
    }
    LockFuture(LockFuture&& o) noexcept
        : m_(o.m_), node_(std::move(o.node_)), acquired_(std::exchange(o.acquired_, false)) {}
    LockFuture& operator=(LockFuture&&) = delete;
    ~LockFuture() {
      if (!acquired_ && node_.state == detail::WaitNode::State::Idle) return;
      m_->mutex_.lock([&] {
        const bool owns = acquired_ || node_.state == detail::WaitNode::State::Woken;
        m_->waiters_.done(node_);
        if (owns) m_->unlock_locked();
      });
    }

   private:
    friend class Mutex;
    explicit LockFuture(Mutex* owner) noexcept : m_(owner) {}
    Mutex* m_;
    detail::WaitNode node_;
    bool acquired_ = false;  // completed, Guard not taken yet
  };

  /// Locks the mutex, waiting (FIFO) while it is held. Task context only.
  LockFuture lock() noexcept { return LockFuture(this); }

  /// Locks the mutex if it is free (and nobody waits), without waiting. ISR-safe.
  std::optional<Guard> try_lock() noexcept {
    const bool got = mutex_.lock([&] {
      if (locked_) return false;
      locked_ = true;
      return true;
    });
    if (!got) return std::nullopt;
    return Guard(this);
  }

  /// Whether the mutex is held (or being handed to a waiter). ISR-safe (a snapshot).
  bool is_locked() const noexcept {
    return mutex_.lock([&] { return locked_; });
  }

 private:
  void unlock() noexcept {
    mutex_.lock([&] { unlock_locked(); });
  }
  // With the raw mutex held: hand the mutex to the first waiter, or unlock it.
  void unlock_locked() noexcept {
    if (waiters_.empty()) {
      locked_ = false;
    } else {
      waiters_.wake_one();
    }
  }

  [[no_unique_address]] RawMutex mutex_;
  bool locked_ = false;
  detail::WaitQueue waiters_;
  T value_;
};

}  // namespace mote
