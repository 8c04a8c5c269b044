// mote/futures.hpp: combinators over futures: select, join, with_timeout, yield_now, poll_once.
//
// Combinators own the futures given to them (moved in before their first poll) and poll them
// with the task's waker. Cancellation is destruction: `select` destroys the losers as soon as
// one future finishes; `with_timeout` destroys its future when the time is up.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

#include "mote/future.hpp"
#include "mote/result.hpp"
#include "mote/time.hpp"
#include "mote/time_driver.hpp"

namespace mote {

namespace detail {

/// Storage for a T whose lifetime is ended explicitly (to cancel a future early).
template <class T>
class Slot {
 public:
  template <class... A>
  explicit Slot(A&&... a) noexcept(std::is_nothrow_constructible_v<T, A&&...>) {
    ::new (static_cast<void*>(&value_)) T(std::forward<A>(a)...);
  }
  Slot(Slot&& o) noexcept : alive_(o.alive_) {
    if (alive_) ::new (static_cast<void*>(&value_)) T(std::move(o.value_));
  }
  Slot(const Slot&) = delete;
  ~Slot() { reset(); }
  T& operator*() noexcept { return value_; }
  bool alive() const noexcept { return alive_; }
  void reset() noexcept {
    if (alive_) {
      alive_ = false;
      value_.~T();
    }
  }

 private:
  union {
    T value_;
  };
  bool alive_ = true;
};

}  // namespace detail

/// What `select` yields: a std::variant whose index() says which future finished first and
/// holds its result (mote::Unit for futures that yield void).
template <class... Fs>
using SelectResult = std::variant<future_value_t<Fs>...>;

/// Future of the first of several futures to finish. Earlier arguments win ties.
template <Future... Fs>
class [[nodiscard]] Select {
 public:
  explicit Select(Fs&&... fs) noexcept : futures_(std::move(fs)...) {}

  bool poll(Waker waker) noexcept { return poll_from<0>(waker); }
  SelectResult<Fs...> take() noexcept { return std::move(*result_); }

 private:
  template <std::size_t I>
  bool poll_from(Waker waker) noexcept {
    if constexpr (I == sizeof...(Fs)) {
      return false;
    } else {
      auto& slot = std::get<I>(futures_);
      if ((*slot).poll(waker)) {
        result_.emplace(std::in_place_index<I>, detail::take_value(*slot));
        cancel_all();
        return true;
      }
      return poll_from<I + 1>(waker);
    }
  }
  void cancel_all() noexcept {
    std::apply([](auto&... s) { (s.reset(), ...); }, futures_);
  }

  std::tuple<detail::Slot<Fs>...> futures_;
  std::optional<SelectResult<Fs...>> result_;
};

/// Waits for whichever future finishes first and cancels (destroys) the others.
template <class... Fs>
Select<std::remove_cvref_t<Fs>...> select(Fs&&... fs) noexcept {
  static_assert(sizeof...(Fs) >= 2, "mote::select needs at least two futures");
  return Select<std::remove_cvref_t<Fs>...>(std::forward<Fs>(fs)...);
}

/// Future of all of several futures; yields a std::tuple of their results (Unit for void).
template <Future... Fs>
class [[nodiscard]] Join {
 public:
  explicit Join(Fs&&... fs) noexcept : futures_(std::move(fs)...) {}

  bool poll(Waker waker) noexcept {
    bool all = true;
    poll_each(waker, all, std::index_sequence_for<Fs...>{});
    return all;
  }
  std::tuple<future_value_t<Fs>...> take() noexcept {
    return std::apply([](auto&... r) { return std::tuple<future_value_t<Fs>...>(std::move(*r)...); }, results_);
  }

 private:
  template <std::size_t... I>
  void poll_each(Waker waker, bool& all, std::index_sequence<I...>) noexcept {
    ((std::get<I>(results_) || poll_one<I>(waker) || (all = false)), ...);
  }
  template <std::size_t I>
  bool poll_one(Waker waker) noexcept {
    auto& slot = std::get<I>(futures_);
    if (!(*slot).poll(waker)) return false;
    std::get<I>(results_).emplace(detail::take_value(*slot));
    slot.reset();  // release what it held as soon as it is done
    return true;
  }

  std::tuple<detail::Slot<Fs>...> futures_;
  std::tuple<std::optional<future_value_t<Fs>>...> results_;
};

/// Waits for every future; yields all results in argument order.
template <class... Fs>
Join<std::remove_cvref_t<Fs>...> join(Fs&&... fs) noexcept {
  return Join<std::remove_cvref_t<Fs>...>(std::forward<Fs>(fs)...);
}

/// The error `with_timeout` and `with_deadline` yield when time ran out first.
enum class TimeoutError : std::uint8_t { Elapsed };
constexpr const char* error_message(TimeoutError) noexcept { return "timed out"; }

/// Future of `F` bounded by a deadline: a Result holding F's value, or TimeoutError.
template <Future F>
class [[nodiscard]] WithDeadline {
 public:
  using Output = Result<future_result_t<F>, TimeoutError>;

  WithDeadline(Instant deadline, F&& f) noexcept : deadline_(deadline), future_(std::move(f)) {}

  bool poll(Waker waker) noexcept {
    // The future first: a result that is ready wins over a deadline that has just passed.
    if ((*future_).poll(waker)) {
      if constexpr (std::is_void_v<future_result_t<F>>) {
        (*future_).take();
        output_.emplace();
      } else {
        output_.emplace((*future_).take());
      }
      future_.reset();
      return true;
    }
    if (Instant::now() >= deadline_) {
      future_.reset();  // cancel it now
      output_.emplace(Err{TimeoutError::Elapsed});
      return true;
    }
    schedule_wake(deadline_, waker);
    return false;
  }
  Output take() noexcept { return std::move(*output_); }

 private:
  Instant deadline_;
  detail::Slot<F> future_;
  std::optional<Output> output_;
};

/// Runs `f` until `deadline`; yields Result<T, TimeoutError>. The deadline is fixed now.
template <class F>
WithDeadline<std::remove_cvref_t<F>> with_deadline(Instant deadline, F&& f) noexcept {
  return WithDeadline<std::remove_cvref_t<F>>(deadline, std::forward<F>(f));
}
/// Runs `f` for at most `timeout` from now; yields Result<T, TimeoutError>.
template <class F>
WithDeadline<std::remove_cvref_t<F>> with_timeout(Duration timeout, F&& f) noexcept {
  return with_deadline(Instant::now() + timeout, std::forward<F>(f));
}

/// Future that lets every other ready task run once before this one continues.
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
inline YieldNow yield_now() noexcept { return {}; }

/// Future that polls `f` exactly once and yields an optional result (empty if not ready).
/// `f` is dropped (cancelled) if it was not ready.
template <Future F>
class [[nodiscard]] PollOnce {
 public:
  explicit PollOnce(F&& f) noexcept : future_(std::move(f)) {}
  bool poll(Waker waker) noexcept {
    if (future_.poll(waker)) out_.emplace(detail::take_value(future_));
    return true;
  }
  std::optional<future_value_t<F>> take() noexcept { return std::move(out_); }

 private:
  F future_;
  std::optional<future_value_t<F>> out_;
};
template <class F>
PollOnce<std::remove_cvref_t<F>> poll_once(F&& f) noexcept {
  return PollOnce<std::remove_cvref_t<F>>(std::forward<F>(f));
}

}  // namespace mote
