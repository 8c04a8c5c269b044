// mote/io.hpp: byte streams as concepts (embedded-io-async's Read, Write, BufRead), and how their
// errors are classified.
//
//   template <mote::io::Read R, mote::io::Write W>
//   mote::Async<void> copy_line(R& in, W& out) {
//     std::byte buf[64];
//     auto n = co_await in.read(buf);                 // Result<std::size_t, E>, or std::size_t
//     ...
//   }
//
// A stream operation is a mote::Future. Its result is either `Result<T, E>` (a stream that can
// fail: a UART reports overruns, a socket resets) or plain `T` (a stream that cannot: mote::Pipe);
// io::error_t names E, or io::Infallible. Generic code handles both with io::ok() and
// io::value() (below).
//
//   read(span<byte>)          completes with at least one byte (the count), or 0 only for an
//                             empty buffer or at end of stream
//   write(span<const byte>)   completes with the count of bytes taken (at least one for a
//                             non-empty span; a whole-span writer may take all)
//   fill_buf()                completes with the bytes buffered (a span into the stream's own
//                             buffer, valid until consume() or the next operation), at least one
//   consume(n)                marks the first n bytes of the last fill_buf() read (ISR-safe in
//                             mote's drivers; not a future)
//
// Errors: every error type of a stream names its kind with `error_kind(e)`, found by ADL
// (embedded-io's Error::kind), so generic code can react without knowing the stream.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>

#include "mote/future.hpp"
#include "mote/result.hpp"

namespace mote::io {

/// What went wrong, as far as code that does not know the stream can tell (embedded-io's
/// ErrorKind, minus the kinds only a file system has).
enum class ErrorKind : std::uint8_t {
  Other,              ///< none of the below (a UART overrun, a break)
  InvalidData,        ///< the data received was corrupt (framing, parity)
  InvalidInput,       ///< an argument was out of range
  TimedOut,           ///< the operation gave up waiting
  Interrupted,        ///< the operation was cut short and may be retried
  Unsupported,        ///< the stream cannot do this
  OutOfMemory,        ///< a buffer the stream needed was full
  WriteZero,          ///< a write took no byte where one was required
  NotConnected,       ///< the other end is not there
  ConnectionRefused,  ///< the other end refused
  ConnectionReset,    ///< the other end went away
  ConnectionAborted,  ///< this end gave up the connection
  BrokenPipe,         ///< the reading end is closed
  AddrInUse,          ///< an address or port is taken
  AddrNotAvailable,   ///< an address does not exist here
};

/// An error type of a stream: `error_kind(e)` (found by ADL) classifies it.
template <class E>
concept Error = requires(const E& e) {
  { error_kind(e) } -> std::same_as<ErrorKind>;
};

/// The error of a stream that cannot fail (embedded-io's Infallible): no value exists.
struct Infallible {
  Infallible() = delete;
};
/// ISR-safe (never called: no Infallible exists).
constexpr ErrorKind error_kind(const Infallible&) noexcept { return ErrorKind::Other; }

namespace detail {
template <class R>
struct ResultParts {  // a plain value: cannot fail
  using value = R;
  using error = Infallible;
};
template <class T, class E>
struct ResultParts<Result<T, E>> {
  using value = T;
  using error = E;
};
}  // namespace detail

/// The value type of a stream result R: T for Result<T, E>, R itself otherwise.
template <class R>
using value_t = typename detail::ResultParts<R>::value;
/// The error type of a stream result R: E for Result<T, E>, io::Infallible otherwise.
template <class R>
using error_t = typename detail::ResultParts<R>::error;

/// R is T, or a Result<T, E> whose E is an io::Error.
template <class R, class T>
concept ResultOf = std::same_as<value_t<R>, T> && Error<error_t<R>>;

/// Whether a stream result holds a value (always, for a plain one). ISR-safe.
template <class R>
constexpr bool ok(const R& r) noexcept {
  if constexpr (std::same_as<error_t<R>, Infallible>) {
    return true;
  } else {
    return r.has_value();
  }
}
/// The value of a stream result that holds one. ISR-safe.
template <class R>
constexpr const value_t<R>& value(const R& r) noexcept {
  if constexpr (std::same_as<error_t<R>, Infallible>) {
    return r;
  } else {
    return r.value();
  }
}

/// A byte source: `read(std::span<std::byte>)` is a Future yielding the count read.
template <class S>
concept Read = requires(S& s, std::span<std::byte> buffer) {
  requires Future<decltype(s.read(buffer))>;
  requires ResultOf<future_result_t<decltype(s.read(buffer))>, std::size_t>;
};

/// A byte sink: `write(std::span<const std::byte>)` is a Future yielding the count taken.
template <class S>
concept Write = requires(S& s, std::span<const std::byte> bytes) {
  requires Future<decltype(s.write(bytes))>;
  requires ResultOf<future_result_t<decltype(s.write(bytes))>, std::size_t>;
};

/// A buffered byte source: `fill_buf()` is a Future yielding the buffered bytes
/// (std::span<const std::byte>) without copying them; `consume(n)` drops the first n.
template <class S>
concept BufRead = requires(S& s, std::size_t n) {
  requires Future<decltype(s.fill_buf())>;
  requires ResultOf<future_result_t<decltype(s.fill_buf())>, std::span<const std::byte>>;
  s.consume(n);
};

}  // namespace mote::io
