// mote/sync/semaphore.hpp: a counting semaphore, fair or greedy, with permit guards.
//
//   static mote::Semaphore<> slots{3};                  // fair (the default), 3 permits
//   auto permit = co_await slots.acquire(2);            // waits until 2 permits are free
//   ...                                                 // given back when `permit` is destroyed
//   if (auto p = slots.try_acquire()) { ... }           // without waiting (also from an ISR)
//   slots.release(1);                                   // adds a permit (e.g. from an ISR)
//
// Waiting requests are granted their permits directly, in FIFO order, while the permits are
// still counted as taken, so a later caller cannot take them first.
// - Fair (`Semaphore<>`, `FairSemaphore<>`): strictly FIFO. A request at the head of the queue
//   that does not fit blocks every later one, even smaller ones that would fit; `try_acquire`
//   fails while anyone waits. No request starves.
// - Greedy (`GreedySemaphore<>`): any request that fits proceeds; waiting requests are still
//   considered in FIFO order. A large request can starve behind a stream of small ones.
// A request for more permits than will ever be available waits until `release` adds enough.
// Cancelling a waiting `acquire` leaves no waiter behind; if permits had already been granted
// to it, they go back to the semaphore and on to the next waiters.
#pragma once

#include <cstddef>
#include <optional>
#include <utility>

#include "mote/critical_section.hpp"
#include "mote/sync/handoff_queue.hpp"

namespace mote {

/// Which waiting requests a semaphore serves when permits are released.
enum class SemaphoreOrder : unsigned char {
  Fair,    ///< strictly FIFO: the head request blocks later ones
  Greedy,  ///< every request that fits, in FIFO order
};

template <SemaphoreOrder Order = SemaphoreOrder::Fair, class RawMutex = CriticalSectionRawMutex>
class Semaphore {
 public:
  /// A semaphore holding `permits` permits.
  constexpr explicit Semaphore(std::size_t permits) noexcept : permits_(permits) {}
  Semaphore(const Semaphore&) = delete;
  Semaphore& operator=(const Semaphore&) = delete;

  /// Permits held; given back to the semaphore when destroyed. Move-only; a moved-from permit
  /// holds none. Destroying one is ISR-safe.
  class [[nodiscard]] Permit {
   public:
    Permit(Permit&& o) noexcept : s_(o.s_), n_(std::exchange(o.n_, 0)) {}
    Permit& operator=(Permit&& o) noexcept {
      if (this != &o) {
        if (n_ > 0) s_->release(n_);
        s_ = o.s_;
        n_ = std::exchange(o.n_, 0);
      }
      return *this;
    }
    Permit(const Permit&) = delete;
    Permit& operator=(const Permit&) = delete;
    ~Permit() {
      if (n_ > 0) s_->release(n_);
    }
    /// Permits held. ISR-safe.
    std::size_t count() const noexcept { return n_; }
    /// Keeps the permits taken for good (nothing is given back on destruction); returns how
    /// many they were. Give them back later with `Semaphore::release`. ISR-safe.
    std::size_t disarm() noexcept { return std::exchange(n_, 0); }

   private:
    friend class Semaphore;
    Permit(Semaphore* owner, std::size_t permits) noexcept : s_(owner), n_(permits) {}
    Semaphore* s_;
    std::size_t n_;
  };

  /// Future of `n` permits; yields a Permit. See the header comment for cancellation.
  using AcquireFuture = detail::HandoffFuture<Semaphore, Permit>;

  /// Acquires `n` permits, waiting while they are not available (see Fair/Greedy above).
  /// Task context only.
  AcquireFuture acquire(std::size_t n = 1) noexcept { return AcquireFuture(*this, n); }

  /// Acquires `n` permits if that is possible now (for a fair semaphore: only if nobody is
  /// waiting), without waiting. ISR-safe.
  std::optional<Permit> try_acquire(std::size_t n = 1) noexcept {
    if (!mutex_.lock([&] { return try_take_locked(n); })) return std::nullopt;
    return Permit(this, n);
  }

  /// Adds `n` permits and grants waiting requests that can now proceed. ISR-safe.
  void release(std::size_t n) noexcept {
    mutex_.lock([&] { give_back_locked(n); });
  }

  /// Permits available now (not held and not granted to a waiter). ISR-safe (a snapshot).
  std::size_t available() const noexcept {
    return mutex_.lock([&] { return permits_; });
  }

  static constexpr SemaphoreOrder order() noexcept { return Order; }

 private:
  friend AcquireFuture;

  bool try_take_locked(std::size_t n) noexcept {
    if constexpr (Order == SemaphoreOrder::Fair) {
      if (!queue_.empty()) return false;
    }
    if (n > permits_) return false;
    permits_ -= n;
    return true;
  }
  void give_back_locked(std::size_t n) noexcept {
    permits_ += n;
    grant_locked();
  }
  void grant_locked() noexcept {
    detail::HandoffNode* node = queue_.front();
    while (node != nullptr) {
      detail::HandoffNode* next = node->next;
      if (node->request <= permits_) {
        permits_ -= node->request;
        queue_.grant(*node);
      } else if constexpr (Order == SemaphoreOrder::Fair) {
        return;  // the head does not fit: it blocks everyone behind it
      }
      node = next;
    }
  }
  template <class>
  Permit make_guard(std::size_t n) noexcept {
    return Permit(this, n);
  }

  [[no_unique_address]] RawMutex mutex_;
  std::size_t permits_;
  detail::HandoffQueue queue_;
};

/// Strictly FIFO semaphore (a waiting request blocks later ones).
template <class RawMutex = CriticalSectionRawMutex>
using FairSemaphore = Semaphore<SemaphoreOrder::Fair, RawMutex>;
/// Semaphore serving every waiting request that fits.
template <class RawMutex = CriticalSectionRawMutex>
using GreedySemaphore = Semaphore<SemaphoreOrder::Greedy, RawMutex>;

}  // namespace mote
