// The console on the ns16550 UART: polled transmit (no interrupt, no buffer), usable from
// anywhere, including the trap report with interrupts masked. The C library's streams on it are
// the port's (platform/riscv/src/stdio.cpp).
#include <mote/platform/port.hpp>

#include "mote/riscv.hpp"
#include "mote/riscv_virt/ns16550.hpp"
#include "mote/riscv_virt/virt.hpp"

namespace mote {
namespace riscv_virt {

void console_init() noexcept {
  using namespace ns16550;
  reg8(kUart0Base + kLcr) = kLcr8N1;
  reg8(kUart0Base + kFcr) = kFcrEnable | kFcrClearRx | kFcrClearTx;
}

void time_init() noexcept {
  platform::time_set_alarm(UINT64_MAX);
}

}  // namespace riscv_virt

namespace riscv {

// Bytes go out as they are: "\n" stays "\n", so the output matches the host build's.
void console_write(const char* data, std::size_t n) noexcept {
  using namespace riscv_virt::ns16550;
  for (std::size_t i = 0; i < n; ++i) {
    while ((reg8(riscv_virt::kUart0Base + kLsr) & kLsrThre) == 0) {
    }
    reg8(riscv_virt::kUart0Base + kThr) = static_cast<std::uint8_t>(data[i]);
  }
}

// Waits until the transmitter is empty (holding and shift register).
void console_flush() noexcept {
  using namespace riscv_virt::ns16550;
  while ((reg8(riscv_virt::kUart0Base + kLsr) & kLsrTemt) == 0) {
  }
}

}  // namespace riscv
}  // namespace mote
