// The console on UART0: polled transmit (no interrupt, no buffer), usable from anywhere (the
// C library's standard streams on it are the port's: platform/cortex-m/src/stdio.cpp).
#include "mote/lm3s6965/lm3s6965.hpp"
#include "mote/lm3s6965/regs.hpp"

namespace mote {
namespace lm3s6965 {

void console_init(std::uint32_t baud) noexcept {
  reg32(sysctl::kRcgc1) = reg32(sysctl::kRcgc1) | sysctl::kRcgc1Uart0;
  reg32(sysctl::kRcgc2) = reg32(sysctl::kRcgc2) | sysctl::kRcgc2GpioA;
  static_cast<void>(std::uint32_t{reg32(sysctl::kRcgc2)});  // a gated-on peripheral needs a few cycles
  reg32(gpio_a::kAfsel) = reg32(gpio_a::kAfsel) | 0x3u;  // PA0, PA1 to the UART
  reg32(gpio_a::kDen) = reg32(gpio_a::kDen) | 0x3u;

  using namespace uart0;
  reg32(kCtl) = 0;
  // Divisor = clock / (16 x baud) in 1/64ths, rounded to nearest.
  const std::uint32_t div64 = (4u * kSystemClockHz + baud / 2) / baud;
  reg32(kIbrd) = div64 >> 6;
  reg32(kFbrd) = div64 & 0x3Fu;
  reg32(kLcrh) = kLcrhWlen8 | kLcrhFen;  // writing LCRH latches the divisors
  reg32(kCtl) = kCtlUartEn | kCtlTxe | kCtlRxe;
}

}  // namespace lm3s6965

namespace cortex_m {

// Bytes go out as they are: "\n" stays "\n" (a terminal wanting "\r\n" maps it itself), so
// the output matches the host build's byte for byte.
void console_write(const char* data, std::size_t n) noexcept {
  using namespace lm3s6965;
  for (std::size_t i = 0; i < n; ++i) {
    while ((reg32(uart0::kFr) & uart0::kFrTxff) != 0) {
    }
    reg32(uart0::kDr) = static_cast<unsigned char>(data[i]);
  }
}

void console_flush() noexcept {
  using namespace lm3s6965;
  while ((reg32(uart0::kFr) & uart0::kFrBusy) != 0) {
  }
}

}  // namespace cortex_m
}  // namespace mote
