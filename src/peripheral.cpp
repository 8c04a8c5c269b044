// What every chip's Peripherals::take()/try_take() share (mote/hal/peripheral.hpp).
#include "mote/hal/peripheral.hpp"

#include <utility>

#include "mote/critical_section.hpp"
#include "mote/panic.hpp"

namespace mote::hal::detail {
namespace {
bool g_taken = false;  // changed only inside a critical section
}  // namespace

bool take_once() noexcept {
  return critical_section([] { return !std::exchange(g_taken, true); });
}

void take_once_or_panic(const char* chip) noexcept {
  if (!take_once()) MOTE_PANIC("{}::Peripherals::take() called twice: each peripheral has one owner", chip);
}

}  // namespace mote::hal::detail
