// mote/hal/serial.hpp: what every chip's async serial (UART) driver provides.
//
// Drivers live with their chip (chips/<chip>); this header holds what code written once for any
// board relies on: the error type and the shape of the driver, checked by the concept below.
//   read(span<byte>)        completes with at least one byte (its count) or an error
//   read_until(span, byte)  completes with a whole line (through the delimiter), or as much as
//                           fits when the buffer or the driver's receive buffer is full
//   write(span<const byte>) completes when every byte has been handed to the hardware
//   fill_buf()              completes with the bytes buffered (a span into the driver's receive
//                           ring, at least one byte), or a pending error; consume(n) drops them
//                           (io::BufRead, mote/io.hpp)
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>

#include "mote/future.hpp"
#include "mote/io.hpp"
#include "mote/result.hpp"

namespace mote {

/// Why a serial read failed. A read reports each error once; the bytes that were received
/// intact stay buffered and the following reads return them.
enum class SerialError : std::uint8_t {
  Overrun,  ///< bytes were lost: the receive buffer (or the hardware FIFO) was full
  Break,    ///< the line was held low for longer than a character (a break condition)
  Framing,  ///< a character had no valid stop bit (its byte is dropped)
  Parity,   ///< a character failed its parity check (its byte is dropped)
};

/// A fixed text for `e` (what Result::unwrap prints). ISR-safe.
constexpr const char* error_message(SerialError e) noexcept {
  switch (e) {
    case SerialError::Overrun: return "serial: overrun (received bytes were lost)";
    case SerialError::Break: return "serial: break condition";
    case SerialError::Framing: return "serial: framing error";
    case SerialError::Parity: return "serial: parity error";
  }
  return "serial: error";
}

/// The io::ErrorKind of `e` (mote/io.hpp): a corrupt character is InvalidData, a lost byte or
/// a break is Other. ISR-safe.
constexpr io::ErrorKind error_kind(SerialError e) noexcept {
  return e == SerialError::Framing || e == SerialError::Parity ? io::ErrorKind::InvalidData : io::ErrorKind::Other;
}

namespace hal {

/// An async serial port: read, read_until, write and fill_buf/consume as described above.
template <class S>
concept Serial = requires(S& s, std::span<std::byte> in, std::span<const std::byte> out, std::byte delimiter) {
  requires Future<decltype(s.read(in))>;
  requires std::same_as<future_result_t<decltype(s.read(in))>, Result<std::size_t, SerialError>>;
  requires Future<decltype(s.read_until(in, delimiter))>;
  requires std::same_as<future_result_t<decltype(s.read_until(in, delimiter))>, Result<std::size_t, SerialError>>;
  requires Future<decltype(s.write(out))>;
  // Every serial port is also a byte stream (mote/io.hpp), so generic stream code takes it.
  requires io::Read<S> && io::Write<S> && io::BufRead<S>;
};

}  // namespace hal
}  // namespace mote
