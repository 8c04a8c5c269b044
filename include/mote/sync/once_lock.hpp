// mote/sync/once_lock.hpp: a value set once, and a value computed on first use.
//
//   static mote::OnceLock<Calibration> calib;
//   calib.try_insert(read_calibration());            // anywhere, interrupts included: first wins
//   Calibration& c = co_await calib.get();           // in a task: waits until it is set
//
//   static mote::LazyLock table{[] { return build_table(); }};
//   use(*table);                                      // built on first access, exactly once
//
// Neither allocates; the value lives inside the object and is destroyed with it. Once set, the
// value never changes or moves, so references to it stay valid; reading it costs one atomic
// load (no lock).
#pragma once

#include <atomic>
#include <functional>
#include <new>
#include <type_traits>
#include <utility>

#include "mote/critical_section.hpp"
#include "mote/result.hpp"
#include "mote/sync/wait_queue.hpp"

namespace mote {

/// The error of a failed `OnceLock::try_insert`: the lock was set already. Holds the value,
/// which is not lost.
template <class T>
struct OnceLockSetError {
  T value;
};
template <class T>
constexpr const char* error_message(const OnceLockSetError<T>&) noexcept {
  return "OnceLock already set";
}

template <class T, class RawMutex = CriticalSectionRawMutex>
class OnceLock {
 public:
  constexpr OnceLock() noexcept = default;
  OnceLock(const OnceLock&) = delete;
  OnceLock& operator=(const OnceLock&) = delete;
  ~OnceLock() {
    if (set_.load(std::memory_order_relaxed)) slot()->~T();
  }

  /// Future of the value: completes (with a reference to it) once the lock is set.
  class [[nodiscard]] GetFuture {
   public:
    bool poll(Waker waker) noexcept {
      if (!queued_ && o_->set_.load(std::memory_order_acquire)) return true;  // no lock needed
      return o_->mutex_.lock([&] {
        queued_ = !o_->set_.load(std::memory_order_relaxed);
        if (queued_) {
          o_->waiters_.wait(node_, waker);
        } else {
          o_->waiters_.done(node_);
        }
        return !queued_;
      });
    }
    /// Bind it as `T& v = co_await lock.get();` (a reference_wrapper, so that combinators can
    /// hold it).
    std::reference_wrapper<T> take() const noexcept { return std::ref(*o_->slot()); }
    GetFuture(GetFuture&&) noexcept = default;
    // Setting the lock wakes every waiter, so a cancelled one has no wake-up to pass on.
    ~GetFuture() {
      if (!queued_) return;
      o_->mutex_.lock([&] { o_->waiters_.cancel(node_, false); });
    }

   private:
    friend class OnceLock;
    explicit GetFuture(OnceLock* o) noexcept : o_(o) {}
    OnceLock* o_;
    bool queued_ = false;  // linked into (or woken from) the waiters: only the owner changes it
    detail::WaitNode node_;
  };

  /// Waits until the value is set. Task context only.
  GetFuture get() noexcept { return GetFuture(this); }

  /// The value, or nullptr while it is not set. ISR-safe.
  T* try_get() noexcept { return set_.load(std::memory_order_acquire) ? slot() : nullptr; }
  const T* try_get() const noexcept { return set_.load(std::memory_order_acquire) ? slot() : nullptr; }
  /// Whether the value is set. ISR-safe.
  bool is_set() const noexcept { return set_.load(std::memory_order_acquire); }

  /// Sets the value unless it is set already (then the error hands `value` back) and wakes
  /// every waiting `get`. ISR-safe.
  Result<void, OnceLockSetError<T>> try_insert(T value) noexcept {
    const bool inserted = mutex_.lock([&] {
      if (set_.load(std::memory_order_relaxed)) return false;
      emplace(std::move(value));
      return true;
    });
    if (inserted) return {};
    return Err{OnceLockSetError<T>{std::move(value)}};
  }

  /// The value, first setting it to `f()` if it is not set. `f` runs with the lock held, at
  /// most once per lock (keep it short: with the default mutex, interrupts wait). ISR-safe if
  /// `f` is.
  template <class F>
  T& get_or_init(F&& f) noexcept {
    if (T* v = try_get()) return *v;
    mutex_.lock([&] {
      if (!set_.load(std::memory_order_relaxed)) emplace(std::forward<F>(f)());
    });
    return *slot();
  }

 private:
  // With the mutex held.
  template <class U>
  void emplace(U&& v) noexcept {
    ::new (static_cast<void*>(storage_)) T(std::forward<U>(v));
    set_.store(true, std::memory_order_release);
    waiters_.wake_all();
  }
  T* slot() noexcept { return std::launder(reinterpret_cast<T*>(storage_)); }
  const T* slot() const noexcept { return std::launder(reinterpret_cast<const T*>(storage_)); }

  [[no_unique_address]] RawMutex mutex_;
  std::atomic<bool> set_{false};
  detail::WaitQueue waiters_;
  alignas(T) unsigned char storage_[sizeof(T)];
};

/// A value computed by `F` on first access, exactly once, with no heap. `F` runs with the lock
/// held (keep it short); it is kept until the LazyLock is destroyed.
template <class T, class F = T (*)(), class RawMutex = CriticalSectionRawMutex>
class LazyLock {
  static_assert(std::is_invocable_r_v<T, F&>, "mote::LazyLock: F must be callable as T()");

 public:
  constexpr explicit LazyLock(F f) noexcept : f_(std::move(f)) {}
  LazyLock(const LazyLock&) = delete;
  LazyLock& operator=(const LazyLock&) = delete;

  /// The value, computing it first if this is the first access. ISR-safe if `F` is.
  T& get() noexcept { return once_.get_or_init(f_); }
  T& operator*() noexcept { return get(); }
  T* operator->() noexcept { return &get(); }
  /// The value if it has been computed, else nullptr (does not compute it). ISR-safe.
  T* try_get() noexcept { return once_.try_get(); }
  /// Whether the value has been computed. ISR-safe.
  bool is_initialized() const noexcept { return once_.is_set(); }

 private:
  F f_;
  OnceLock<T, RawMutex> once_;
};

template <class F>
LazyLock(F) -> LazyLock<std::invoke_result_t<F&>, F>;

}  // namespace mote
