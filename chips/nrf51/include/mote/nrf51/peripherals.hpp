// mote/nrf51/peripherals.hpp: the chip's peripherals as move-only singletons.
//
//   auto p = mote::nrf51::Peripherals::take();   // once; a second take() panics
//   mote::nrf51::BufferedUart<mote::nrf51::Uart0> serial(std::move(p.uart0), Irqs{});
//
// A peripheral token (Uart0) is an empty object that stands for the hardware block: a driver
// takes it by rvalue, so the block has one owner. Tokens cannot be copied (a compile error) and
// exist only inside the one Peripherals object. C++ cannot stop a moved-from token from being
// moved again, so drivers also claim their block at run time and panic if it is taken twice.
//
// Blocks the board already drives are not here: TIMER0 (the time driver) and CLOCK. UART0 is
// also the console that std::printf writes to by polling; a driver built on Uart0 receives with
// interrupts and leaves the console working (see docs/drivers/serial-nrf51.md). Other blocks
// get a token when they get a driver.
#pragma once

#include <cstdint>
#include <optional>

#include "mote/nrf51/interrupts.hpp"

namespace mote::nrf51 {

class Peripherals;

/// UART0 (the micro:bit's console: P0.24 = TXD, P0.25 = RXD, QEMU's serial0).
class Uart0 {
 public:
  using Interrupt = interrupt::uart0;
  static constexpr std::uintptr_t kBase = 0x40002000;

  Uart0(Uart0&&) noexcept = default;
  Uart0& operator=(Uart0&&) noexcept = default;
  Uart0(const Uart0&) = delete;             // a peripheral is a singleton: std::move it, never copy it
  Uart0& operator=(const Uart0&) = delete;  // a peripheral is a singleton: std::move it, never copy it

 private:
  friend class Peripherals;
  constexpr Uart0() noexcept = default;
};

/// Every peripheral token of the chip, handed out once per program.
class Peripherals {
 public:
  Uart0 uart0;

  /// The tokens; panics if they were taken before. Thread mode or ISR (a critical section).
  [[nodiscard]] static Peripherals take() noexcept;
  /// The tokens, or nothing if they were taken before. ISR-safe.
  [[nodiscard]] static std::optional<Peripherals> try_take() noexcept;

  Peripherals(Peripherals&&) noexcept = default;
  Peripherals(const Peripherals&) = delete;  // a peripheral is a singleton: std::move it, never copy it

 private:
  constexpr Peripherals() noexcept = default;
};

}  // namespace mote::nrf51
