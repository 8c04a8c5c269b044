// The console on UART0: polled transmit (no interrupt, no buffer), usable from anywhere (the
// C library's standard streams on it are the port's: platform/cortex-m/src/stdio.cpp).
#include <mote/platform/port.hpp>

#include "mote/nrf51/nrf51.hpp"
#include "mote/nrf51/regs.hpp"

namespace mote {
namespace nrf51 {
namespace {

// Set once UART0 is enabled and transmitting. Before that console_write drops its bytes: the
// UART would ignore them and TXDRDY would never come (polling it would hang a panic that
// happens before console_init).
volatile bool g_ready = false;

// BAUDRATE register value: baud x 2^32 / 16 MHz, rounded to a multiple of 0x1000 (the unit the
// rate generator uses). Gives the Reference Manual's table, e.g. 115200 -> 0x01D7E000.
constexpr std::uint32_t baudrate_register(std::uint32_t baud) noexcept {
  const std::uint64_t exact = ((std::uint64_t{baud} << 32) + kCoreClockHz / 2) / kCoreClockHz;
  return static_cast<std::uint32_t>((exact + 0x800) & ~std::uint64_t{0xFFF});
}
static_assert(baudrate_register(115200) == 0x01D7E000 && baudrate_register(9600) == 0x00275000);

}  // namespace

void console_init(unsigned tx_pin, unsigned rx_pin, std::uint32_t baud) noexcept {
  // TXD idles high: drive the pin high as an output before the UART takes it over.
  reg32(gpio::kOutSet) = 1u << tx_pin;
  reg32(gpio::kDirSet) = 1u << tx_pin;
  using namespace uart;
  reg32(kPselTxd) = tx_pin;
  reg32(kPselRxd) = rx_pin;
  reg32(kConfig) = 0;
  reg32(kBaudrate) = baudrate_register(baud);
  reg32(kEnable) = kEnableUart;
  reg32(kEventsTxdRdy) = 0;
  reg32(kTasksStartTx) = 1;
  g_ready = true;
}

}  // namespace nrf51

namespace cortex_m {

// One byte at a time: write TXD, wait for TXDRDY, clear it. Each byte is a critical section,
// because TXDRDY is a single flag shared by every writer: an interrupt printing between another
// writer's TXD write and its wait would consume that writer's TXDRDY and leave it polling forever.
// (About 87 us per byte at 115200 baud on the chip; QEMU sends at once.) `\n` is sent as is, so
// the output matches the host build's byte for byte.
void console_write(const char* data, std::size_t n) noexcept {
  using namespace nrf51;
  if (!g_ready) return;
  for (std::size_t i = 0; i < n; ++i) {
    const platform::CsState cs = platform::cs_enter();
    reg32(uart::kTxd) = static_cast<unsigned char>(data[i]);
    while (reg32(uart::kEventsTxdRdy) == 0) {
    }
    reg32(uart::kEventsTxdRdy) = 0;
    platform::cs_exit(cs);
  }
}

// console_write returns only after each byte's TXDRDY, so nothing is queued. (On the chip the
// last byte's stop bit may still be on the wire for a bit time; nothing here resets the chip.)
void console_flush() noexcept {}

}  // namespace cortex_m
}  // namespace mote
