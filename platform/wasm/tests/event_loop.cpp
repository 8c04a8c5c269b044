// wasm32 firmware test: the executor inside the JS event loop (run under node by run.mjs).
//  1. Timers spawned out of order wake in deadline order, never early, and late by less than
//     kMaxLate (setTimeout has millisecond granularity and node shares the machine).
//  2. Idle costs nothing: during a 300 ms sleep the module is entered once for the alarm and
//     once for the poll it causes, not in a loop (mote::wasm::event_loop_stats).
//  3. A task that keeps waking itself (yield_now) does not starve the event loop: after a streak
//     of microtask polls mote.mjs polls from a macrotask, so the timer that ends the spin fires.
#include <mote/mote.hpp>
#include <mote/wasm.hpp>

#include <cstdio>

using namespace mote::literals;

namespace {
constexpr mote::Duration kMaxLate = 50_ms;
int g_order[3];
int g_woken = 0;
bool g_on_time = true;
bool g_spin_done = false;
}  // namespace

MOTE_TASK(sleeper, 3, int id, mote::Instant deadline) {
  co_await mote::Timer::at(deadline);
  const mote::Instant now = mote::Instant::now();
  if (now < deadline || now - deadline > kMaxLate) g_on_time = false;
  g_order[g_woken++] = id;
}

MOTE_TASK(stop_spin, 1) {
  co_await mote::Timer::after(30_ms);
  g_spin_done = true;
}

MOTE_TASK(check, 1, mote::Spawner spawner) {
  const mote::Instant start = mote::Instant::now();
  spawner.must_spawn(sleeper(0, start + 120_ms));
  spawner.must_spawn(sleeper(1, start + 40_ms));
  spawner.must_spawn(sleeper(2, start + 80_ms));
  co_await mote::Timer::after(200_ms);
  std::printf("woke: %d %d %d, %s\n", g_order[0], g_order[1], g_order[2], g_on_time ? "on time" : "EARLY OR LATE");
  const bool ordered = g_woken == 3 && g_order[0] == 1 && g_order[1] == 2 && g_order[2] == 0;

  const mote::wasm::EventLoopStats before = mote::wasm::event_loop_stats();
  co_await mote::Timer::after(300_ms);
  const mote::wasm::EventLoopStats after = mote::wasm::event_loop_stats();
  const unsigned polls = after.polls - before.polls;
  const unsigned alarms = after.alarms - before.alarms;
  std::printf("300 ms idle: %u alarm(s), %u poll(s)\n", alarms, polls);
  const bool quiet = alarms <= 2 && polls <= 3;

  spawner.must_spawn(stop_spin());
  unsigned spins = 0;
  while (!g_spin_done) {
    co_await mote::yield_now();
    ++spins;
  }
  std::printf("spun %u times until a 30 ms timer fired\n", spins);

  const bool ok = ordered && g_on_time && quiet && spins > 0;
  std::printf("%s\n", ok ? "ok" : "FAILED");
  mote::exit(ok ? 0 : 1);
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(check(spawner));
  co_return;
}
