// The nRF51 peripheral tokens: handed out once. A plain bool changed inside a critical section
// (the Cortex-M0 has no compare-and-swap).
#include "mote/nrf51/peripherals.hpp"

#include <utility>

#include "mote/critical_section.hpp"
#include "mote/panic.hpp"

namespace mote::nrf51 {
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
  if (!p) mote::panic("nrf51::Peripherals::take() called twice: each peripheral has one owner");
  return std::move(*p);
}

}  // namespace mote::nrf51
