// mote/async.hpp: nested async functions that a task awaits.
//
//   mote::Async<int> read_twice() { int a = co_await ch.receive(); co_return a + co_await ch.receive(); }
//   MOTE_TASK(t, mote::pool(1).async_bytes(256)) { int v = co_await read_twice(); }
//
// An Async is lazy: it starts when first polled and is driven by polls of its caller, so
// nesting needs no resumption chain and works at -O0. The futures it awaits register the
// waker of the task that polls it (detail::current_task). Its frame comes from the calling
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

/// How an Async awaits a mote::Future: like a task (poll at once, else record what to poll),
/// but a suspension returns to the poll of the Async that drives it, inside its task's poll.
template <class F>
struct AsyncAwaiter {
  F& future;
  bool await_ready() noexcept {
    if constexpr (requires { future.awaited_by_task(); }) future.awaited_by_task();  // see future.hpp
    return future.poll(Waker(current_task));
  }
  template <class Promise>
  bool await_suspend(std::coroutine_handle<Promise> h) noexcept {
    h.promise().poll_obj = &future;
    h.promise().poll_fn = &poll_thunk<F>;
    return true;
  }
  decltype(auto) await_resume() noexcept { return future.take(); }
};

struct AsyncPromiseBase {
  static void* operator new(std::size_t n) noexcept { return async_frame_alloc(n); }
  static void operator delete(void* p, std::size_t n) noexcept { async_frame_free(p, n); }

  // Lazy start; the final suspension returns to Async::poll, which sees done().
  std::suspend_always initial_suspend() const noexcept { return {}; }
  std::suspend_always final_suspend() const noexcept { return {}; }
  [[noreturn]] void unhandled_exception() const noexcept { MOTE_PANIC("unhandled exception in a mote::Async"); }
  template <class F>
  AsyncAwaiter<std::remove_reference_t<F>> await_transform(F&& f) noexcept {
    static_assert(Future<std::remove_cvref_t<F>>, MOTE_DETAIL_ONLY_FUTURES_MESSAGE);
    return {f};
  }

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
