// The console on UART0 (QEMU's serial0): polled transmit, usable from anywhere. The driver is
// the CMSDK block's (mote/cmsdk_apb/console.hpp); here are the address and the clock.
#include "mote/cmsdk_apb/console.hpp"
#include "mote/sse200/regs.hpp"
#include "mote/sse200/sse200.hpp"

namespace mote {
namespace sse200 {
namespace {
using Console = cmsdk_apb::PolledConsole<uart::kUart0, kSystemClockHz>;
}  // namespace

void console_init(std::uint32_t baud) noexcept { Console::init(baud); }

}  // namespace sse200

namespace cortex_m {
void console_write(const char* data, std::size_t n) noexcept { sse200::Console::write(data, n); }
void console_flush() noexcept { sse200::Console::flush(); }
}  // namespace cortex_m
}  // namespace mote
