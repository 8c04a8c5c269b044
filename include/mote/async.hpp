// mote/async.hpp: nested async functions that a task awaits.
//
//   mote::Async<int> read_twice() { int a = co_await ch.receive(); co_return a + co_await ch.receive(); }
//   MOTE_TASK(t, mote::pool(1).async_bytes(256)) { int v = co_await read_twice(); }
//
// An Async is lazy: it starts when first polled and is driven by polls of its caller, so
// nesting needs no resumption chain and works at -O0. Its frame comes from the calling
// task's nested-frame budget (a stack inside the task's pool slot; frames nest, so it is
// LIFO, and out-of-order frees are tolerated). If the budget is too small the program stops
// with a panic naming the task and the bytes needed. In alloc mode frames come from the heap.
#pragma once

#include <coroutine>
#include <cstddef>
#include <optional>
#include <type_traits>
#include <utility>

#include "mote/future.hpp"
#include "mote/panic.hpp"
#include "mote/task.hpp"

namespace mote {

template <class T = void>
class Async;

namespace detail {

/// Frame memory for an Async created by the current task. Panics on overflow.
void* async_frame_alloc(std::size_t n) noexcept;
void async_frame_free(void* p, std::size_t n) noexcept;

struct AsyncPromiseBase : CoroutineHooks {
  static void* operator new(std::size_t n) noexcept { return async_frame_alloc(n); }
  static void operator delete(void* p, std::size_t n) noexcept { async_frame_free(p, n); }

  Waker waker() const noexcept { return waker_; }
  void wait_on(PollFn fn, void* future) noexcept {
    poll_fn = fn;
    poll_obj = future;
  }

  Waker waker_;
  PollFn poll_fn = nullptr;
  void* poll_obj = nullptr;
};

template <class T>
struct AsyncPromise : AsyncPromiseBase {
  Async<T> get_return_object() noexcept;
  static Async<T> get_return_object_on_allocation_failure() noexcept { return Async<T>(); }
  template <class U>
  void return_value(U&& v) noexcept(std::is_nothrow_constructible_v<T, U&&>) {
    value.emplace(std::forward<U>(v));
  }
  std::optional<T> value;
};

template <>
struct AsyncPromise<void> : AsyncPromiseBase {
  Async<void> get_return_object() noexcept;
  static Async<void> get_return_object_on_allocation_failure() noexcept;
  void return_void() const noexcept {}
};

template <class T>
struct IsAsync<Async<T>> : std::true_type {};

}  // namespace detail

/// A nested async function returning T. A Future: `co_await` it from a task or another Async.
/// Move-only; destroying it cancels the call (destroying every future it was waiting on).
template <class T>
class [[nodiscard]] Async {
 public:
  using promise_type = detail::AsyncPromise<T>;

  Async() noexcept = default;
  Async(Async&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  Async& operator=(Async&& o) noexcept {
    if (this != &o) {
      reset();
      h_ = std::exchange(o.h_, {});
    }
    return *this;
  }
  ~Async() { reset(); }

  /// Drives the call: resumes it if what it waits on is ready. True once it has returned.
  bool poll(Waker waker) noexcept {
    auto& p = h_.promise();
    p.waker_ = waker;
    if (p.poll_fn != nullptr) {
      if (!p.poll_fn(p.poll_obj, waker)) return false;
      p.poll_fn = nullptr;
    }
    h_.resume();
    return h_.done();
  }
  /// The returned value (once, after poll returned true).
  T take() noexcept {
    if constexpr (!std::is_void_v<T>) return std::move(*h_.promise().value);
  }

 private:
  friend struct detail::AsyncPromise<T>;
  explicit Async(std::coroutine_handle<promise_type> h) noexcept : h_(h) {}
  void reset() noexcept {
    if (h_) std::exchange(h_, {}).destroy();
  }
  std::coroutine_handle<promise_type> h_{};
};

namespace detail {
template <class T>
Async<T> AsyncPromise<T>::get_return_object() noexcept {
  return Async<T>(std::coroutine_handle<AsyncPromise<T>>::from_promise(*this));
}
inline Async<void> AsyncPromise<void>::get_return_object() noexcept {
  return Async<void>(std::coroutine_handle<AsyncPromise<void>>::from_promise(*this));
}
inline Async<void> AsyncPromise<void>::get_return_object_on_allocation_failure() noexcept { return Async<void>(); }
}  // namespace detail

}  // namespace mote
