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
// interrupts and leaves the console working (see docs/drivers/serial-nrf51.md). Other blocks
// get a token when they get a driver.
#pragma once

#include <cstdint>

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

/// The chip's tokens, one of each: Peripherals::take() hands them out once per program.
class Peripherals : public hal::PeripheralSet<Peripherals> {
  MOTE_PERIPHERALS("nrf51");  // take() and try_take() come from PeripheralSet
 public:
  Uart0 uart0;
};

}  // namespace mote::nrf51
