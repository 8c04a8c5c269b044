// mote/nrf51/peripherals.hpp: the chip's peripherals as move-only singletons.
//
//   auto p = mote::nrf51::Peripherals::take();   // once; a second take() panics
//   mote::nrf51::BufferedUart<mote::nrf51::Uart0> serial(std::move(p.uart0), Irqs{});
//
// A peripheral token (Uart0) is an empty, move-only object that stands for one hardware
// block; Peripherals holds one of each and hands them out once. The rules (and why drivers still
// claim their block at run time) are shared, in mote/hal/peripheral.hpp; here are only
// the chip's tokens.
//
// Blocks the board already drives are not here: TIMER0 (the time driver) and CLOCK. UART0 is
// also the console that std::printf writes to by polling; a driver built on Uart0 receives with
// interrupts and leaves the console working (see docs/drivers/serial-nrf51.md). TIMER1/2 and the
// RNG have drivers (mote/nrf51/timer.hpp, rng.hpp); other blocks get a token when they get one.
#pragma once

#include <cstdint>
#include <type_traits>

#include "mote/hal/peripheral.hpp"
#include "mote/nrf51/interrupts.hpp"

namespace mote::nrf51 {

/// UART0 (the micro:bit's console: P0.24 = TXD, P0.25 = RXD, QEMU's serial0).
class Uart0 : public hal::PeripheralToken {
  MOTE_PERIPHERAL_TOKEN(Uart0);  // only Peripherals makes one
 public:
  using Interrupt = interrupt::uart0;
  static constexpr std::uintptr_t kBase = 0x40002000;
};

/// TIMER1 / TIMER2 (16-bit counters; TIMER0 is the time driver's): mote::nrf51::Timer<...>.
template <unsigned N>
class TimerN : public hal::PeripheralToken {
  MOTE_PERIPHERAL_TOKEN(TimerN);
  static_assert(N == 1 || N == 2, "mote: nrf51 TIMER0 is the time driver's; drivers get TIMER1 and TIMER2");

 public:
  static constexpr unsigned kIndex = N;
  static constexpr std::uintptr_t kBase = 0x40008000 + 0x1000u * N;
  using Interrupt = std::conditional_t<N == 1, interrupt::timer1, interrupt::timer2>;
};
using Timer1 = TimerN<1>;
using Timer2 = TimerN<2>;

/// The random number generator: mote::nrf51::Rng.
class RngPeripheral : public hal::PeripheralToken {
  MOTE_PERIPHERAL_TOKEN(RngPeripheral);

 public:
  static constexpr std::uintptr_t kBase = 0x4000D000;
  using Interrupt = interrupt::rng;
};

/// The chip's tokens, one of each: Peripherals::take() hands them out once per program.
class Peripherals : public hal::PeripheralSet<Peripherals> {
  MOTE_PERIPHERALS("nrf51");  // take() and try_take() come from PeripheralSet
 public:
  Uart0 uart0;
  Timer1 timer1;
  Timer2 timer2;
  RngPeripheral rng;
};

}  // namespace mote::nrf51
