// The STM32F4 peripheral tokens' power_on() (Peripherals::take() is
// mote/hal/peripheral.hpp's).
#include "mote/stm32f4/peripherals.hpp"

#include <cstdint>

#include "mote/stm32f4/regs.hpp"

namespace mote::stm32f4 {

static_assert(Usart1::kBase == usart::kUsart1 && Usart1::Interrupt::number == usart::kUsart1Irq);

void Usart1::power_on() noexcept {
  // The console (console_init) did this already on the board; a driver must not depend on it.
  constexpr unsigned kTx = 9, kRx = 10;  // PA9, PA10: AFRH fields (pin - 8), MODER fields (pin)
  constexpr std::uint32_t kAf7 = 7;      // USART1's alternate function number on these pins
  reg32(rcc::kAhb1Enr) = reg32(rcc::kAhb1Enr) | rcc::kAhb1EnrGpioA;
  reg32(rcc::kApb2Enr) = reg32(rcc::kApb2Enr) | rcc::kApb2EnrUsart1;
  static_cast<void>(std::uint32_t{reg32(rcc::kApb2Enr)});  // a clock turned on needs two cycles to arrive
  reg32(gpio_a::kAfrh) = (reg32(gpio_a::kAfrh) & ~((0xFu << 4 * (kTx - 8)) | (0xFu << 4 * (kRx - 8)))) |
                         (kAf7 << 4 * (kTx - 8)) | (kAf7 << 4 * (kRx - 8));
  reg32(gpio_a::kModer) = (reg32(gpio_a::kModer) & ~((3u << 2 * kTx) | (3u << 2 * kRx))) | (2u << 2 * kTx) |
                          (2u << 2 * kRx);
}

}  // namespace mote::stm32f4
