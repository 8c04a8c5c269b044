// mote/devices/ssd0323.hpp: the Solomon SSD0323 OLED controller (128 x 64 pixels, 16 grey
// levels), written once against mote::hal::SpiDevice plus a hal::OutputPin for its
// data/command line, so it runs on every chip whose SPI driver models the concepts.
//
//   mote::hal::SharedSpiDevice oled_spi(shared_bus, oled_cs, 4'000'000);  // its clock limit: 4 MHz
//   lm::Output dc(std::move(p.pc7), lm::Level::Low);              // the board's D/C line
//   mote::devices::Ssd0323 oled(oled_spi, dc);
//   co_await oled.init();                                         // Result<void, Ssd0323Error>
//   co_await oled.clear();
//   co_await oled.fill(16, 8, 32, 16, 15);                        // a white 32 x 16 rectangle
//   co_await oled.write_pixels(0, 40, 128, 8, packed);            // 2 pixels per byte, left one high
//
// The chip: commands go with D/C low, pixel data with D/C high. Pixel data fills the window set
// by "set column" (0x15, byte columns 0..63: each byte is two pixels, the left one in the high
// nibble) and "set row" (0x75, 0..63), left to right then top to bottom. Grey level 0 is off, 15
// the brightest.
//
// Each operation is a mote::Async (a nested coroutine: its frame, up to about 150 bytes with the
// device's transaction inside, comes from the calling task's budget). Coordinates are checked
// before anything is sent: a window outside the panel or starting at an odd column gives
// Ssd0323Error::OutOfBounds or Unaligned and changes nothing. The D/C line is set before each
// transaction: one task at a time may use a display (the bus itself may be shared).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

#include "mote/async.hpp"
#include "mote/hal/digital.hpp"
#include "mote/hal/spi.hpp"
#include "mote/result.hpp"

namespace mote::devices {

/// Why a display operation failed.
enum class Ssd0323Error : std::uint8_t {
  OutOfBounds,    ///< the window leaves the 128 x 64 panel (or is empty); nothing was sent
  Unaligned,      ///< x or the width is odd (the controller stores two pixels per byte); nothing was sent
  BadBufferSize,  ///< the pixel buffer does not hold width x height / 2 bytes; nothing was sent
  Bus,            ///< the SPI transaction failed (the SpiError is in last_bus_error())
};

/// A fixed text for `e` (what Result::unwrap prints). ISR-safe.
constexpr const char* error_message(Ssd0323Error e) noexcept {
  switch (e) {
    case Ssd0323Error::OutOfBounds: return "ssd0323: window outside the 128 x 64 panel";
    case Ssd0323Error::Unaligned: return "ssd0323: x and width must be even";
    case Ssd0323Error::BadBufferSize: return "ssd0323: pixel buffer size is not width x height / 2";
    case Ssd0323Error::Bus: return "ssd0323: SPI transaction failed";
  }
  return "ssd0323: error";
}

using Ssd0323Result = Result<void, Ssd0323Error>;

/// An SSD0323 on SPI device `Device`, with data/command line `DataCommand` (high = data).
/// Borrows both.
template <hal::SpiDevice Device, hal::OutputPin DataCommand>
class Ssd0323 {
 public:
  static constexpr int kWidth = 128;
  static constexpr int kHeight = 64;

  /// Borrows the device and the D/C pin; sends nothing (init() does). Any context.
  Ssd0323(Device& device, DataCommand& dc) noexcept : device_(&device), dc_(&dc) {}

  /// The power-on sequence (the data sheet's defaults for a 128 x 64 panel), then display on.
  /// Task context.
  Async<Ssd0323Result> init() noexcept {
    static constexpr std::uint8_t kInit[] = {
        0xAE,              // display off while setting up
        0x15, 0x00, 0x3F,  // columns 0..63 (128 pixels)
        0x75, 0x00, 0x3F,  // rows 0..63
        0x81, 0x40,        // contrast
        0x86,              // full current range
        0xA0, 0x50,        // remap: horizontal address increment, COM split odd/even
        0xA1, 0x00,        // display start line 0
        0xA2, 0x00,        // display offset 0
        0xA4,              // normal display (not all on/off, not inverted)
        0xA8, 0x3F,        // multiplex ratio: 64 rows
        0xAD, 0x02,        // DC-DC converter off (the board supplies the panel)
        0xAF,              // display on
    };
    return command(std::as_bytes(std::span(kInit)));
  }

  /// Sends controller commands (D/C low). Task context.
  Async<Ssd0323Result> command(std::span<const std::byte> bytes) noexcept { return send(false, bytes); }

  /// Writes a window of pixels: `packed` holds width / 2 bytes per row, `height` rows, two
  /// pixels per byte (the left one in the high nibble). Task context.
  Async<Ssd0323Result> write_pixels(int x, int y, int width, int height, std::span<const std::byte> packed) noexcept {
    return write_window(x, y, width, height, packed);
  }

  /// Fills a window with grey level `level` (0..15). Task context.
  Async<Ssd0323Result> fill(int x, int y, int width, int height, std::uint8_t level) noexcept {
    return fill_window(x, y, width, height, level);
  }

  /// Fills the whole panel with level 0. Task context.
  Async<Ssd0323Result> clear() noexcept { return fill_window(0, 0, kWidth, kHeight, 0); }

  /// The SPI error behind the last Ssd0323Error::Bus. Task context.
  hal::SpiError last_bus_error() const noexcept { return bus_error_; }

 private:
  static Result<void, Ssd0323Error> check(int x, int y, int width, int height) noexcept {
    if (width <= 0 || height <= 0 || x < 0 || y < 0 || x + width > kWidth || y + height > kHeight) {
      return Err{Ssd0323Error::OutOfBounds};
    }
    if ((x | width) & 1) return Err{Ssd0323Error::Unaligned};
    return {};
  }

  Async<Ssd0323Result> send(bool data, std::span<const std::byte> bytes) {
    data ? dc_->set_high() : dc_->set_low();
    hal::SpiOperation ops[]{hal::SpiOperation::write(bytes)};
    auto r = co_await device_->transaction(ops);
    if (!r) {
      bus_error_ = r.error();
      co_return Err{Ssd0323Error::Bus};
    }
    co_return Ssd0323Result{};
  }

  Async<Ssd0323Result> set_window(int x, int y, int width, int height) {
    const std::byte window[6]{std::byte{0x15}, std::byte(x / 2), std::byte((x + width) / 2 - 1),
                              std::byte{0x75}, std::byte(y),     std::byte(y + height - 1)};
    co_return co_await send(false, window);
  }

  Async<Ssd0323Result> write_window(int x, int y, int width, int height, std::span<const std::byte> packed) {
    if (auto ok = check(x, y, width, height); !ok) co_return ok;
    if (packed.size() != static_cast<std::size_t>(width / 2 * height)) co_return Err{Ssd0323Error::BadBufferSize};
    if (auto r = co_await set_window(x, y, width, height); !r) co_return r;
    co_return co_await send(true, packed);
  }

  Async<Ssd0323Result> fill_window(int x, int y, int width, int height, std::uint8_t level) {
    if (auto ok = check(x, y, width, height); !ok) co_return ok;
    if (auto r = co_await set_window(x, y, width, height); !r) co_return r;
    std::byte chunk[32];
    std::memset(chunk, (level & 0xF) * 0x11, sizeof chunk);
    std::size_t left = static_cast<std::size_t>(width / 2 * height);
    while (left > 0) {  // the window's address pointer carries on across transactions
      const std::size_t n = left < sizeof chunk ? left : sizeof chunk;
      if (auto r = co_await send(true, std::span<const std::byte>(chunk, n)); !r) co_return r;
      left -= n;
    }
    co_return Ssd0323Result{};
  }

  Device* device_;
  DataCommand* dc_;
  hal::SpiError bus_error_ = hal::SpiError::Other;
};

}  // namespace mote::devices
