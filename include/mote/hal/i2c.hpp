// mote/hal/i2c.hpp: the I2C controller (master) concept, its errors and its operations.
//
//   template <mote::hal::I2c Bus>
//   mote::Async<int> read_register(Bus& bus) {
//     std::byte reg[1]{std::byte{0x00}}, value[2]{};
//     auto r = co_await bus.write_read(0x48, reg, value);   // Result<void, hal::I2cError>
//     if (!r) co_return -1;                                  // r.error() == I2cError::Nack ...
//     ...
//   }
//
// A device driver written against hal::I2c (mote/devices/*.hpp) works on every chip whose I2C
// driver models it; embedded-hal-async's `I2c` trait is the model. Every operation is a
// mote::Future (mote/future.hpp) yielding Result<void, I2cError>; addresses are 7-bit.
//
//   write(address, bytes)               START, address+W, bytes, STOP
//   read(address, buffer)               START, address+R, buffer.size() bytes (the last one
//                                       NACKed, as the protocol asks), STOP
//   write_read(address, bytes, buffer)  START, address+W, bytes, repeated START, address+R,
//                                       buffer.size() bytes, STOP (a register read)
//   transaction(address, operations)    the general form: adjacent operations of the same
//                                       direction are merged with no START between them, a
//                                       direction change is a repeated START, STOP at the end
//
// Buffers (and the operations array) are borrowed: they must stay valid until the future
// completes or is destroyed. Destroying a future mid-transfer cancels it: a driver then leaves
// the bus idle (a STOP is sent if it held the bus) and never touches the buffers again.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>

#include "mote/future.hpp"
#include "mote/result.hpp"

namespace mote::hal {

/// Why an I2C operation failed (embedded-hal's ErrorKind, the parts a controller can tell).
enum class I2cError : std::uint8_t {
  Nack,             ///< no device acknowledged the address, or the device refused a data byte
  ArbitrationLost,  ///< another controller won the bus; nothing was stopped (the bus is theirs)
  Bus,              ///< a misplaced START or STOP, or another bus fault the controller reported
  Overrun,          ///< the controller lost data (a controller without clock stretching)
  Other,            ///< anything else the driver could not classify
};

/// A fixed text for `e` (what Result::unwrap prints). ISR-safe.
constexpr const char* error_message(I2cError e) noexcept {
  switch (e) {
    case I2cError::Nack: return "i2c: no acknowledge (NACK)";
    case I2cError::ArbitrationLost: return "i2c: arbitration lost";
    case I2cError::Bus: return "i2c: bus error";
    case I2cError::Overrun: return "i2c: overrun";
    case I2cError::Other: return "i2c: error";
  }
  return "i2c: error";
}

/// The result every I2C future yields.
using I2cResult = Result<void, I2cError>;

/// One step of a transaction: bytes to write or a buffer to read into. Build one with
/// I2cOperation::write(...) or I2cOperation::read(...). Trivially copyable; borrows its bytes.
struct I2cOperation {
  enum class Kind : std::uint8_t { Write, Read };

  /// Writes `bytes`. ISR-safe.
  static constexpr I2cOperation write(std::span<const std::byte> bytes) noexcept {
    return I2cOperation{const_cast<std::byte*>(bytes.data()), bytes.size(), Kind::Write};
  }
  /// Reads buffer.size() bytes into `buffer`. ISR-safe.
  static constexpr I2cOperation read(std::span<std::byte> buffer) noexcept {
    return I2cOperation{buffer.data(), buffer.size(), Kind::Read};
  }

  // Public so that the struct stays an aggregate that drivers may walk; a Write never writes
  // through `data` (it came from a span of const bytes).
  std::byte* data;
  std::size_t size;
  Kind kind;
};

/// One I2C transfer as a driver's future keeps it: the address and the operations, up to two
/// kept inline (write, read, write_read) or the caller's array (transaction(): it must outlive
/// the future). Trivially copyable; everything ISR-safe.
class I2cTransfer {
 public:
  constexpr I2cTransfer(std::uint8_t address, I2cOperation only) noexcept
      : inline_{only, only}, count_(1), address_(address) {}
  constexpr I2cTransfer(std::uint8_t address, I2cOperation first, I2cOperation second) noexcept
      : inline_{first, second}, count_(2), address_(address) {}
  constexpr I2cTransfer(std::uint8_t address, std::span<const I2cOperation> operations) noexcept
      : inline_{}, user_(operations.data()), count_(operations.size()), address_(address) {}

  /// The operations; valid while this object stays where it is (the inline ones live in it).
  constexpr const I2cOperation* operations() const noexcept { return user_ != nullptr ? user_ : inline_; }
  constexpr std::size_t count() const noexcept { return count_; }
  constexpr std::uint8_t address() const noexcept { return address_; }

 private:
  I2cOperation inline_[2];
  const I2cOperation* user_ = nullptr;
  std::size_t count_;
  std::uint8_t address_;
};

/// The four hal::I2c operations for a driver whose one future type runs any transfer: derive
/// `class Driver : public I2cOperations<Driver>` and give it a member
/// `Future begin_transfer(const I2cTransfer&) noexcept` (reachable from this base, e.g. as a
/// friend). Each operation only builds the future; nothing reaches the bus before its first poll.
template <class Driver>
class I2cOperations {
 public:
  /// START, address+W, `bytes`, STOP. Task context.
  auto write(std::uint8_t address, std::span<const std::byte> bytes) noexcept {
    return driver().begin_transfer(I2cTransfer{address, I2cOperation::write(bytes)});
  }
  /// START, address+R, buffer.size() bytes (the last NACKed), STOP. Task context.
  auto read(std::uint8_t address, std::span<std::byte> buffer) noexcept {
    return driver().begin_transfer(I2cTransfer{address, I2cOperation::read(buffer)});
  }
  /// Writes `bytes`, then a repeated START and reads `buffer` (a register read). Task context.
  auto write_read(std::uint8_t address, std::span<const std::byte> bytes, std::span<std::byte> buffer) noexcept {
    return driver().begin_transfer(I2cTransfer{address, I2cOperation::write(bytes), I2cOperation::read(buffer)});
  }
  /// Runs `operations` as one transaction (see the top of this header); the array must outlive
  /// the future. Empty operations are skipped; what a transaction with no bytes at all does
  /// depends on the controller (see the driver). Task context.
  auto transaction(std::uint8_t address, std::span<const I2cOperation> operations) noexcept {
    return driver().begin_transfer(I2cTransfer{address, operations});
  }

 protected:
  I2cOperations() noexcept = default;

 private:
  Driver& driver() noexcept { return static_cast<Driver&>(*this); }
};

/// An I2C controller: write, read, write_read and transaction, each a Future yielding
/// Result<void, I2cError> (see the top of this header for the bus traffic of each).
template <class B>
concept I2c = requires(B& bus, std::uint8_t address, std::span<const std::byte> out, std::span<std::byte> in,
                       std::span<I2cOperation> operations) {
  requires Future<decltype(bus.write(address, out))>;
  requires std::same_as<future_result_t<decltype(bus.write(address, out))>, I2cResult>;
  requires Future<decltype(bus.read(address, in))>;
  requires std::same_as<future_result_t<decltype(bus.read(address, in))>, I2cResult>;
  requires Future<decltype(bus.write_read(address, out, in))>;
  requires std::same_as<future_result_t<decltype(bus.write_read(address, out, in))>, I2cResult>;
  requires Future<decltype(bus.transaction(address, operations))>;
  requires std::same_as<future_result_t<decltype(bus.transaction(address, operations))>, I2cResult>;
};

}  // namespace mote::hal
