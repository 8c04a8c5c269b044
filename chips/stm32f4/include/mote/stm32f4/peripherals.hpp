// mote/stm32f4/peripherals.hpp: the chip's peripherals as move-only singletons.
//
//   auto p = mote::stm32f4::Peripherals::take();   // once; a second take() panics
//   mote::stm32f4::BufferedUart serial(std::move(p.usart1), Irqs{});
//
// A peripheral token (Usart1, ...) is an empty, move-only object that stands for one hardware
// block; Peripherals holds one of each and hands them out once. The rules (and why drivers still
// claim their block at run time) are shared, in mote/hal/peripheral.hpp; here are only
// the chip's tokens.
//
// Blocks the board already drives are not here: TIM2 and TIM5 (the time driver). USART1 is also
// the console that std::printf writes to by polling; a driver built on Usart1 receives and
// transmits with interrupts and leaves the console working (see docs/drivers/serial-stm32f4.md).
#pragma once

#include <cstdint>

#include "mote/hal/peripheral.hpp"
#include "mote/stm32f4/interrupts.hpp"
#include "mote/stm32f4/stm32f4.hpp"

namespace mote::stm32f4 {

/// USART1 (pins PA9 = TX, PA10 = RX, alternate function 7; QEMU's serial0, the board's console).
class Usart1 : public hal::PeripheralToken {
  MOTE_PERIPHERAL_TOKEN(Usart1);  // only Peripherals makes one
 public:
  using Interrupt = interrupt::usart1;
  static constexpr std::uintptr_t kBase = 0x40011000;
  /// The USART's kernel clock: APB2, 84 MHz after clock_init() (QEMU ignores the baud rate).
  static constexpr std::uint32_t kClockHz = kSystemClockHz / 2;
  /// Clocks the USART and GPIO port A and hands PA9/PA10 to the USART. Drivers call it. Not
  /// ISR-safe.
  static void power_on() noexcept;
};

/// The chip's tokens, one of each: Peripherals::take() hands them out once per program.
class Peripherals : public hal::PeripheralSet<Peripherals> {
  MOTE_PERIPHERALS("stm32f4");  // take() and try_take() come from PeripheralSet
 public:
  Usart1 usart1;
};

}  // namespace mote::stm32f4
