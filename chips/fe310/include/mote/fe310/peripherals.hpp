// mote/fe310/peripherals.hpp: the FE310's peripherals as move-only singletons (rules:
// mote/hal/peripheral.hpp).
//
//   auto p = mote::fe310::Peripherals::take();   // once; a second take() panics
//   mote::fe310::BufferedUart<mote::fe310::Uart0> serial(std::move(p.uart0), Irqs{});
//
// UART0 is also the console that std::printf writes to by polling; a driver on it leaves the
// console working. The CLINT (time driver) and the PLIC (the port's) are not here.
#pragma once

#include <cstdint>

#include "mote/fe310/fe310.hpp"
#include "mote/fe310/interrupts.hpp"
#include "mote/hal/peripheral.hpp"

namespace mote::fe310 {

namespace detail {
template <unsigned N>
struct UartLine;
template <> struct UartLine<0> { using type = interrupt::uart0; };
template <> struct UartLine<1> { using type = interrupt::uart1; };
}  // namespace detail

/// SiFive UART `N` (0, 1). UART0 is QEMU's serial0 and the HiFive1's USB serial port.
template <unsigned N>
class Uart : public hal::PeripheralToken {
  MOTE_PERIPHERAL_TOKEN(Uart);
  static_assert(N <= 1, "mote: the FE310 has UART0 and UART1");

 public:
  static constexpr unsigned kIndex = N;
  static constexpr std::uintptr_t kBase = N == 0 ? kUart0Base : kUart1Base;
  using Interrupt = typename detail::UartLine<N>::type;
};
using Uart0 = Uart<0>;
using Uart1 = Uart<1>;

/// The chip's tokens, one of each: Peripherals::take() hands them out once per program.
class Peripherals : public hal::PeripheralSet<Peripherals> {
  MOTE_PERIPHERALS("fe310");

 public:
  Uart0 uart0;  // the console
  Uart1 uart1;
};

}  // namespace mote::fe310
