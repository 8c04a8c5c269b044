// mote/result.hpp: errors as values, since mote builds without exceptions.
//
// `Result<T, E>` holds either a T or an error E (like std::expected, which C++20 lacks).
// `Result<void, E>` holds success or an error. `unwrap()` panics with the error's message,
// found by ADL as `error_message(E)` when the error type provides one.
#pragma once

#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "mote/panic.hpp"

namespace mote {

/// Wraps an error so that it can initialise a Result (like std::unexpected).
template <class E>
struct Err {
  E error;
};
template <class E>
Err(E) -> Err<E>;

namespace detail {
template <class E>
const char* describe_error(const E& e) noexcept {
  if constexpr (requires { error_message(e); }) {
    return error_message(e);
  } else {
    return "error";
  }
}
}  // namespace detail

/// A value of type T or an error of type E. None of its members may throw; all are ISR-safe.
template <class T, class E>
class [[nodiscard]] Result {
 public:
  Result(const T& value) : v_(std::in_place_index<0>, value) {}
  Result(T&& value) : v_(std::in_place_index<0>, std::move(value)) {}
  template <class G>
  Result(Err<G> e) : v_(std::in_place_index<1>, std::move(e.error)) {}

  bool has_value() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  /// The value; calling it on an error panics with the error's message.
  T& value() & noexcept { check(); return *std::get_if<0>(&v_); }
  const T& value() const& noexcept { check(); return *std::get_if<0>(&v_); }
  T&& value() && noexcept { check(); return std::move(*std::get_if<0>(&v_)); }
  T& operator*() & noexcept { return value(); }
  const T& operator*() const& noexcept { return value(); }
  T&& operator*() && noexcept { return std::move(*this).value(); }
  T* operator->() noexcept { return &value(); }
  const T* operator->() const noexcept { return &value(); }
  /// Moves the value out; panics with the error's message if there is none.
  T unwrap() noexcept { return std::move(value()); }
  /// The error; calling it on a value panics. The rvalue form moves it out (e.g. the value
  /// a failed try_send hands back).
  const E& error() const& noexcept {
    if (has_value()) MOTE_PANIC("Result::error() called on a value");
    return *std::get_if<1>(&v_);
  }
  E& error() & noexcept { return const_cast<E&>(std::as_const(*this).error()); }
  E&& error() && noexcept { return std::move(error()); }

 private:
  void check() const noexcept {
    if (!has_value()) MOTE_PANIC("unwrap on an error: {}", detail::describe_error(*std::get_if<1>(&v_)));
  }
  std::variant<T, E> v_;
};

/// Success (no value) or an error of type E.
template <class E>
class [[nodiscard]] Result<void, E> {
 public:
  Result() noexcept = default;
  template <class G>
  Result(Err<G> e) : error_(std::move(e.error)) {}

  bool has_value() const noexcept { return !error_.has_value(); }
  explicit operator bool() const noexcept { return has_value(); }
  void value() const noexcept { unwrap(); }
  void operator*() const noexcept { unwrap(); }
  /// Panics with the error's message if this holds an error.
  void unwrap() const noexcept {
    if (error_) MOTE_PANIC("unwrap on an error: {}", detail::describe_error(*error_));
  }
  const E& error() const& noexcept {
    if (!error_) MOTE_PANIC("Result::error() called on a value");
    return *error_;
  }
  E& error() & noexcept { return const_cast<E&>(std::as_const(*this).error()); }
  E&& error() && noexcept { return std::move(error()); }

 private:
  std::optional<E> error_;  // E need not be default-constructible
};

/// The value type of `void` results inside combinators (a `std::variant` cannot hold void).
struct Unit {
  friend constexpr bool operator==(Unit, Unit) noexcept { return true; }
};

}  // namespace mote
