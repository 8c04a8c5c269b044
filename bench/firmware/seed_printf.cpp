// The seed demo (examples/seed/main.cpp) with printf instead of its two MOTE_LOG_INFO calls:
// bench-log compares the two images' flash (the figure docs/observability.md quotes for
// "switching the demo"). Keep it identical to the seed apart from those lines.
#include <mote/mote.hpp>
#include <cstdio>
using namespace mote::literals;

static mote::Channel<int, 4> readings;

MOTE_TASK(blink_led, 1, mote::Duration period) {
  for (int i = 0; i < 3; ++i) {
    std::printf("led %s\n", i % 2 ? "off" : "on");
    co_await mote::Timer::after(period);
  }
}

MOTE_TASK(read_sensor, 1) {
  for (int v = 1; v <= 3; ++v) {
    co_await readings.send(v * 100);
    co_await mote::Timer::after(5_ms);
  }
}

MOTE_TASK(handle_network, 1) {
  int total = 0;
  for (int i = 0; i < 3; ++i) total += co_await readings.receive();
  auto late = co_await mote::with_timeout(10_ms, readings.receive());
  std::printf("total %d, timed out %s\n", total, late ? "no" : "yes");
  mote::exit(0);
}

MOTE_MAIN(spawner) {
  spawner.spawn(blink_led(20_ms)).unwrap();
  spawner.must_spawn(read_sensor());
  spawner.must_spawn(handle_network());
  co_return;
}
