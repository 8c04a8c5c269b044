// mote/cmsdk/peripherals.hpp: the MPS2 AN385/AN386 peripherals as move-only singletons.
//
//   auto p = mote::cmsdk::Peripherals::take();   // once; a second take() panics
//   mote::cmsdk::BufferedUart serial(std::move(p.uart0), Irqs{});
//
// A peripheral token (Uart0, ...) is an empty, move-only object that stands for one hardware
// block; Peripherals holds one of each and hands them out once. The rules (and why drivers still
// claim their block at run time) are shared, in mote/hal/peripheral.hpp; here are only
// the chip's tokens.
//
// Blocks the board already drives are not here: the dual timer (the time driver) and the FPGA
// I/O block (cmsdk::leds_write). UART0 is also the console that std::printf writes to by polling;
// a driver built on Uart0 receives and transmits with interrupts and leaves the console working
// (see docs/drivers/serial-cmsdk.md). The images' peripherals need no clock gating or pin muxing,
// so a token carries addresses and interrupt names only.
#pragma once

#include <cstdint>

#include "mote/hal/peripheral.hpp"
#include "mote/cmsdk/interrupts.hpp"

namespace mote::cmsdk {

namespace detail {
/// Each UART's receive and transmit interrupt (its overrun output goes to the shared line 12 on
/// UART0..2 and nowhere on UART3/4; the driver does not need it).
template <unsigned N>
struct UartLines;
template <> struct UartLines<0> { using rx = interrupt::uart0_rx; using tx = interrupt::uart0_tx; };
template <> struct UartLines<1> { using rx = interrupt::uart1_rx; using tx = interrupt::uart1_tx; };
template <> struct UartLines<2> { using rx = interrupt::uart2_rx; using tx = interrupt::uart2_tx; };
template <> struct UartLines<3> { using rx = interrupt::uart3_rx; using tx = interrupt::uart3_tx; };
template <> struct UartLines<4> { using rx = interrupt::uart4_rx; using tx = interrupt::uart4_tx; };
}  // namespace detail

/// CMSDK APB UART `N` (0..4). UART0 is QEMU's serial0 and the board's console; on the MPS2
/// UART1/2 go to the USB serial ports and the shield headers.
template <unsigned N>
class Uart : public hal::PeripheralToken {
  MOTE_PERIPHERAL_TOKEN(Uart);  // only Peripherals makes one
  static_assert(N <= 4, "mote: the MPS2 images have UART0..UART4");

 public:
  static constexpr unsigned kIndex = N;
  static constexpr std::uintptr_t kBase = N < 4 ? 0x40004000u + 0x1000u * N : 0x40009000u;
  using RxInterrupt = typename detail::UartLines<N>::rx;
  using TxInterrupt = typename detail::UartLines<N>::tx;
};
using Uart0 = Uart<0>;
using Uart1 = Uart<1>;
using Uart2 = Uart<2>;
using Uart3 = Uart<3>;
using Uart4 = Uart<4>;

namespace detail {
/// Each SPI port's base and interrupt line (two ports share each of lines 11 and 24).
template <unsigned N>
struct SspPort;
template <> struct SspPort<0> { static constexpr std::uintptr_t base = 0x40020000; using irq = interrupt::spi; };
template <> struct SspPort<1> { static constexpr std::uintptr_t base = 0x40021000; using irq = interrupt::spi; };
template <> struct SspPort<2> { static constexpr std::uintptr_t base = 0x40026000; using irq = interrupt::shield_spi; };
template <> struct SspPort<3> { static constexpr std::uintptr_t base = 0x40027000; using irq = interrupt::shield_spi; };
template <> struct SspPort<4> { static constexpr std::uintptr_t base = 0x40025000; using irq = interrupt::adc_spi; };
}  // namespace detail

/// SPI port `N` (0..4), an Arm PL022 (mote/cmsdk/spi.hpp): 0 the general-purpose SPI and 1 the
/// LCD's (interrupt `spi`, shared), 2 and 3 the shield headers' (interrupt `shield_spi`,
/// shared), 4 the external ADC's (interrupt `adc_spi`). Clocked by PCLK (25 MHz).
template <unsigned N>
class Ssp : public hal::PeripheralToken {
  MOTE_PERIPHERAL_TOKEN(Ssp);  // only Peripherals makes one
  static_assert(N <= 4, "mote: the MPS2 images have SPI ports 0..4");

 public:
  static constexpr unsigned kIndex = N;
  static constexpr std::uintptr_t kBase = detail::SspPort<N>::base;
  static constexpr std::uint32_t kClockHz = 25'000'000;  // PCLK (cmsdk::kSystemClockHz)
  using Interrupt = typename detail::SspPort<N>::irq;
  /// Nothing to do on these images (no clock gating, no pin muxing); the PL022 driver calls it.
  static void power_on() noexcept {}
};
using Ssp0 = Ssp<0>;
using Ssp1 = Ssp<1>;
using Ssp2 = Ssp<2>;
using Ssp3 = Ssp<3>;
using Ssp4 = Ssp<4>;

/// SBCon two-wire interface `N` (0..3), an I2C bus driven by bit-banging (mote/cmsdk/i2c.hpp):
/// 0 touchscreen and 1 audio codec (on-board devices; QEMU models neither and accepts no device
/// on those buses), 2 and 3 the Arduino shield headers. No interrupt.
template <unsigned N>
class Sbcon : public hal::PeripheralToken {
  MOTE_PERIPHERAL_TOKEN(Sbcon);  // only Peripherals makes one
  static_assert(N <= 3, "mote: the MPS2 images have SBCon 0..3");

 public:
  static constexpr unsigned kIndex = N;
  static constexpr std::uintptr_t kBase = N == 0 ? 0x40022000u : N == 1 ? 0x40023000u : N == 2 ? 0x40029000u : 0x4002A000u;
};
using Sbcon0 = Sbcon<0>;
using Sbcon1 = Sbcon<1>;
using Sbcon2 = Sbcon<2>;
using Sbcon3 = Sbcon<3>;

/// The chip's tokens, one of each: Peripherals::take() hands them out once per program.
class Peripherals : public hal::PeripheralSet<Peripherals> {
  MOTE_PERIPHERALS("cmsdk");  // take() and try_take() come from PeripheralSet
 public:
  Uart0 uart0;  // the console
  Uart1 uart1;
  Uart2 uart2;
  Uart3 uart3;
  Uart4 uart4;
  Ssp0 ssp0;  // general-purpose SPI
  Ssp1 ssp1;  // LCD
  Ssp2 ssp2;  // shield 0
  Ssp3 ssp3;  // shield 1
  Ssp4 ssp4;  // external ADC
  Sbcon0 sbcon0;  // touchscreen
  Sbcon1 sbcon1;  // audio codec
  Sbcon2 sbcon2;  // shield 0
  Sbcon3 sbcon3;  // shield 1: where QEMU attaches `-device <i2c device>,bus=i2c`
};

}  // namespace mote::cmsdk
