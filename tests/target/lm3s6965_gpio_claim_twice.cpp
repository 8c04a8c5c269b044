// Must fail: a second Output on a pin that already has one (from a moved-from token) panics.
#include <mote/mote.hpp>
#include <mote/lm3s6965/gpio.hpp>

#include <cstdio>
#include <utility>

namespace lm = mote::lm3s6965;

MOTE_MAIN(spawner) {
  static_cast<void>(spawner);
  auto p = lm::Peripherals::take();
  lm::Output first(std::move(p.pf0), lm::Level::Low);
  std::printf("first Output on PF0\n");
  lm::Output second(std::move(p.pf0), lm::Level::High);  // the token was moved from: caught at run time
  std::printf("second Output on PF0: not caught\n");
  co_return;
}
