// Firmware test: a deadline beyond the alarm hardware's range (Timer0A counts 2^32 cycles,
// 85.9 s at 50 MHz) still fires on time: the driver arms the maximum, finds nothing due when
// it fires, and re-arms for the rest. Also crosses hundreds of SysTick wraps.
#include <mote/mote.hpp>

#include <cstdio>

using namespace mote::literals;

MOTE_TASK(sleeper, 1) {
  const mote::Instant deadline = mote::Instant::now() + 200_s;
  co_await mote::Timer::at(deadline);
  const mote::Instant woke = mote::Instant::now();
  const bool ok = woke >= deadline && (woke - deadline) < 20_us;
  std::printf("200 s timer: late %lu ticks, %s\n", static_cast<unsigned long>((woke - deadline).ticks()),
              ok ? "ok" : "FAILED");
  mote::exit(ok ? 0 : 1);
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(sleeper());
  co_return;
}
