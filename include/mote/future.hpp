// mote/future.hpp: the protocol every awaitable in mote follows.
//
// A Future is polled, like in Rust: `poll(waker)` returns true once the result is ready
// (then `take()` hands it over, once); otherwise it has arranged for `waker.wake()` to be
// called when progress may be possible. A task is polled again only through the future it
// waits on, so a spurious wake costs one poll and never resumes a task early. Code that
// completes a future for its waiting task (hands it a value, sees its deadline pass) may wake
// it with detail::wake_resolved instead: the task then resumes without that poll. Leaf futures
// (timers, channel operations, drivers) are plain objects that allocate nothing; destroying
// one cancels it and must unregister its waker.
//
// A future may also define `awaited_by_task()`: a task or an Async that awaits it itself
// (`co_await f`) calls it before the first poll, combinators (select, join, with_timeout) never
// do. It tells the future that it will be taken once complete, unless destroyed with its task,
// so whoever completes it may do all of its work at once (Channel::send puts the value in).
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

#define MOTE_DETAIL_ONLY_FUTURES_MESSAGE                                                        \
  "mote: co_await in a mote task or Async needs a mote::Future (poll(Waker) + take()); standard " \
  "awaiters would resume the task outside its executor"

}  // namespace detail

/// Future that lets every other ready task run once before this one continues. Awaited
/// directly by a task it costs one queue operation (the task is requeued, marked to resume
/// without a poll); inside select/join/Async it works as an ordinary future.
class [[nodiscard]] YieldNow {
 public:
  bool poll(Waker waker) noexcept {
    if (yielded_) return true;
    yielded_ = true;
    waker.wake();  // back to the end of the run queue
    return false;
  }
  void take() const noexcept {}

 private:
  bool yielded_ = false;
};
/// Task context only.
inline YieldNow yield_now() noexcept { return {}; }

}  // namespace mote
