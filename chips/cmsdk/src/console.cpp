// The console on UART0: polled transmit (no interrupt, no buffer), usable from anywhere (the
// C library's standard streams on it are the port's: platform/cortex-m/src/stdio.cpp). The
// driver is the CMSDK block's (mote/cmsdk_apb/console.hpp). Also the user LEDs, which are as
// small.
#include "mote/cmsdk/cmsdk.hpp"
#include "mote/cmsdk/regs.hpp"
#include "mote/cmsdk_apb/console.hpp"

namespace mote {
namespace cmsdk {
namespace {
using Console = cmsdk_apb::PolledConsole<uart::kUart0, kSystemClockHz>;
}  // namespace

void console_init(std::uint32_t baud) noexcept { Console::init(baud); }

void leds_write(std::uint32_t mask) noexcept { reg32(fpgaio::kLed0) = mask; }
std::uint32_t leds_read() noexcept { return reg32(fpgaio::kLed0); }

}  // namespace cmsdk

namespace cortex_m {
void console_write(const char* data, std::size_t n) noexcept { cmsdk::Console::write(data, n); }
void console_flush() noexcept { cmsdk::Console::flush(); }
}  // namespace cortex_m
}  // namespace mote
