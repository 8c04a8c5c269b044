// Firmware test: 20 tasks waiting on a Mutex and 10 on a Channel at once, in an arena that sizes
// itself (no ARENA_BYTES).
//
// The main task holds the mutex while the 20 lockers and 10 receivers start waiting, checks that
// all 30 are alive, then releases the mutex and sends 10 values. The mutex must reach the
// lockers one at a time in the order they started waiting; every value must reach exactly one
// receiver.
#include <mote/mote.hpp>

#include <cstdio>

using namespace mote::literals;

namespace {
constexpr int kLockers = 20;
constexpr int kReceivers = 10;

mote::Mutex<int> g_mutex{0};
mote::Channel<int, 4> g_values;
int g_arrival[kLockers];  // ids in the order they called lock()
int g_arrived = 0;
int g_granted[kLockers];  // ids in the order they got the mutex
int g_holders = 0;        // tasks inside the mutex at once: must stay at most 1
int g_max_holders = 0;
int g_received[kReceivers] = {};  // how often each value arrived
int g_done = 0;
}  // namespace

MOTE_TASK(locker, kLockers, int id) {
  g_arrival[g_arrived++] = id;
  auto guard = co_await g_mutex.lock();
  if (++g_holders > g_max_holders) g_max_holders = g_holders;
  g_granted[(*guard)++] = id;
  co_await mote::Timer::after(100_us);  // hold it across a suspension
  --g_holders;
  ++g_done;
}

MOTE_TASK(receiver, kReceivers) {
  const int v = co_await g_values.receive();
  if (v >= 0 && v < kReceivers) ++g_received[v];
  ++g_done;
}

MOTE_MAIN(spawner) {
  bool ok = true;
  {
    auto held = co_await g_mutex.lock();
    for (int i = 0; i < kLockers; ++i) spawner.must_spawn(locker(i));
    for (int i = 0; i < kReceivers; ++i) spawner.must_spawn(receiver());
    co_await mote::Timer::after(1_ms);  // every one of them is waiting now
    const std::size_t lockers = locker.pool().in_use();
    const std::size_t receivers = receiver.pool().in_use();
    std::printf("waiting at once: %zu on the mutex, %zu on the channel\n", lockers, receivers);
    ok = ok && g_arrived == kLockers && lockers == kLockers && receivers == kReceivers;
  }  // released: handed to the first locker
  for (int v = 0; v < kReceivers; ++v) co_await g_values.send(v);
  while (g_done < kLockers + kReceivers) co_await mote::Timer::after(1_ms);

  int fifo = 0;
  for (int i = 0; i < kLockers; ++i) fifo += g_granted[i] == g_arrival[i] ? 1 : 0;
  int once = 0;
  for (int v = 0; v < kReceivers; ++v) once += g_received[v] == 1 ? 1 : 0;
  std::printf("mutex: %d of %d granted in arrival order, at most %d holder(s)\n", fifo, kLockers, g_max_holders);
  std::printf("channel: %d of %d values received exactly once\n", once, kReceivers);
  const mote::ArenaStats arena = mote::arena_stats();
  std::printf("arena: %zu bytes, %zu used\n", arena.total_bytes, arena.used_bytes);
  ok = ok && fifo == kLockers && g_max_holders == 1 && once == kReceivers;
  std::printf("%s\n", ok ? "ok" : "FAILED");
  mote::exit(ok ? 0 : 1);
}
