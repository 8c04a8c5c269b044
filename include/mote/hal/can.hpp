// mote/hal/can.hpp: a CAN controller (classic CAN and CAN FD) as a concept (embedded-can's Frame
// and Can, Embassy's CAN drivers).
//
//   template <mote::hal::Can C>
//   mote::Async<void> echo(C& can) {
//     for (;;) {
//       auto f = co_await can.receive();              // Result<hal::CanFrame, hal::CanError>
//       if (!f) { if (f.error() == mote::hal::CanError::BusOff) co_return; continue; }
//       co_await can.transmit(*f);                    // Result<void, hal::CanError>
//     }
//   }
//
// transmit(frame) completes when the frame is on the bus (acknowledged) or failed; receive()
// completes with the next frame that passes the acceptance filters. A controller that went
// bus-off reports CanError::BusOff from both until it recovers. set_filters(filters) replaces the
// acceptance filters at once (not a future; an empty list accepts every frame).
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>

#include "mote/future.hpp"
#include "mote/result.hpp"

namespace mote::hal {

/// Why a CAN operation failed (embedded-can's ErrorKind, plus bus-off).
enum class CanError : std::uint8_t {
  BusOff,           ///< the controller left the bus after too many errors
  Overrun,          ///< received frames were lost (the receive buffer was full)
  Bit,              ///< a bit was read back different from the one sent
  Stuff,            ///< more than five equal bits in a row
  Crc,              ///< a frame's CRC was wrong
  Form,             ///< a fixed-form field held an illegal value
  Acknowledge,      ///< nobody acknowledged a frame sent
  FrameTooLong,     ///< the frame's length does not fit its kind (classic: 8 bytes); nothing sent
  BadFilter,        ///< a filter the controller cannot hold (too many, bad id); filters unchanged
  Other,            ///< anything else
};

/// A fixed text for `e` (what Result::unwrap prints). ISR-safe.
constexpr const char* error_message(CanError e) noexcept {
  switch (e) {
    case CanError::BusOff: return "can: bus off";
    case CanError::Overrun: return "can: receive overrun";
    case CanError::Bit: return "can: bit error";
    case CanError::Stuff: return "can: stuff error";
    case CanError::Crc: return "can: CRC error";
    case CanError::Form: return "can: form error";
    case CanError::Acknowledge: return "can: no acknowledge";
    case CanError::FrameTooLong: return "can: frame too long for its kind";
    case CanError::BadFilter: return "can: filter not supported";
    case CanError::Other: return "can: error";
  }
  return "can: error";
}

/// One frame: classic (up to 8 data bytes, or a remote frame) or FD (up to 64 bytes, optionally
/// with bit-rate switching). Plain data: copy it freely.
struct CanFrame {
  std::uint32_t id = 0;     ///< 11-bit standard or 29-bit extended identifier
  bool extended = false;    ///< a 29-bit identifier
  bool remote = false;      ///< a remote (request) frame: classic only, no data
  bool fd = false;          ///< a CAN FD frame
  bool bit_rate_switch = false;  ///< FD: the data phase at the fast bit rate
  std::uint8_t length = 0;  ///< data bytes: 0..8 classic; FD 0..8, 12, 16, 20, 24, 32, 48, 64
  std::array<std::byte, 64> data{};

  /// Whether `length` is one an FD frame can have. ISR-safe.
  static constexpr bool fd_length_ok(std::size_t n) noexcept {
    return n <= 8 || n == 12 || n == 16 || n == 20 || n == 24 || n == 32 || n == 48 || n == 64;
  }
  /// Whether the frame is well formed: id in range, length fits its kind, no FD remote frame.
  /// ISR-safe.
  constexpr bool valid() const noexcept {
    if (id > (extended ? 0x1FFF'FFFFu : 0x7FFu)) return false;
    if (fd) return !remote && fd_length_ok(length);
    return length <= 8 && !bit_rate_switch;
  }
};

/// An acceptance filter: a frame passes when (frame.id & mask) == (id & mask) and its
/// extended flag equals `extended`.
struct CanFilter {
  std::uint32_t id = 0;
  std::uint32_t mask = 0;
  bool extended = false;
};

/// A CAN controller: transmit(frame) and receive() Futures, set_filters(span) at once.
template <class C>
concept Can = requires(C& can, const CanFrame& frame, std::span<const CanFilter> filters) {
  requires Future<decltype(can.transmit(frame))>;
  requires std::same_as<future_result_t<decltype(can.transmit(frame))>, Result<void, CanError>>;
  requires Future<decltype(can.receive())>;
  requires std::same_as<future_result_t<decltype(can.receive())>, Result<CanFrame, CanError>>;
  { can.set_filters(filters) } -> std::same_as<Result<void, CanError>>;
};

}  // namespace mote::hal
