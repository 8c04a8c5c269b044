// The LM3S6965 peripheral tokens: handed out once.
#include "mote/lm3s6965/peripherals.hpp"

#include <utility>

#include "mote/critical_section.hpp"
#include "mote/lm3s6965/regs.hpp"
#include "mote/panic.hpp"

namespace mote::lm3s6965 {
namespace {
bool g_taken = false;  // changed only inside a critical section
}  // namespace

std::optional<Peripherals> Peripherals::try_take() noexcept {
  const bool first = critical_section([] { return !std::exchange(g_taken, true); });
  if (!first) return std::nullopt;
  return Peripherals{};
}

Peripherals Peripherals::take() noexcept {
  std::optional<Peripherals> p = try_take();
  if (!p) mote::panic("lm3s6965::Peripherals::take() called twice: each peripheral has one owner");
  return std::move(*p);
}

void Uart0::power_on() noexcept {
  reg32(sysctl::kRcgc1) = reg32(sysctl::kRcgc1) | sysctl::kRcgc1Uart0;
  reg32(sysctl::kRcgc2) = reg32(sysctl::kRcgc2) | sysctl::kRcgc2GpioA;
  static_cast<void>(std::uint32_t{reg32(sysctl::kRcgc2)});  // a gated-on peripheral needs a few cycles
  reg32(gpio_a::kAfsel) = reg32(gpio_a::kAfsel) | 0x3u;       // PA0, PA1 to the UART
  reg32(gpio_a::kDen) = reg32(gpio_a::kDen) | 0x3u;
}

}  // namespace mote::lm3s6965
