// The seed demo: three tasks sharing a channel, with timers and a timeout.
//
// blink_led ticks a (console) LED, read_sensor produces readings into a channel, and
// handle_network consumes them, then waits for one more that never comes and times out.
#include <mote/log.hpp>
#include <mote/mote.hpp>
using namespace mote::literals;

static mote::Channel<int, 4> readings;

MOTE_TASK(blink_led, 1, mote::Duration period) {
  for (int i = 0; i < 3; ++i) {
    MOTE_LOG_INFO("led {}", i % 2 ? "off" : "on");
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
  MOTE_LOG_INFO("total {}, timed out {}", total, late ? "no" : "yes");
  mote::exit(0);
}

MOTE_MAIN(spawner) {
  spawner.spawn(blink_led(20_ms)).unwrap();
  spawner.must_spawn(read_sensor());
  spawner.must_spawn(handle_network());
  co_return;
}
