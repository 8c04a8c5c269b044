// The MPS2 CMSDK peripheral tokens: handed out once.
#include "mote/cmsdk/peripherals.hpp"

#include <utility>

#include "mote/critical_section.hpp"
#include "mote/panic.hpp"

namespace mote::cmsdk {
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
  if (!p) mote::panic("cmsdk::Peripherals::take() called twice: each peripheral has one owner");
  return std::move(*p);
}

}  // namespace mote::cmsdk
