// The STM32F4 peripheral tokens: handed out once.
#include "mote/stm32f4/peripherals.hpp"

#include <utility>

#include "mote/critical_section.hpp"
#include "mote/panic.hpp"
#include "mote/stm32f4/regs.hpp"

namespace mote::stm32f4 {
namespace {
bool g_taken = false;  // changed only inside a critical section
}  // namespace

static_assert(Usart1::kBase == usart::kUsart1 && Usart1::Interrupt::number == usart::kUsart1Irq);

std::optional<Peripherals> Peripherals::try_take() noexcept {
  const bool first = critical_section([] { return !std::exchange(g_taken, true); });
  if (!first) return std::nullopt;
  return Peripherals{};
}

Peripherals Peripherals::take() noexcept {
  std::optional<Peripherals> p = try_take();
  if (!p) mote::panic("stm32f4::Peripherals::take() called twice: each peripheral has one owner");
  return std::move(*p);
}

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
