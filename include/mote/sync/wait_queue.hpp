// mote/sync/wait_queue.hpp: FIFO of waiting futures, linked through nodes inside them.
//
// Any number of tasks can wait on one primitive without fixed waker slots or a heap: each
// waiting future embeds a WaitNode. Waking one waiter unlinks it and marks it Woken; a Woken
// waiter that is destroyed before it used its turn passes the wake-up on (`cancel`), so a
// cancelled waiter never swallows a wake-up meant for the queue. A primitive that serves a waiter
// completely (hands it a value, reserves one for it) pops it and calls `complete`: the node is
// Done and its task resumes without polling the future again (detail::wake_resolved). Every call
// must be made with the owning primitive's raw mutex held.
#pragma once

#include <cstdint>

#include "mote/executor.hpp"  // wake_resolved_masked (defined with the hot path)
#include "mote/future.hpp"
#include "mote/panic.hpp"
#include "mote/waker.hpp"

namespace mote::detail {

/// Whether a raw-mutex policy masks interrupts while it is held (see CriticalSectionRawMutex).
template <class RawMutex>
inline constexpr bool excludes_interrupts_v = requires { requires RawMutex::excludes_interrupts; };

struct WaitNode {
  enum class State : std::uint8_t { Idle, Queued, Woken, Done };
  /// How a primitive serves the node: hand it what it waits for (and `complete` it), or wake
  /// it to look again (futures that only wait for a condition, such as ready_to_send).
  enum class Kind : std::uint8_t { HandOff, Retry };

  WaitNode() noexcept = default;
  // A queued node is linked from its neighbours: moving it would corrupt the queue.
  WaitNode(WaitNode&& o) noexcept : kind(o.kind) {
    if (o.state != State::Idle) MOTE_PANIC("mote: a future was moved while it was waiting");
  }
  WaitNode& operator=(WaitNode&&) = delete;

  WaitNode* next;  // meaningful only while Queued (written when linked)
  WaitNode* prev;
  Waker waker;
  State state = State::Idle;
  Kind kind = Kind::HandOff;
};

class WaitQueue {
 public:
  bool empty() const noexcept { return head_ == nullptr; }

  /// Registers `node` to be woken with `waker`. A node that was woken but found nothing goes
  /// back to the front, keeping its turn; a new one goes to the back.
  // Inlined: the waiting path of every primitive (a call cost a tenth of a channel hand-off).
  [[gnu::always_inline]] void wait(WaitNode& node, Waker waker) noexcept {
    node.waker = waker;
    if (node.state == WaitNode::State::Queued) return;
    if (node.state == WaitNode::State::Woken) {
      push_front(node);
    } else {
      push_back(node);
    }
    node.state = WaitNode::State::Queued;
  }

  /// The node got what it waited for: forget it.
  void done(WaitNode& node) noexcept {
    if (node.state == WaitNode::State::Queued) unlink(node);
    node.state = WaitNode::State::Idle;
  }

  /// The node's future is being destroyed. If it held an unused wake-up and `pass_on` says
  /// the resource is still available, the next waiter gets the wake-up.
  void cancel(WaitNode& node, bool pass_on) noexcept {
    const bool was_woken = node.state == WaitNode::State::Woken;
    done(node);
    if (was_woken && pass_on) wake_one();
  }

  /// Wakes the longest-waiting node, if any.
  void wake_one() noexcept {
    WaitNode* n = head_;
    if (n == nullptr) return;
    unlink(*n);
    n->state = WaitNode::State::Woken;
    n->waker.wake();
  }

  /// The longest-waiting node, still queued (null if none).
  WaitNode* front() const noexcept { return head_; }

  /// Unlinks the longest-waiting node for the caller to serve; null if none.
  [[gnu::always_inline]] WaitNode* pop() noexcept {
    WaitNode* const n = head_;
    if (n != nullptr) {
      // unlink() for the front node, inlined: it has no predecessor.
      WaitNode* const next = n->next;
      head_ = next;
      (next != nullptr ? next->prev : tail_) = nullptr;
    }
    return n;
  }

  /// Marks `node` (popped with pop()), the WaitNode base of `future`, as served and wakes its
  /// task, which resumes without polling the future. `RawMutex` is the owner's, held by the
  /// caller: if it masks interrupts, the wake-up needs no critical section of its own.
  template <class RawMutex, class F>
  static void complete(WaitNode& node, F& future) noexcept {
    node.state = WaitNode::State::Done;
    if constexpr (excludes_interrupts_v<RawMutex>) {
      wake_resolved_masked(node.waker.task(), &future, &poll_thunk<F>);
    } else {
      wake_resolved(node.waker.task(), &future, &poll_thunk<F>);
    }
  }

  /// Wakes every waiting node.
  void wake_all() noexcept {
    while (head_ != nullptr) wake_one();
  }

 private:
  void push_back(WaitNode& n) noexcept {
    n.next = nullptr;
    n.prev = tail_;
    if (tail_ != nullptr) {
      tail_->next = &n;
    } else {
      head_ = &n;
    }
    tail_ = &n;
  }
  void push_front(WaitNode& n) noexcept {
    n.prev = nullptr;
    n.next = head_;
    if (head_ != nullptr) {
      head_->prev = &n;
    } else {
      tail_ = &n;
    }
    head_ = &n;
  }
  void unlink(WaitNode& n) noexcept {
    (n.prev != nullptr ? n.prev->next : head_) = n.next;
    (n.next != nullptr ? n.next->prev : tail_) = n.prev;
  }

  WaitNode* head_ = nullptr;
  WaitNode* tail_ = nullptr;
};

}  // namespace mote::detail
