// mote/hal/bus_turn.hpp: one transfer at a time on a peripheral, the others waiting in FIFO order
// (for chip drivers: the I2C and SPI drivers' transfer futures).
//
//   struct State { mote::hal::BusTurn turn; ... };           // one per peripheral, static storage
//   bool Future::poll(Waker w) {                              // inside a critical section
//     if (!started_) {
//       if (!s.turn.try_take(this, node_, w)) return false;   // queued: woken when it is our turn
//       started_ = true; ...start the transfer...
//     }
//     ...when it completes: s.turn.release();                 // the next future may start
//   }
//   ~Future() { if (!started_) s.turn.leave(node_); else if it still holds the turn: stop, release(); }
//
// A future that never got the turn leaves the queue when destroyed, passing on a wake-up it did
// not use, so a cancelled waiter never strands the others. Every call must be made inside a
// critical section (interrupt handlers and executors at other priorities share the state).
#pragma once

#include <cstdint>

#include "mote/result.hpp"
#include "mote/sync/wait_queue.hpp"
#include "mote/waker.hpp"

namespace mote::hal {

/// Who may use a peripheral now, and who waits for it (FIFO). Trivially constructible as a
/// constinit static. Every member: inside a critical section; ISR-safe in that sense.
class BusTurn {
 public:
  /// True if `self` holds the turn now (it was free, or `self` already held it). Otherwise queues
  /// `node`, to be woken through `waker` when the turn is released, and returns false.
  bool try_take(const void* self, ::mote::detail::WaitNode& node, Waker waker) noexcept {
    if (owner_ != nullptr && owner_ != self) {
      waiters_.wait(node, waker);
      return false;
    }
    waiters_.done(node);
    owner_ = self;
    return true;
  }
  /// Whether `self` holds the turn.
  bool held_by(const void* self) const noexcept { return owner_ == self; }
  /// Gives the turn up and wakes the longest waiter, if any.
  void release() noexcept {
    owner_ = nullptr;
    waiters_.wake_one();
  }
  /// The future owning `node` is destroyed without having taken the turn: it leaves the queue,
  /// handing a wake-up it got but did not use to the next waiter.
  void leave(::mote::detail::WaitNode& node) noexcept {
    if (node.state != ::mote::detail::WaitNode::State::Idle) waiters_.cancel(node, owner_ == nullptr);
  }
  /// Forgets the holder (a driver starting up; no future may exist).
  void reset() noexcept { owner_ = nullptr; }

 private:
  const void* owner_ = nullptr;
  ::mote::detail::WaitQueue waiters_;
};

/// What every bus driver's transfer future keeps besides its transfer: its node in the BusTurn
/// queue, whether it took the turn (started) and finished, and the error it finished with; and
/// take(). A driver's future derives from it and adds poll() and the destructor that cancels.
template <class Error>
class BusFuture {
 public:
  BusFuture(BusFuture&&) noexcept = default;  // before the first poll only (WaitNode checks)
  BusFuture& operator=(BusFuture&&) = delete;

  /// The outcome, once poll returned true. Task context.
  Result<void, Error> take() const noexcept {
    if (error_ >= 0) return Err{static_cast<Error>(error_)};
    return {};
  }

 protected:
  BusFuture() noexcept = default;
  ~BusFuture() = default;

  /// For a driver whose interrupt handler finishes transfers (setting `done` and `error`): if
  /// it has finished this future's, takes the outcome, clears `done` and passes the turn on.
  /// Inside the driver's critical section, by the future holding the turn.
  bool take_finished(BusTurn& turn, bool& done, std::int8_t error) noexcept {
    if (!done) return false;
    error_ = error;
    finished_ = true;
    done = false;
    turn.release();  // the next transfer may start
    return true;
  }

  bool started_ = false;   // took the turn (and holds it until finished_ or destroyed)
  bool finished_ = false;
  std::int8_t error_ = -1;  // an Error, or -1
  ::mote::detail::WaitNode node_;
};

}  // namespace mote::hal
