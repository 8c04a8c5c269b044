// Firmware test: MOTE_TEST_TIMER_TASKS tasks asleep on timers at once, in an arena that sizes
// itself (no ARENA_BYTES: on a board the RAM that .data, .bss and the stack leave free).
//
// Task i sleeps until start + (kTasks - i) x 50 us, so the last spawned wakes first and the
// timer queue really sorts. Each reports its rank when it wakes; the checker expects ranks in
// deadline order, none early, and all kTasks alive at once (the pool's peak). The count per
// board is in tests/target/CMakeLists.txt (what its free RAM holds, at least 100 or 32).
#include <mote/mote.hpp>

#include <cstdio>

#ifndef MOTE_TEST_TIMER_TASKS
#error "tests/target/CMakeLists.txt sets MOTE_TEST_TIMER_TASKS per board"
#endif

namespace {
constexpr int kTasks = MOTE_TEST_TIMER_TASKS;
constexpr auto kStep = mote::Duration::from_micros(50);

mote::Channel<int, 8> woken;
int g_early = 0;
}  // namespace

// Rank 0 has the earliest deadline.
MOTE_TASK(sleeper, kTasks, int rank, mote::Instant deadline) {
  co_await mote::Timer::at(deadline);
  if (mote::Instant::now() < deadline) ++g_early;
  co_await woken.send(rank);
}

MOTE_TASK(checker, 1) {
  int in_order = 0;
  for (int i = 0; i < kTasks; ++i) {
    const int rank = co_await woken.receive();
    if (rank == i) ++in_order;
  }
  const auto info = mote::task_info("sleeper");
  const std::size_t peak = info ? info->peak_in_use : 0;
  const mote::ArenaStats arena = mote::arena_stats();
  std::printf("%d tasks asleep on timers at once (peak %zu): %d woke in deadline order, %d early\n", kTasks, peak,
              in_order, g_early);
  std::printf("sleeper frame %zu bytes, pool %zu bytes; arena: %zu bytes, %zu used, %zu free\n",
              info ? info->frame_bytes : 0, info ? info->reserved_bytes : 0, arena.total_bytes, arena.used_bytes,
              arena.free_bytes());
  const bool ok = in_order == kTasks && g_early == 0 && peak == static_cast<std::size_t>(kTasks);
  std::printf("%s\n", ok ? "ok" : "FAILED");
  mote::exit(ok ? 0 : 1);
}

MOTE_MAIN(spawner) {
  // The first deadline falls well after every sleeper has started waiting.
  const mote::Instant start = mote::Instant::now() + mote::Duration::from_millis(10);
  for (int i = 0; i < kTasks; ++i) {
    const int rank = kTasks - 1 - i;
    spawner.must_spawn(sleeper(rank, start + kStep * static_cast<std::uint64_t>(rank + 1)));
  }
  spawner.must_spawn(checker());
  co_return;
}
