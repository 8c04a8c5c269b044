// mote/sync/handoff_queue.hpp: FIFO of waiters that are granted a resource directly.
//
// detail::WaitQueue wakes waiters, which then try again; the primitives whose waiters ask for
// different amounts (a Semaphore's permits, an RwLock's read or write access) need to look at
// the head of the queue and grant the resource while it is still held, so that a later caller
// cannot take it first. A HandoffNode records its request; `grant` unlinks it, marks it
// Granted and wakes it. Every call must be made with the owning primitive's raw mutex held.
//
// detail::HandoffFuture is the acquire future of such a primitive (the Owner): it takes the
// resource at once if the Owner allows, otherwise queues; destroying it leaves no waiter
// behind and gives a granted (or acquired, not taken) resource back to the Owner, which grants
// it to the next waiters.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>

#include "mote/panic.hpp"
#include "mote/waker.hpp"

namespace mote::detail {

struct HandoffNode {
  enum class State : std::uint8_t { Idle, Queued, Granted };

  explicit HandoffNode(std::size_t req) noexcept : request(req) {}
  // A queued node is linked from its neighbours: moving it would corrupt the queue.
  HandoffNode(HandoffNode&& o) noexcept : request(o.request) {
    if (o.state != State::Idle) MOTE_PANIC("mote: a future was moved while it was waiting");
  }
  HandoffNode& operator=(HandoffNode&&) = delete;

  HandoffNode* next = nullptr;
  HandoffNode* prev = nullptr;
  Waker waker;
  std::size_t request;
  State state = State::Idle;
};

class HandoffQueue {
 public:
  bool empty() const noexcept { return head_ == nullptr; }
  HandoffNode* front() const noexcept { return head_; }

  /// Queues `node` at the back (or, if already queued, only updates its waker).
  void wait(HandoffNode& node, Waker waker) noexcept {
    node.waker = waker;
    if (node.state == HandoffNode::State::Queued) return;
    node.next = nullptr;
    node.prev = tail_;
    (tail_ != nullptr ? tail_->next : head_) = &node;
    tail_ = &node;
    node.state = HandoffNode::State::Queued;
  }

  /// Forgets `node` (unlinking it if queued); it becomes Idle.
  void remove(HandoffNode& node) noexcept {
    if (node.state == HandoffNode::State::Queued) unlink(node);
    node.state = HandoffNode::State::Idle;
  }

  /// Gives the queued `node` what it asked for: unlinks it, marks it Granted, wakes it.
  void grant(HandoffNode& node) noexcept {
    unlink(node);
    node.state = HandoffNode::State::Granted;
    node.waker.wake();
  }

 private:
  void unlink(HandoffNode& n) noexcept {
    (n.prev != nullptr ? n.prev->next : head_) = n.next;
    (n.next != nullptr ? n.next->prev : tail_) = n.prev;
    n.next = n.prev = nullptr;
  }

  HandoffNode* head_ = nullptr;
  HandoffNode* tail_ = nullptr;
};

/// The acquire future of a hand-off primitive. The Owner befriends it and provides, all called
/// with its raw mutex held: `mutex_` (the raw mutex), `queue_` (a HandoffQueue),
/// `bool try_take_locked(std::size_t request)` (take the resource now if allowed),
/// `void give_back_locked(std::size_t request)` (return it and grant what that allows),
/// `void grant_locked()` (grant queued requests that may now proceed), and
/// `template <class R> R make_guard(std::size_t request)` (the result for an acquired request).
template <class Owner, class Result>
class [[nodiscard]] HandoffFuture {
 public:
  HandoffFuture(Owner& owner, std::size_t request) noexcept : owner_(&owner), node_(request) {}
  HandoffFuture(HandoffFuture&& o) noexcept
      : owner_(o.owner_), node_(std::move(o.node_)), acquired_(std::exchange(o.acquired_, false)) {}
  HandoffFuture& operator=(HandoffFuture&&) = delete;
  ~HandoffFuture() {
    if (!acquired_ && node_.state == HandoffNode::State::Idle) return;
    owner_->mutex_.lock([&] {
      const bool holds = acquired_ || node_.state == HandoffNode::State::Granted;
      owner_->queue_.remove(node_);
      if (holds) {
        owner_->give_back_locked(node_.request);
      } else {
        owner_->grant_locked();  // leaving the head of the queue may let others proceed
      }
    });
  }

  bool poll(Waker waker) noexcept {
    if (acquired_) return true;
    return owner_->mutex_.lock([&] {
      if (node_.state == HandoffNode::State::Granted) {
        node_.state = HandoffNode::State::Idle;
      } else if (node_.state == HandoffNode::State::Idle && owner_->try_take_locked(node_.request)) {
        // taken at once
      } else {
        owner_->queue_.wait(node_, waker);
        return false;
      }
      acquired_ = true;
      return true;
    });
  }
  Result take() noexcept {
    acquired_ = false;
    return owner_->template make_guard<Result>(node_.request);
  }

 private:
  Owner* owner_;
  HandoffNode node_;
  bool acquired_ = false;  // completed, result not taken yet
};

}  // namespace mote::detail
