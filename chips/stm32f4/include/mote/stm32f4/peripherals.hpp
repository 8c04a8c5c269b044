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
namespace detail {
/// Clocks USART/UART `n` (2..6) and its GPIO port(s), and hands its TX/RX pins to it (the pins
/// of the STM32F405's LQFP64 package that each one's alternate function reaches first: USART2
/// PA2/PA3, USART3 PB10/PB11, UART4 PA0/PA1, UART5 PC12/PD2, USART6 PC6/PC7). Not ISR-safe.
void usart_power_on(unsigned n) noexcept;
template <unsigned N>
struct UsartLine;
template <> struct UsartLine<2> { using type = interrupt::usart2; static constexpr std::uintptr_t kBase = 0x40004400; };
template <> struct UsartLine<3> { using type = interrupt::usart3; static constexpr std::uintptr_t kBase = 0x40004800; };
template <> struct UsartLine<4> { using type = interrupt::uart4; static constexpr std::uintptr_t kBase = 0x40004C00; };
template <> struct UsartLine<5> { using type = interrupt::uart5; static constexpr std::uintptr_t kBase = 0x40005000; };
template <> struct UsartLine<6> { using type = interrupt::usart6; static constexpr std::uintptr_t kBase = 0x40011400; };
}  // namespace detail

/// USART2, USART3, UART4, UART5 and USART6 (QEMU's serial1 .. serial5), for BufferedUart.
template <unsigned N>
class UsartN : public hal::PeripheralToken {
  MOTE_PERIPHERAL_TOKEN(UsartN);  // only Peripherals makes one
  static_assert(N >= 2 && N <= 6, "mote: stm32f4 USART/UART numbers are 1..6 (USART1 is Usart1)");

 public:
  using Interrupt = typename detail::UsartLine<N>::type;
  static constexpr std::uintptr_t kBase = detail::UsartLine<N>::kBase;
  /// The kernel clock: APB2 (84 MHz) for USART6, APB1 (42 MHz) for the others.
  static constexpr std::uint32_t kClockHz = N == 6 ? kSystemClockHz / 2 : kSystemClockHz / 4;
  /// Clocks the USART and its pins (detail::usart_power_on). Drivers call it. Not ISR-safe.
  static void power_on() noexcept { detail::usart_power_on(N); }
};
using Usart2 = UsartN<2>;
using Usart3 = UsartN<3>;
using Uart4 = UsartN<4>;
using Uart5 = UsartN<5>;
using Usart6 = UsartN<6>;

class Peripherals : public hal::PeripheralSet<Peripherals> {
  MOTE_PERIPHERALS("stm32f4");  // take() and try_take() come from PeripheralSet
 public:
  Usart1 usart1;
  Usart2 usart2;
  Usart3 usart3;
  Uart4 uart4;
  Uart5 uart5;
  Usart6 usart6;
};

}  // namespace mote::stm32f4
