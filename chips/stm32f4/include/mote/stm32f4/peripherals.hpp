// mote/stm32f4/peripherals.hpp: the chip's peripherals as move-only singletons.
//
//   auto p = mote::stm32f4::Peripherals::take();   // once; a second take() panics
//   mote::stm32f4::BufferedUart serial(std::move(p.usart1), Irqs{});
//
// A peripheral token (Usart1, ...) is an empty object that stands for the hardware block: a
// driver takes it by rvalue, so the block has one owner. Tokens cannot be copied (a compile
// error) and exist only inside the one Peripherals object. C++ cannot stop a moved-from token
// from being moved again, so drivers also claim their block at run time and panic if it is taken
// twice.
//
// Blocks the board already drives are not here: TIM2 and TIM5 (the time driver). USART1 is also
// the console that std::printf writes to by polling; a driver built on Usart1 receives and
// transmits with interrupts and leaves the console working (see docs/drivers/serial-stm32f4.md).
#pragma once

#include <cstdint>
#include <optional>

#include "mote/stm32f4/interrupts.hpp"
#include "mote/stm32f4/stm32f4.hpp"

namespace mote::stm32f4 {

class Peripherals;

/// USART1 (pins PA9 = TX, PA10 = RX, alternate function 7; QEMU's serial0, the board's console).
class Usart1 {
 public:
  using Interrupt = interrupt::usart1;
  static constexpr std::uintptr_t kBase = 0x40011000;
  /// The USART's kernel clock: APB2, 84 MHz after clock_init() (QEMU ignores the baud rate).
  static constexpr std::uint32_t kClockHz = kSystemClockHz / 2;
  /// Clocks the USART and GPIO port A and hands PA9/PA10 to the USART. Drivers call it. Not
  /// ISR-safe.
  static void power_on() noexcept;

  Usart1(Usart1&&) noexcept = default;
  Usart1& operator=(Usart1&&) noexcept = default;
  Usart1(const Usart1&) = delete;             // a peripheral is a singleton: std::move it, never copy it
  Usart1& operator=(const Usart1&) = delete;  // a peripheral is a singleton: std::move it, never copy it

 private:
  friend class Peripherals;
  constexpr Usart1() noexcept = default;
};

/// Every peripheral token of the chip, handed out once per program.
class Peripherals {
 public:
  Usart1 usart1;

  /// The tokens; panics if they were taken before. Thread mode or ISR (a critical section).
  [[nodiscard]] static Peripherals take() noexcept;
  /// The tokens, or nothing if they were taken before. ISR-safe.
  [[nodiscard]] static std::optional<Peripherals> try_take() noexcept;

  Peripherals(Peripherals&&) noexcept = default;
  Peripherals(const Peripherals&) = delete;  // a peripheral is a singleton: std::move it, never copy it

 private:
  constexpr Peripherals() noexcept = default;
};

}  // namespace mote::stm32f4
