// Firmware test of the GDB extension (tools/gdb/mote.py, tests/target/gdb_tasks.py): tasks in
// known states when the firmware calls mote_gdb_checkpoint(), where the test's breakpoint stops
// it and `mote tasks`, `mote timers` and `mote arena` list them:
// - sleeper x2 (one pool of 2): waiting on Timers due 1 s and 2 s after the start;
// - beat: waiting on a Ticker's first beat, half a second after it was made;
// - consumer: waiting on the Channel `orders`;
// - listener: waiting on the Signal `alarm`;
// - late: spawned by the checker just before the checkpoint, so queued and not yet run;
// - deferred: created by the checker (its SpawnToken) but spawned only after the checkpoint;
// - checker: the running task (it calls the checkpoint);
// - main: finished at once (its slot is free again: not listed).
// After the checkpoint the firmware feeds the channel and the signal, prints the memory report
// (the frame sizes the listing must match) and exits once every task has ended.
#include <mote/mote.hpp>

#include <cstdio>
#include <utility>

using namespace mote::literals;

namespace {
mote::Channel<int, 2> orders;
mote::Signal<int> alarm;
int g_ended = 0;
mote::Instant g_start;
}  // namespace

// Where the test's breakpoint stops the firmware. noinline and with a side effect the optimiser
// must keep, so that the call and the symbol survive LTO.
extern "C" [[gnu::noinline]] void mote_gdb_checkpoint() { asm volatile("" ::: "memory"); }

MOTE_TASK(sleeper, 2, int seconds) {
  co_await mote::Timer::at(g_start + mote::Duration::from_secs(static_cast<std::uint64_t>(seconds)));
  ++g_ended;
}

MOTE_TASK(beat, 1) {
  mote::Ticker ticker(500_ms);
  co_await ticker.next();
  ++g_ended;
}

MOTE_TASK(consumer, 1) {
  const int order = co_await orders.receive();
  std::printf("consumer got %d\n", order);
  ++g_ended;
}

MOTE_TASK(listener, 1) {
  const int level = co_await alarm.wait();
  std::printf("listener got %d\n", level);
  ++g_ended;
}

MOTE_TASK(late, 1) {
  ++g_ended;
  co_return;
}

MOTE_TASK(deferred, 1) {
  ++g_ended;
  co_return;
}

MOTE_TASK(checker, 1, mote::Spawner spawner) {
  // One turn of the run queue: the tasks spawned before this one run up to their first wait.
  co_await mote::yield_now();
  spawner.must_spawn(late());
  mote::SpawnToken token = deferred();
  mote_gdb_checkpoint();
  spawner.must_spawn(std::move(token));
  co_await orders.send(7);
  alarm.signal(3);
  while (g_ended < 7) co_await mote::Timer::after(100_ms);
  mote::memory_report();
  std::printf("ok\n");
  mote::exit(0);
}

MOTE_MAIN(spawner) {
  g_start = mote::Instant::now();
  spawner.must_spawn(sleeper(1));
  spawner.must_spawn(sleeper(2));
  spawner.must_spawn(beat());
  spawner.must_spawn(consumer());
  spawner.must_spawn(listener());
  spawner.must_spawn(checker(spawner));
  co_return;
}
