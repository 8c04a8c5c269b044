// Firmware test: five tasks with different deadlines wake in deadline order, each on time.
//
// The tasks are spawned in an order unrelated to their deadlines (so the timer queue's heap
// really sorts), each awaits its own Timer and reports its id; a checker task collects the
// reports and compares them with the order of the deadlines.
#include <mote/mote.hpp>

#include <cstdio>

using namespace mote::literals;

namespace {
constexpr int kTasks = 5;
// Task i waits kDelayMs[i]: wake order must be 1, 3, 0, 4, 2.
constexpr std::uint64_t kDelayMs[kTasks] = {30, 10, 50, 20, 40};
constexpr int kExpected[kTasks] = {1, 3, 0, 4, 2};
constexpr std::uint64_t kMaxLateTicks = mote::Duration::from_micros(20).ticks();

mote::Channel<int, kTasks> woken;
bool g_on_time = true;
}  // namespace

MOTE_TASK(sleeper, kTasks, int id, mote::Instant deadline) {
  co_await mote::Timer::at(deadline);
  const mote::Instant now = mote::Instant::now();
  if (now < deadline || (now - deadline).ticks() > kMaxLateTicks) g_on_time = false;
  co_await woken.send(id);
}

MOTE_TASK(checker, 1) {
  bool in_order = true;
  std::printf("woke:");
  for (int i = 0; i < kTasks; ++i) {
    const int id = co_await woken.receive();
    std::printf(" %d", id);
    if (id != kExpected[i]) in_order = false;
  }
  std::printf("\n%s%s\n", in_order ? "in deadline order" : "OUT OF ORDER", g_on_time ? ", on time" : ", LATE");
  mote::exit(in_order && g_on_time ? 0 : 1);
}

MOTE_MAIN(spawner) {
  const mote::Instant start = mote::Instant::now();
  for (int i = 0; i < kTasks; ++i) spawner.must_spawn(sleeper(i, start + mote::Duration::from_millis(kDelayMs[i])));
  spawner.must_spawn(checker());
  co_return;
}
