// The console on UART0: polled transmit (no interrupt, no buffer), usable from anywhere,
// including the trap report with interrupts masked. The C library's streams on it are the
// port's (platform/riscv/src/stdio.cpp).
#include <mote/platform/port.hpp>

#include "mote/fe310/fe310.hpp"
#include "mote/riscv.hpp"

namespace mote {
namespace fe310 {

void console_init() noexcept {
  using riscv::reg32;
  reg32(kUart0Base + uart::kTxCtrl) = reg32(kUart0Base + uart::kTxCtrl) | uart::kCtrlEnable;
  reg32(kUart0Base + uart::kRxCtrl) = reg32(kUart0Base + uart::kRxCtrl) | uart::kCtrlEnable;
}

void time_init() noexcept { platform::time_set_alarm(UINT64_MAX); }

}  // namespace fe310

namespace riscv {

// Bytes go out as they are: "\n" stays "\n", so the output matches the host build's. The full
// flag is the only way to know there is room: a write while full is dropped by the hardware.
void console_write(const char* data, std::size_t n) noexcept {
  using namespace fe310;
  reg32(kUart0Base + uart::kTxCtrl) = reg32(kUart0Base + uart::kTxCtrl) | uart::kCtrlEnable;  // a panic before init
  for (std::size_t i = 0; i < n; ++i) {
    while ((reg32(kUart0Base + uart::kTxData) & uart::kTxFull) != 0) {
    }
    reg32(kUart0Base + uart::kTxData) = static_cast<unsigned char>(data[i]);
  }
}

// The UART cannot tell when the last byte has left its shift register; waiting for room in the
// FIFO is as far as software can see (QEMU sends each byte at once).
void console_flush() noexcept {
  using namespace fe310;
  while ((reg32(kUart0Base + uart::kTxData) & uart::kTxFull) != 0) {
  }
}

}  // namespace riscv
}  // namespace mote
