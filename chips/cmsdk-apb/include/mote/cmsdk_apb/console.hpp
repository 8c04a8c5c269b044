// mote/cmsdk_apb/console.hpp: a CMSDK APB UART as the polled console (mote::cortex_m::
// console_write), for a chip to instantiate with its console UART's address and clock:
//
//   using Console = mote::cmsdk_apb::PolledConsole<0x40004000, 25'000'000>;
//   void mote::cortex_m::console_write(const char* d, std::size_t n) noexcept { Console::write(d, n); }
//
// The CMSDK UART has a one-byte transmit buffer and a TXFULL flag, and nothing that tells when
// the last byte has left the shift register. A byte written while CTRL.TXEN is clear is never
// sent and TXFULL stays set: a polled writer would wait forever (QEMU behaves the same). So
// write() enables the transmitter itself if nobody has yet (a panic or fault before
// board::init()), at kDefaultBaud.
#pragma once

#include <cstddef>
#include <cstdint>

#include "mote/cmsdk_apb/regs.hpp"

namespace mote::cmsdk_apb {

template <std::uintptr_t Base, std::uint32_t PclkHz>
struct PolledConsole {
  static constexpr std::uint32_t kDefaultBaud = 115200;

  /// Sets the UART to `baud` (divisor rounded to nearest, at least 16), 8N1, transmit and
  /// receive enabled, no interrupts. Bytes queued before go out first (at the old rate). Not
  /// ISR-safe (boot only).
  static void init(std::uint32_t baud) noexcept {
    flush();
    enable(baud);
  }

  /// Sends `n` bytes as they are ("\n" stays "\n"), waiting for the buffer before each. Usable
  /// anywhere, interrupts masked included (ISR-safe; it spins).
  static void write(const char* data, std::size_t n) noexcept {
    if ((reg32(Base + uart::kCtrl) & uart::kCtrlTxEn) == 0) enable(kDefaultBaud);
    for (std::size_t i = 0; i < n; ++i) {
      while ((reg32(Base + uart::kState) & uart::kStateTxFull) != 0) {
      }
      reg32(Base + uart::kData) = static_cast<unsigned char>(data[i]);
    }
  }

  /// Waits until the last byte has left the buffer. The UART cannot tell when it has left the
  /// shift register too (one byte time later, 87 us at 115200); QEMU sends it at once. ISR-safe.
  static void flush() noexcept {
    if ((reg32(Base + uart::kCtrl) & uart::kCtrlTxEn) == 0) return;  // nothing can be queued
    while ((reg32(Base + uart::kState) & uart::kStateTxFull) != 0) {
    }
  }

 private:
  static void enable(std::uint32_t baud) noexcept {
    std::uint32_t div = (PclkHz + baud / 2) / baud;  // rounded to nearest
    if (div < uart::kMinBaudDiv) div = uart::kMinBaudDiv;
    reg32(Base + uart::kCtrl) = 0;
    reg32(Base + uart::kBaudDiv) = div;  // before TXEN: QEMU checks the divisor then
    reg32(Base + uart::kCtrl) = uart::kCtrlTxEn | uart::kCtrlRxEn;
  }
};

}  // namespace mote::cmsdk_apb
