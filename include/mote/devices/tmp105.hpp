// mote/devices/tmp105.hpp: the TI TMP105 (and TMP75/LM75-style) I2C temperature sensor,
// written once against mote::hal::I2c, so it runs on every chip whose I2C driver models it.
//
//   mote::lm3s6965::I2c<mote::lm3s6965::I2c0> i2c(std::move(p.i2c0), Irqs{});
//   mote::devices::Tmp105 sensor(i2c);                        // address 0x48 (A0 = A1 = 0)
//   co_await sensor.set_resolution(mote::devices::Tmp105Resolution::Bits12);
//   auto t = co_await sensor.read_millicelsius();            // Result<std::int32_t, hal::I2cError>
//   if (t) std::printf("%ld mC\n", static_cast<long>(*t));
//
// The chip: a pointer register selects one of four registers; a write sets the pointer and
// writes the register, a read sets the pointer and reads it back after a repeated START.
//   0 Temperature   16 bits, read-only: degrees C as signed 8.8 fixed point, the low bits below
//                   the configured resolution (9..12 bits) read as 0
//   1 Configuration 8 bits: SD (shutdown), TM (thermostat mode), POL, F1:F0 (fault queue),
//                   R1:R0 (resolution), OS (one shot)
//   2 T_LOW, 3 T_HIGH  16 bits, the thermostat limits (8.8 like the temperature; power-on 75 / 80 C)
//
// Every operation is a leaf future (no coroutine frame, nothing allocated): it keeps the bytes
// of its one bus transaction inside itself and starts that transaction on its first poll, so it
// may be moved until then (into select, with_timeout ...). Destroying it cancels the bus
// transfer as the bus driver does. Task context, like the bus futures.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <type_traits>
#include <utility>

#include "mote/future.hpp"
#include "mote/hal/i2c.hpp"
#include "mote/result.hpp"

namespace mote::devices {

/// Conversion resolution (configuration bits R1:R0) and the conversion time it costs.
enum class Tmp105Resolution : std::uint8_t {
  Bits9 = 0,   ///< 0.5 C, 27.5 ms (power-on default)
  Bits10 = 1,  ///< 0.25 C, 55 ms
  Bits11 = 2,  ///< 0.125 C, 110 ms
  Bits12 = 3,  ///< 0.0625 C, 220 ms
};

/// The thermostat limit registers.
enum class Tmp105Limit : std::uint8_t { Low = 2, High = 3 };

namespace detail {

/// One register access on a hal::I2c bus as a leaf future: write `out` (pointer and data), then,
/// if `in_size` > 0, read `in_size` bytes after a repeated START. Yields Result<T, I2cError>,
/// with T decoded from the bytes read by `Decode` (or Result<void, I2cError> for T = void).
template <class Bus, class T, T (*Decode)(const std::byte*) = nullptr>
class RegisterAccess {
  using BusFuture = decltype(std::declval<Bus&>().transaction(std::uint8_t{}, std::span<hal::I2cOperation>{}));

 public:
  using Output = Result<T, hal::I2cError>;

  /// Copies `out` (at most 3 bytes); nothing goes on the bus before the first poll. ISR-safe.
  RegisterAccess(Bus& bus, std::uint8_t address, std::span<const std::byte> out, std::size_t in_size) noexcept
      : bus_(&bus), address_(address), out_size_(static_cast<std::uint8_t>(out.size())),
        in_size_(static_cast<std::uint8_t>(in_size)) {
    for (std::size_t i = 0; i < out.size() && i < sizeof(out_); ++i) out_[i] = out[i];
  }
  /// Before the first poll only (the operations point into the object once polled). ISR-safe.
  RegisterAccess(RegisterAccess&& o) noexcept
      : bus_(o.bus_), address_(o.address_), out_size_(o.out_size_), in_size_(o.in_size_) {
    for (std::size_t i = 0; i < sizeof(out_); ++i) out_[i] = o.out_[i];
  }
  RegisterAccess& operator=(RegisterAccess&&) = delete;

  /// Task context.
  bool poll(Waker waker) noexcept {
    if (!transfer_) {
      // The operations point into this object, which no longer moves once polled.
      ops_[0] = hal::I2cOperation::write(std::span<const std::byte>(out_, out_size_));
      ops_[1] = hal::I2cOperation::read(std::span<std::byte>(in_, in_size_));
      transfer_.emplace(bus_->transaction(address_, std::span<hal::I2cOperation>(ops_, in_size_ > 0 ? 2 : 1)));
    }
    return transfer_->poll(waker);
  }
  /// Task context, once poll returned true.
  Output take() noexcept {
    auto r = transfer_->take();
    if (!r) return Err{r.error()};
    if constexpr (std::is_void_v<T>) {
      return {};
    } else {
      return Output(Decode(in_));
    }
  }

 private:
  Bus* bus_;
  std::uint8_t address_;
  std::uint8_t out_size_;
  std::uint8_t in_size_;
  std::byte out_[3]{};
  std::byte in_[2]{};
  hal::I2cOperation ops_[2]{};
  std::optional<BusFuture> transfer_;
};

inline std::int16_t decode_i16(const std::byte* in) noexcept {
  return static_cast<std::int16_t>((std::to_integer<unsigned>(in[0]) << 8) | std::to_integer<unsigned>(in[1]));
}
inline std::uint8_t decode_u8(const std::byte* in) noexcept { return std::to_integer<std::uint8_t>(in[0]); }
inline std::int32_t decode_millicelsius(const std::byte* in) noexcept {
  // 8.8 fixed point to thousandths, rounded toward minus infinity by the arithmetic shift.
  return (static_cast<std::int32_t>(decode_i16(in)) * 1000) >> 8;
}

}  // namespace detail

/// A TMP105 at `address` (0x48..0x4B, set by its A0/A1 pins) on `Bus`, any hal::I2c. Borrows
/// the bus: several devices may share it (one transfer at a time, in the order the bus driver
/// serves them). Futures borrow the Tmp105 and must not outlive it.
template <hal::I2c Bus>
class Tmp105 {
 public:
  static constexpr std::uint8_t kDefaultAddress = 0x48;
  enum Register : std::uint8_t { Temperature = 0, Configuration = 1, TLow = 2, THigh = 3 };
  /// Configuration bits.
  static constexpr std::uint8_t kShutdown = 0x01, kThermostatInterrupt = 0x02, kPolarity = 0x04,
                                kResolutionShift = 5, kResolutionMask = 0x60, kOneShot = 0x80;

  /// ISR-safe (no bus access).
  explicit Tmp105(Bus& bus, std::uint8_t address = kDefaultAddress) noexcept : bus_(&bus), address_(address) {}

  /// The temperature register: degrees C in 1/256 steps (signed 8.8). Task context.
  detail::RegisterAccess<Bus, std::int16_t, detail::decode_i16> read_temperature_raw() noexcept {
    return {*bus_, address_, pointer(Temperature), 2};
  }
  /// The temperature in thousandths of a degree C. Task context.
  detail::RegisterAccess<Bus, std::int32_t, detail::decode_millicelsius> read_millicelsius() noexcept {
    return {*bus_, address_, pointer(Temperature), 2};
  }
  /// The configuration register. Task context.
  detail::RegisterAccess<Bus, std::uint8_t, detail::decode_u8> read_configuration() noexcept {
    return {*bus_, address_, pointer(Configuration), 1};
  }
  /// Writes the configuration register. Task context.
  detail::RegisterAccess<Bus, void> write_configuration(std::uint8_t value) noexcept {
    const std::byte out[2]{std::byte{Configuration}, std::byte{value}};
    return {*bus_, address_, out, 0};
  }
  /// Writes the configuration register with only the resolution set (continuous conversion,
  /// comparator mode, the other bits 0). Task context.
  detail::RegisterAccess<Bus, void> set_resolution(Tmp105Resolution r) noexcept {
    return write_configuration(static_cast<std::uint8_t>(static_cast<unsigned>(r) << kResolutionShift));
  }
  /// A thermostat limit (signed 8.8 degrees C). Task context.
  detail::RegisterAccess<Bus, std::int16_t, detail::decode_i16> read_limit(Tmp105Limit which) noexcept {
    return {*bus_, address_, pointer(static_cast<std::uint8_t>(which)), 2};
  }
  /// Writes a thermostat limit (signed 8.8 degrees C; the low 4 bits are ignored by the chip).
  /// Task context.
  detail::RegisterAccess<Bus, void> write_limit(Tmp105Limit which, std::int16_t value) noexcept {
    const auto v = static_cast<std::uint16_t>(value);
    const std::byte out[3]{std::byte{static_cast<std::uint8_t>(which)}, std::byte{static_cast<std::uint8_t>(v >> 8)},
                           std::byte{static_cast<std::uint8_t>(v & 0xFF)}};
    return {*bus_, address_, out, 0};
  }

  /// ISR-safe.
  std::uint8_t address() const noexcept { return address_; }

 private:
  static std::span<const std::byte, 1> pointer(std::uint8_t reg) noexcept {
    // The pointer byte lives in a table: the span must outlive this call (it is copied into the
    // future, but only after the constructor reads it).
    static constexpr std::byte kPointers[4]{std::byte{0}, std::byte{1}, std::byte{2}, std::byte{3}};
    return std::span<const std::byte, 1>(&kPointers[reg & 3], 1);
  }

  Bus* bus_;
  std::uint8_t address_;
};

}  // namespace mote::devices
