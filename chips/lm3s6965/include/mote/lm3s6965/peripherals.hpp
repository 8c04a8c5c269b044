// mote/lm3s6965/peripherals.hpp: the chip's peripherals as move-only singletons.
//
//   auto p = mote::lm3s6965::Peripherals::take();   // once; a second take() panics
//   mote::lm3s6965::BufferedUart serial(std::move(p.uart0), Irqs{});
//
// A peripheral token (Uart0, ...) is an empty, move-only object that stands for one hardware
// block; Peripherals holds one of each and hands them out once. The rules (and why drivers still
// claim their block at run time) are shared, in mote/hal/peripheral.hpp; here are only
// the chip's tokens.
//
// Blocks the board already drives are not here: Timer0 and SysTick (the time driver). UART0 is
// also the console that std::printf writes to by polling; a driver built on Uart0 receives and
// transmits with interrupts and leaves the console working (see docs/drivers/serial.md).
#pragma once

#include <cstdint>

#include "mote/hal/peripheral.hpp"
#include "mote/lm3s6965/interrupts.hpp"

namespace mote::lm3s6965 {

/// UART0 (pins PA0 = U0Rx, PA1 = U0Tx; QEMU's serial0, the board's console).
class Uart0 : public hal::PeripheralToken {
  MOTE_PERIPHERAL_TOKEN(Uart0);  // only Peripherals makes one
 public:
  using Interrupt = interrupt::uart0;
  static constexpr std::uintptr_t kBase = 0x4000C000;
  /// Clocks the UART and hands pins PA0/PA1 to it. Drivers call it. Not ISR-safe.
  static void power_on() noexcept;
};

/// GPIO pin `N` (0..7) of port `Port` ('A'..'G'), named as the data sheet names pins (PF0).
/// Drivers: Output (mote/lm3s6965/gpio.hpp). The pins UART0 uses (PA0, PA1) have no token.
template <char Port, unsigned N>
class GpioPin : public hal::PeripheralToken {
  MOTE_PERIPHERAL_TOKEN(GpioPin);  // only Peripherals makes one
  static_assert(Port >= 'A' && Port <= 'G' && N < 8, "mote: LM3S6965 GPIO pins are PA0..PG7");

 public:
  static constexpr unsigned kPort = static_cast<unsigned>(Port - 'A');  // 0 = port A
  static constexpr char kPortLetter = Port;
  static constexpr unsigned kPin = N;
  static constexpr std::uint8_t kMask = static_cast<std::uint8_t>(1u << N);
  // Ports A-D sit at 0x40004000 + 0x1000 n, ports E-G at 0x40024000 + 0x1000 (n - 4) (APB).
  static constexpr std::uintptr_t kBase = kPort < 4 ? 0x40004000u + 0x1000u * kPort : 0x40024000u + 0x1000u * (kPort - 4);
};
/// PF0: the user LED ("Status") of the LM3S6965 evaluation board, lit when driven high.
using PF0 = GpioPin<'F', 0>;
/// PE0..PE3, PF1: the board's navigation switches (up, down, left, right) and select button,
/// low while pressed. QEMU wires its "gamepad" to them: the keys up, down, left, right and
/// left ctrl.
using PE0 = GpioPin<'E', 0>;
using PE1 = GpioPin<'E', 1>;
using PE2 = GpioPin<'E', 2>;
using PE3 = GpioPin<'E', 3>;
using PF1 = GpioPin<'F', 1>;
/// PC7: the OLED's data/command line (high = data) on the evaluation board and in QEMU.
using PC7 = GpioPin<'C', 7>;
/// PA3: the OLED's chip select (low = selected; the SSI's Fss pin, used here as a GPIO so that
/// the OLED stays unselected while the SD card talks; QEMU does not model it).
using PA3 = GpioPin<'A', 3>;
/// PD0: the SD card's chip select on SSI0 (low = card selected). In QEMU the OLED is selected
/// whenever the card is not (see docs/boards/lm3s6965evb.md).
using PD0 = GpioPin<'D', 0>;

/// General-purpose timer module `N` (1..3; Timer0 is the time driver's alarm). Drivers: the ADC
/// uses one as its conversion trigger (mote/lm3s6965/adc.hpp).
template <unsigned N>
class GpTimer : public hal::PeripheralToken {
  MOTE_PERIPHERAL_TOKEN(GpTimer);  // only Peripherals makes one
  static_assert(N >= 1 && N <= 3, "mote: LM3S6965 Timer0 belongs to the time driver; use Timer1..Timer3");

 public:
  static constexpr unsigned kIndex = N;
  static constexpr std::uintptr_t kBase = 0x40030000u + 0x1000u * N;
};
using Timer1 = GpTimer<1>;
using Timer2 = GpTimer<2>;
using Timer3 = GpTimer<3>;

/// The analog-to-digital converter (10 bits, inputs AIN0..AIN3). Driver: Adc
/// (mote/lm3s6965/adc.hpp), which uses sample sequencer 0 and its interrupt.
class Adc0 : public hal::PeripheralToken {
  MOTE_PERIPHERAL_TOKEN(Adc0);  // only Peripherals makes one
 public:
  using Interrupt = interrupt::adc0_seq0;
  static constexpr std::uintptr_t kBase = 0x40038000;
};

/// I2C controller 0 (pins PB2 = I2C0SCL, PB3 = I2C0SDA; QEMU's bus "i2c", empty unless a
/// device is attached with -device ...,bus=i2c). Driver: I2c (mote/lm3s6965/i2c.hpp). I2C1 is
/// not modelled by QEMU 7.2 and has no token yet.
class I2c0 : public hal::PeripheralToken {
  MOTE_PERIPHERAL_TOKEN(I2c0);  // only Peripherals makes one
 public:
  using Interrupt = interrupt::i2c0;
  static constexpr std::uintptr_t kBase = 0x40020000;
  /// Clocks the controller and hands PB2/PB3 to it (SDA open drain). Drivers call it. Not
  /// ISR-safe.
  static void power_on() noexcept;
};

/// Synchronous serial interface 0 (pins PA2 = SSI0Clk, PA4 = SSI0Rx, PA5 = SSI0Tx; PA3 = Fss is
/// left to GPIO as the OLED's chip select). On the evaluation board, and in QEMU, the SD card
/// slot (chip select PD0) and the OLED (chip select PA3, data/command PC7) are on it. Driver:
/// Spi (mote/lm3s6965/spi.hpp).
class Ssi0 : public hal::PeripheralToken {
  MOTE_PERIPHERAL_TOKEN(Ssi0);  // only Peripherals makes one
 public:
  using Interrupt = interrupt::ssi0;
  static constexpr std::uintptr_t kBase = 0x40008000;
  static constexpr std::uint32_t kClockHz = 50'000'000;  // SSPCLK: the system clock (kSystemClockHz)
  /// Clocks the SSI and hands PA2, PA4, PA5 to it. Drivers call it. Not ISR-safe.
  static void power_on() noexcept;
};

/// The chip's tokens, one of each: Peripherals::take() hands them out once per program.
class Peripherals : public hal::PeripheralSet<Peripherals> {
  MOTE_PERIPHERALS("lm3s6965");  // take() and try_take() come from PeripheralSet
 public:
  Uart0 uart0;
  PF0 pf0;  // the board's user LED
  PE0 pe0;  // navigation switches and select button (low while pressed)
  PE1 pe1;
  PE2 pe2;
  PE3 pe3;
  PF1 pf1;
  PC7 pc7;  // OLED data/command
  PD0 pd0;  // SD card chip select
  PA3 pa3;  // OLED chip select
  Ssi0 ssi0;
  Timer1 timer1;
  Timer2 timer2;
  Timer3 timer3;
  Adc0 adc0;
  I2c0 i2c0;
};

}  // namespace mote::lm3s6965
