// The console on UART0: polled transmit (no interrupt, no buffer), usable from anywhere (the
// C library's standard streams on it are the port's: platform/cortex-m/src/stdio.cpp). Also
// the user LEDs, which are as small.
//
// The CMSDK UART has a one-byte transmit buffer and a TXFULL flag, and nothing that tells when
// the last byte has left the shift register. A byte written while CTRL.TXEN is clear is never
// sent and TXFULL stays set: a polled writer would wait forever (QEMU behaves the same). So
// console_write enables the transmitter itself if nobody has yet (a panic or fault before
// board::init()).
#include "mote/cmsdk/cmsdk.hpp"
#include "mote/cmsdk/regs.hpp"

namespace mote {
namespace cmsdk {
namespace {

constexpr std::uintptr_t kConsole = uart::kUart0;
constexpr std::uint32_t kDefaultBaud = 115200;

void uart_enable(std::uint32_t baud) noexcept {
  std::uint32_t div = (kSystemClockHz + baud / 2) / baud;  // rounded to nearest
  if (div < uart::kMinBaudDiv) div = uart::kMinBaudDiv;
  reg32(kConsole + uart::kCtrl) = 0;
  reg32(kConsole + uart::kBaudDiv) = div;  // before TXEN: QEMU checks the divisor then
  reg32(kConsole + uart::kCtrl) = uart::kCtrlTxEn | uart::kCtrlRxEn;
}

}  // namespace

void console_init(std::uint32_t baud) noexcept {
  cortex_m::console_flush();  // bytes sent before (at the default rate) go out first
  uart_enable(baud);
}

void leds_write(std::uint32_t mask) noexcept { reg32(fpgaio::kLed0) = mask; }
std::uint32_t leds_read() noexcept { return reg32(fpgaio::kLed0); }

}  // namespace cmsdk

namespace cortex_m {

// Bytes go out as they are: "\n" stays "\n", so the output matches the host build's.
void console_write(const char* data, std::size_t n) noexcept {
  using namespace cmsdk;
  if ((reg32(kConsole + uart::kCtrl) & uart::kCtrlTxEn) == 0) uart_enable(kDefaultBaud);
  for (std::size_t i = 0; i < n; ++i) {
    while ((reg32(kConsole + uart::kState) & uart::kStateTxFull) != 0) {
    }
    reg32(kConsole + uart::kData) = static_cast<unsigned char>(data[i]);
  }
}

// Waits until the last byte has left the buffer. The UART cannot tell when it has left the
// shift register too (one byte time later, 87 us at 115200); QEMU sends it at once.
void console_flush() noexcept {
  using namespace cmsdk;
  if ((reg32(kConsole + uart::kCtrl) & uart::kCtrlTxEn) == 0) return;  // nothing can be queued
  while ((reg32(kConsole + uart::kState) & uart::kStateTxFull) != 0) {
  }
}

}  // namespace cortex_m
}  // namespace mote
