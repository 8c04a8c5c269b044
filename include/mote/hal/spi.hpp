// mote/hal/spi.hpp: SPI as concepts (embedded-hal-async's SpiBus and SpiDevice).
//
//   SpiBus     the bus alone: clock, MOSI, MISO; no chip select. Owned by one driver, or shared
//              through a SpiDevice per device.
//   SpiDevice  one device on a bus: each transaction() asserts its chip select, runs the
//              operations back to back (the bus is held for the whole transaction, so devices
//              sharing the bus never interleave), waits until the last bit is out (flush),
//              deasserts chip select.
//
//   template <mote::hal::SpiDevice D>
//   mote::Async<std::uint8_t> read_status(D& flash) {
//     std::byte cmd[1]{std::byte{0x05}}, status[1];
//     mote::hal::SpiOperation ops[]{mote::hal::SpiOperation::write(cmd), mote::hal::SpiOperation::read(status)};
//     auto r = co_await flash.transaction(ops);          // Result<void, hal::SpiError>
//     ...
//   }
//
// Every operation is a Future yielding Result<void, SpiError>. Buffers are borrowed until the
// future completes or is destroyed; destroying one cancels it, and the driver leaves the bus
// idle (and a SpiDevice deasserts chip select).
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>

#include "mote/future.hpp"
#include "mote/result.hpp"

namespace mote::hal {

/// Why an SPI operation failed (embedded-hal's spi::ErrorKind).
enum class SpiError : std::uint8_t {
  Overrun,          ///< received data was lost (the receive FIFO was full)
  ModeFault,        ///< another controller drove the bus (multi-controller mode)
  FrameFormat,      ///< the received frame had the wrong format
  ChipSelectFault,  ///< chip select could not be asserted or deasserted
  Other,            ///< anything else
};

/// A fixed text for `e` (what Result::unwrap prints). ISR-safe.
constexpr const char* error_message(SpiError e) noexcept {
  switch (e) {
    case SpiError::Overrun: return "spi: overrun";
    case SpiError::ModeFault: return "spi: mode fault";
    case SpiError::FrameFormat: return "spi: frame format error";
    case SpiError::ChipSelectFault: return "spi: chip select fault";
    case SpiError::Other: return "spi: error";
  }
  return "spi: error";
}

/// The result every SPI future yields.
using SpiResult = Result<void, SpiError>;

/// One step of a SpiDevice transaction. Build one with the static functions. Borrows its bytes.
struct SpiOperation {
  enum class Kind : std::uint8_t { Read, Write, Transfer, TransferInPlace, DelayNs };

  /// Clocks buffer.size() bytes in (sending the driver's fill byte). ISR-safe.
  static constexpr SpiOperation read(std::span<std::byte> buffer) noexcept {
    return {buffer.data(), nullptr, buffer.size(), 0, Kind::Read, 0};
  }
  /// Clocks `bytes` out (discarding what comes in). ISR-safe.
  static constexpr SpiOperation write(std::span<const std::byte> bytes) noexcept {
    return {nullptr, bytes.data(), bytes.size(), 0, Kind::Write, bytes.size()};
  }
  /// Clocks max(in.size(), out.size()) bytes: `out` goes out (then fill bytes), `in` fills
  /// (extra bytes are discarded). ISR-safe.
  static constexpr SpiOperation transfer(std::span<std::byte> in, std::span<const std::byte> out) noexcept {
    return {in.data(), out.data(), in.size() > out.size() ? in.size() : out.size(), in.size(), Kind::Transfer,
            out.size()};
  }
  /// Clocks `buffer` out and replaces each byte with the one received. ISR-safe.
  static constexpr SpiOperation transfer_in_place(std::span<std::byte> buffer) noexcept {
    return {buffer.data(), buffer.data(), buffer.size(), 0, Kind::TransferInPlace, buffer.size()};
  }
  /// Waits `ns` nanoseconds with chip select still asserted. ISR-safe.
  static constexpr SpiOperation delay_ns(std::uint32_t ns) noexcept { return {nullptr, nullptr, 0, ns, Kind::DelayNs, 0}; }

  std::byte* in;         // Read, Transfer (first `in_size` bytes), TransferInPlace
  const std::byte* out;  // Write, Transfer, TransferInPlace
  std::size_t size;      // bytes clocked
  std::size_t extra;     // Transfer: bytes of `in`; DelayNs: nanoseconds
  Kind kind;
  std::size_t out_size;  // bytes of `out` (Transfer: the rest up to `size` are fill bytes)
};

/// An SPI bus (no chip select): read, write, transfer, transfer_in_place and flush, each a
/// Future yielding Result<void, SpiError>. A write may complete while its last bytes are still
/// being shifted out; flush completes when the bus is idle.
template <class B>
concept SpiBus = requires(B& bus, std::span<std::byte> in, std::span<const std::byte> out) {
  requires Future<decltype(bus.read(in))>;
  requires std::same_as<future_result_t<decltype(bus.read(in))>, SpiResult>;
  requires Future<decltype(bus.write(out))>;
  requires std::same_as<future_result_t<decltype(bus.write(out))>, SpiResult>;
  requires Future<decltype(bus.transfer(in, out))>;
  requires std::same_as<future_result_t<decltype(bus.transfer(in, out))>, SpiResult>;
  requires Future<decltype(bus.transfer_in_place(in))>;
  requires std::same_as<future_result_t<decltype(bus.transfer_in_place(in))>, SpiResult>;
  requires Future<decltype(bus.flush())>;
  requires std::same_as<future_result_t<decltype(bus.flush())>, SpiResult>;
};

/// One device on an SPI bus: transaction(operations) with chip select asserted throughout,
/// a Future yielding Result<void, SpiError>.
template <class D>
concept SpiDevice = requires(D& device, std::span<SpiOperation> operations) {
  requires Future<decltype(device.transaction(operations))>;
  requires std::same_as<future_result_t<decltype(device.transaction(operations))>, SpiResult>;
};

}  // namespace mote::hal
