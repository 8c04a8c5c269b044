// mote/future.hpp: the protocol every awaitable in mote follows.
//
// A Future is polled, like in Rust: `poll(waker)` returns true once the result is ready
// (then `take()` hands it over, once); otherwise it has arranged for `waker.wake()` to be
// called when progress may be possible. A task is polled again only through the future it
// waits on, so a spurious wake costs one poll and never resumes a task early. Leaf futures
// (timers, channel operations, drivers) are plain objects that allocate nothing; destroying
// one cancels it and must unregister its waker.
#pragma once

#include <concepts>
#include <coroutine>
#include <type_traits>
#include <utility>

#include "mote/panic.hpp"
#include "mote/result.hpp"
#include "mote/waker.hpp"

namespace mote {

/// A pollable operation. It must not be moved once polled (it may be linked into a list).
template <class F>
concept Future = requires(F& f, Waker w) {
  { f.poll(w) } -> std::same_as<bool>;
  f.take();
};

/// The type `co_await f` yields.
template <class F>
using future_result_t = decltype(std::declval<F&>().take());

/// future_result_t with `void` replaced by mote::Unit, for storing results in combinators.
template <class F>
using future_value_t = std::conditional_t<std::is_void_v<future_result_t<F>>, Unit, future_result_t<F>>;

namespace detail {

template <class F>
bool poll_thunk(void* future, Waker waker) {
  return static_cast<F*>(future)->poll(waker);
}

/// Takes a future's result, turning void into Unit.
template <class F>
future_value_t<F> take_value(F& f) {
  if constexpr (std::is_void_v<future_result_t<F>>) {
    f.take();
    return Unit{};
  } else {
    return f.take();
  }
}

/// Adapts a Future to C++'s awaiter protocol inside mote coroutines. The future itself stays
/// where it is (a temporary of the co_await expression lives until the await completes).
template <class F>
struct FutureAwaiter {
  F& future;
  bool await_ready() const noexcept { return false; }
  template <class Promise>
  bool await_suspend(std::coroutine_handle<Promise> h) noexcept {
    auto& promise = h.promise();
    if (future.poll(promise.waker())) return false;  // ready at once: do not suspend
    promise.wait_on(&poll_thunk<F>, &future);
    return true;
  }
  decltype(auto) await_resume() noexcept { return future.take(); }
};

/// The await_transform of mote's coroutine promises: only Futures may be awaited, because a
/// foreign awaiter would resume the task behind the executor's back.
template <class F>
auto make_awaiter(F&& f) noexcept {
  static_assert(Future<std::remove_cvref_t<F>>,
                "mote: co_await in a mote task or Async needs a mote::Future (poll(Waker) + "
                "take()); standard awaiters would resume the task outside its executor");
  return FutureAwaiter<std::remove_reference_t<F>>{f};
}

/// What every mote coroutine promise (task or Async) has in common: lazy start, a final
/// suspension the owner resumes from, no exceptions, and only Futures may be awaited.
struct CoroutineHooks {
  std::suspend_always initial_suspend() const noexcept { return {}; }
  std::suspend_always final_suspend() const noexcept { return {}; }
  [[noreturn]] void unhandled_exception() const noexcept { mote::panic("unhandled exception in a mote coroutine"); }
  template <class F>
  auto await_transform(F&& f) noexcept {
    return make_awaiter(std::forward<F>(f));
  }
};

}  // namespace detail
}  // namespace mote
