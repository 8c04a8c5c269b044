// mote/futures.hpp: combinators over futures: select, join (2 or more futures of any types, or
// an array or span of one type), with_timeout, yield_now, poll_once.
//
// Combinators own the futures given to them (moved in before their first poll) and poll them
// with the task's waker; the span forms poll futures the caller owns. Cancellation is
// destruction: `select` destroys the losers as soon as one future finishes; `with_timeout`
// destroys its future when the time is up. Ties go to the earlier future.
//
// All of these are futures to co_await from a task (task context only); building one does
// nothing and may happen anywhere.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <new>
#include <optional>
#include <span>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

#include "mote/future.hpp"
#include "mote/panic.hpp"
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

/// What `select_array` and `select_span` yield: which future finished, and its result.
template <class V>
struct Selected {
  std::size_t index;
  V value;
};

/// Future of the first of N futures of one type to finish; owns them.
template <Future F, std::size_t N>
class [[nodiscard]] SelectArray {
  static_assert(N > 0, "mote::select_array needs at least one future");

 public:
  explicit SelectArray(std::array<F, N>&& fs) noexcept : futures_(std::move(fs)) {}

  bool poll(Waker waker) noexcept {
    for (std::size_t i = 0; i < N; ++i) {
      if ((*futures_)[i].poll(waker)) {
        result_.emplace(Selected<future_value_t<F>>{i, detail::take_value((*futures_)[i])});
        futures_.reset();  // the losers are cancelled at once
        return true;
      }
    }
    return false;
  }
  Selected<future_value_t<F>> take() noexcept { return std::move(*result_); }

 private:
  std::optional<std::array<F, N>> futures_;
  std::optional<Selected<future_value_t<F>>> result_;
};

/// Waits for the first of an array of futures; yields its index and result, and cancels the
/// others.
template <Future F, std::size_t N>
SelectArray<F, N> select_array(std::array<F, N> fs) noexcept {
  return SelectArray<F, N>(std::move(fs));
}

/// Future of the first of a span of futures the caller owns to finish.
template <Future F>
class [[nodiscard]] SelectSpan {
 public:
  explicit SelectSpan(std::span<F> fs) noexcept : futures_(fs) {
    if (fs.empty()) MOTE_PANIC("mote::select_span: no futures to wait for");
  }

  bool poll(Waker waker) noexcept {
    for (std::size_t i = 0; i < futures_.size(); ++i) {
      if (futures_[i].poll(waker)) {
        result_.emplace(Selected<future_value_t<F>>{i, detail::take_value(futures_[i])});
        return true;
      }
    }
    return false;
  }
  Selected<future_value_t<F>> take() noexcept { return std::move(*result_); }

 private:
  std::span<F> futures_;
  std::optional<Selected<future_value_t<F>>> result_;
};

/// Waits for the first of a span of futures. The span's futures stay the caller's: the losers
/// are not cancelled (destroy them, or select over them again; a waiting one keeps its place
/// in its queue until then), and the winner is spent (replace it before selecting again).
/// Panics on an empty span.
template <Future F>
SelectSpan<F> select_span(std::span<F> fs) noexcept {
  return SelectSpan<F>(fs);
}

/// Future of all of N futures of one type; yields std::array of their results.
template <Future F, std::size_t N>
class [[nodiscard]] JoinArray {
 public:
  explicit JoinArray(std::array<F, N>&& fs) noexcept : futures_(std::move(fs)) {}

  bool poll(Waker waker) noexcept {
    bool all = true;
    for (std::size_t i = 0; i < N; ++i) {
      if (results_[i]) continue;
      if ((*futures_)[i].poll(waker)) {
        results_[i].emplace(detail::take_value((*futures_)[i]));
      } else {
        all = false;
      }
    }
    if (all) futures_.reset();
    return all;
  }
  std::array<future_value_t<F>, N> take() noexcept { return take_all(std::make_index_sequence<N>{}); }

 private:
  template <std::size_t... I>
  std::array<future_value_t<F>, N> take_all(std::index_sequence<I...>) noexcept {
    return {std::move(*results_[I])...};
  }

  std::optional<std::array<F, N>> futures_;
  std::array<std::optional<future_value_t<F>>, N> results_{};
};

/// Waits for every future of an array; yields their results in order.
template <Future F, std::size_t N>
JoinArray<F, N> join_array(std::array<F, N> fs) noexcept {
  return JoinArray<F, N>(std::move(fs));
}

/// Future of all of a span of futures the caller owns; results go to the caller's span.
template <Future F>
class [[nodiscard]] JoinSpan {
 public:
  using Value = future_value_t<F>;
  JoinSpan(std::span<F> fs, std::span<std::optional<Value>> results) noexcept : futures_(fs), results_(results) {
    if (fs.size() != results.size()) MOTE_PANIC("mote::join_span: the spans of futures and results differ in size");
  }

  bool poll(Waker waker) noexcept {
    bool all = true;
    for (std::size_t i = 0; i < futures_.size(); ++i) {
      if (results_[i]) continue;
      if (futures_[i].poll(waker)) {
        results_[i].emplace(detail::take_value(futures_[i]));
      } else {
        all = false;
      }
    }
    return all;
  }
  void take() const noexcept {}

 private:
  std::span<F> futures_;
  std::span<std::optional<Value>> results_;
};

/// Waits for every future of a span; result i goes to `results[i]`. A result already present
/// counts as done (its future is not polled), so start with empty optionals. Panics if the
/// spans differ in size.
template <Future F>
JoinSpan<F> join_span(std::span<F> fs, std::span<std::optional<future_value_t<F>>> results) noexcept {
  return JoinSpan<F>(fs, results);
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
