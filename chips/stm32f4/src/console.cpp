// The console on USART1: polled transmit (no interrupt, no buffer), usable from anywhere (the
// C library's standard streams on it are the port's: platform/cortex-m/src/stdio.cpp).
//
// USART1 because it is the first serial port QEMU's STM32F405 model connects (serial0, which
// -nographic puts on stdout).
#include "mote/stm32f4/regs.hpp"
#include "mote/stm32f4/stm32f4.hpp"

namespace mote {
namespace stm32f4 {
namespace {
constexpr std::uintptr_t kUart = usart::kUsart1;
// USART1 sits on APB2: 84 MHz after clock_init(). (QEMU's model ignores the baud rate.)
constexpr std::uint32_t kUartClockHz = 84'000'000;
constexpr unsigned kTxPin = 9, kRxPin = 10;
constexpr std::uint32_t kAltFunctionUsart1 = 7;
}  // namespace

void console_init(std::uint32_t baud) noexcept {
  reg32(rcc::kAhb1Enr) = reg32(rcc::kAhb1Enr) | rcc::kAhb1EnrGpioA;
  reg32(rcc::kApb2Enr) = reg32(rcc::kApb2Enr) | rcc::kApb2EnrUsart1;
  static_cast<void>(std::uint32_t{reg32(rcc::kApb2Enr)});  // a clock turned on needs two cycles to arrive

  // PA9 and PA10 to alternate function 7 (USART1).
  reg32(gpio_a::kAfrh) = (reg32(gpio_a::kAfrh) & ~((0xFu << 4 * (kTxPin - 8)) | (0xFu << 4 * (kRxPin - 8)))) |
                         (kAltFunctionUsart1 << 4 * (kTxPin - 8)) | (kAltFunctionUsart1 << 4 * (kRxPin - 8));
  reg32(gpio_a::kModer) = (reg32(gpio_a::kModer) & ~((3u << 2 * kTxPin) | (3u << 2 * kRxPin))) | (2u << 2 * kTxPin) |
                          (2u << 2 * kRxPin);

  using namespace usart;
  reg32(kUart + kCr1) = 0;
  // 16x oversampling: BRR holds clock / baud as 12.4 fixed point, i.e. the plain quotient.
  reg32(kUart + kBrr) = (kUartClockHz + baud / 2) / baud;
  // 8N1 is the reset state of CR1/CR2. The receiver is on from here: QEMU drops input that
  // arrives before UE and RE are both set.
  reg32(kUart + kCr1) = kCr1Ue | kCr1Te | kCr1Re;
}

}  // namespace stm32f4

namespace cortex_m {

// Bytes go out as they are: "\n" stays "\n", so the output matches the host build's.
void console_write(const char* data, std::size_t n) noexcept {
  using namespace stm32f4;
  for (std::size_t i = 0; i < n; ++i) {
    while ((reg32(kUart + usart::kSr) & usart::kSrTxe) == 0) {
    }
    reg32(kUart + usart::kDr) = static_cast<unsigned char>(data[i]);
  }
}

void console_flush() noexcept {
  using namespace stm32f4;
  while ((reg32(kUart + usart::kSr) & usart::kSrTc) == 0) {
  }
}

}  // namespace cortex_m
}  // namespace mote
