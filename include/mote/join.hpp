// mote/join.hpp: handles to spawned tasks: await their end, take their value, cancel them.
//
//   MOTE_TASK_RESULT(int, worker, 2, int x) { co_await mote::Timer::after(10_ms); co_return x * 2; }
//   mote::JoinHandleOf<int> h = spawner.spawn_joinable(worker(21)).unwrap();
//   mote::Result<int, mote::Cancelled> r = co_await h.join();     // 42
//
//   mote::JoinHandle h2 = spawner.spawn_joinable(blink()).unwrap();  // a MOTE_TASK
//   h2.cancel();                  // destroyed at its current await; join() then yields Cancelled
//
// A handle is move-only. Dropping it detaches the task, which runs on (its value, if any, is
// dropped). `cancel()` destroys the task at the await it is suspended on, exactly as `select`
// destroys a losing future: the destructors of its locals run (a driver's future stops its
// transfer, a channel's future gives back what it was handed), its timer is removed and its pool
// slot freed; the executor does it the next time it takes the task, so cancel() may be called
// from an interrupt handler (on firmware) and from the task itself (it ends at its next await).
// A task that has finished before cancel() keeps its outcome: join() yields its value.
// Cancelling twice, or a finished task, does nothing.
//
// Cost: nothing for programs that never join: the executor calls into this file only through
// two pointers that the first spawn_joinable sets. A joinable task costs no RAM in its frame;
// each live handle is 20 bytes (plus the value) on a 32-bit target, linked in a list that a
// task's end walks (a handful of joinable tasks at a time is the expected use).
#pragma once

#include <optional>
#include <type_traits>
#include <utility>

#include "mote/critical_section.hpp"
#include "mote/executor.hpp"
#include "mote/result.hpp"
#include "mote/task.hpp"
#include "mote/waker.hpp"

namespace mote {

/// The error `join()` yields for a task that was cancelled before it finished.
struct Cancelled {
  friend constexpr bool operator==(Cancelled, Cancelled) noexcept { return true; }
};
/// Text for Result::unwrap. ISR-safe.
inline const char* error_message(Cancelled) noexcept { return "the task was cancelled"; }

namespace detail {

/// What a handle knows about its task. While the task runs, the node is linked into one list
/// that the task's end and its value's store search (by task). Changed in critical sections only.
struct JoinNode {
  enum class State : std::uint8_t { Empty, Running, CancelRequested, Finished, Cancelled };
  JoinNode* next = nullptr;
  TaskHeader* task = nullptr;  // while Running or CancelRequested
  void* value = nullptr;       // the typed handle's std::optional<T>, or null
  Waker joiner;                // the task awaiting join(), if any
  State state = State::Empty;
};

// src/join.cpp. All thread mode (tasks), except join_cancel: ISR-safe on firmware.
void join_attach(JoinNode& node, TaskHeader* task, void* value) noexcept;
void join_detach(JoinNode& node) noexcept;
/// Moves `from`'s link to `to` (inside a critical section the caller holds).
void join_move_locked(JoinNode& to, JoinNode& from, void* to_value) noexcept;
void join_cancel(JoinNode& node) noexcept;
bool join_poll(JoinNode& node, Waker waker) noexcept;
void join_forget(JoinNode& node, Waker waker) noexcept;

}  // namespace detail

/// A spawned task's handle (`JoinHandle` for a MOTE_TASK, `JoinHandleOf<T>` for a
/// MOTE_TASK_RESULT of type T). Move-only; moving it while a join() on it is pending panics.
template <class T>
class JoinHandleOf {
  struct NoValue {};
  using Stored = std::conditional_t<std::is_void_v<T>, NoValue, std::optional<T>>;

 public:
  /// What `co_await join()` yields: the value (void: nothing) or Cancelled.
  using JoinResult = Result<T, Cancelled>;

  /// An empty handle (no task): join() completes at once with Cancelled.
  JoinHandleOf() noexcept = default;
  JoinHandleOf(JoinHandleOf&& o) noexcept {
    CriticalSection cs;
    stored_ = std::move(o.stored_);
    detail::join_move_locked(node_, o.node_, value_storage());
  }
  JoinHandleOf& operator=(JoinHandleOf&& o) noexcept {
    if (this != &o) {
      detail::join_detach(node_);
      CriticalSection cs;
      stored_ = std::move(o.stored_);
      detail::join_move_locked(node_, o.node_, value_storage());
    }
    return *this;
  }
  /// Detaches: the task runs on. Thread mode.
  ~JoinHandleOf() { detail::join_detach(node_); }

  /// Future that completes once the task has finished or been cancelled, with its value or
  /// Cancelled. One task may await a handle at a time. Task context only.
  class [[nodiscard]] JoinFuture {
   public:
    bool poll(Waker waker) noexcept {
      waker_ = waker;
      return detail::join_poll(h_->node_, waker);
    }
    JoinResult take() noexcept {
      waker_ = {};  // served: nothing to forget
      if (h_->node_.state != detail::JoinNode::State::Finished) return Err{Cancelled{}};
      if constexpr (std::is_void_v<T>) {
        return {};
      } else {
        return JoinResult(std::move(*h_->stored_));
      }
    }
    JoinFuture(JoinFuture&& o) noexcept : h_(o.h_) {}
    /// Destroyed while waiting (a select, a cancelled task): no longer the handle's joiner.
    ~JoinFuture() {
      if (waker_) detail::join_forget(h_->node_, waker_);
    }

   private:
    friend class JoinHandleOf;
    explicit JoinFuture(JoinHandleOf* h) noexcept : h_(h) {}
    JoinHandleOf* h_;
    Waker waker_;
  };

  /// Waits for the task's end. Task context only.
  JoinFuture join() noexcept { return JoinFuture(this); }
  /// Destroys the task at its current await (deferred to its executor); join() then yields
  /// Cancelled. No effect once the task has finished, or a second time. ISR-safe on firmware;
  /// on the host, call it from the executor's thread.
  void cancel() noexcept { detail::join_cancel(node_); }
  /// Whether the task has finished or been cancelled (then join() completes at once). ISR-safe.
  bool is_finished() const noexcept {
    const auto s = node_.state;
    return s == detail::JoinNode::State::Finished || s == detail::JoinNode::State::Cancelled ||
           s == detail::JoinNode::State::Empty;
  }

 private:
  friend class Spawner;
  void* value_storage() noexcept {
    if constexpr (std::is_void_v<T>) {
      return nullptr;
    } else {
      return &stored_;
    }
  }
  detail::JoinNode node_;
  [[no_unique_address]] Stored stored_{};
};

inline Result<JoinHandle, SpawnError> Spawner::spawn_joinable(SpawnToken&& token) const noexcept {
  if (!token.valid()) return Err{token.error()};
  JoinHandle handle;
  detail::join_attach(handle.node_, &token.handle_.promise(), nullptr);
  (void)spawn(std::move(token));  // a valid token always spawns
  return Result<JoinHandle, SpawnError>(std::move(handle));
}

template <class T>
Result<JoinHandleOf<T>, SpawnError> Spawner::spawn_joinable(SpawnTokenOf<T>&& token) const noexcept {
  if (!token.valid()) return Err{token.error()};
  JoinHandleOf<T> handle;
  detail::join_attach(handle.node_, &token.handle_.promise(), handle.value_storage());
  (void)spawn(std::move(token));
  return Result<JoinHandleOf<T>, SpawnError>(std::move(handle));
}

}  // namespace mote
