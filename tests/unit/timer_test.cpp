// Timer and Ticker, on the virtual clock (exact) and once on the real one (lower bound only).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "test_support.hpp"

using namespace mote::literals;
using mote::Duration;
using mote::Instant;

namespace {

std::vector<Instant> g_instants;  // what the tasks of the running test observed
std::string g_log;

MOTE_TASK(after_sleeper, 1, Duration d) {
  co_await mote::Timer::after(d);
  g_instants.push_back(Instant::now());
}

MOTE_TASK(at_sleeper, 1, Instant deadline) {
  co_await mote::Timer::at(deadline);
  g_instants.push_back(Instant::now());
}

// The deadline of Timer::after is fixed when the Timer is created, not when it is awaited.
MOTE_TASK(late_awaiter, 1) {
  const Instant created = Instant::now();
  auto timer = mote::Timer::after(10_ms);
  EXPECT_EQ(timer.deadline(), created + 10_ms);
  mote::host::advance_virtual_time(4_ms);  // work before the await
  co_await timer;
  g_instants.push_back(Instant::now());
}

MOTE_TASK(past_waiter, 1) {
  g_log += "a";
  co_await mote::Timer::at(Instant::from_ticks(0));
  co_await mote::Timer::at(Instant::now());  // a deadline of exactly now has passed too
  EXPECT_EQ(mote::detail::timer_queue_size(), 0u);
  g_log += "A";
}
MOTE_TASK(past_other, 1) {
  g_log += "b";
  co_return;
}

struct Wake {
  int id;
  Instant at;
};
std::vector<Wake> g_wakes;

constexpr int kManyTimers = 200;
MOTE_TASK(many_sleeper, kManyTimers, int id, Instant deadline) {
  co_await mote::Timer::at(deadline);
  g_wakes.push_back({id, Instant::now()});
}

MOTE_TASK(ticker_first, 1) {
  mote::host::advance_virtual_time(3_ms);  // construction not at a round instant
  const Instant created = Instant::now();
  mote::Ticker ticker(10_ms);
  EXPECT_EQ(ticker.period(), 10_ms);
  EXPECT_EQ(ticker.next_deadline(), created + 10_ms);
  co_await ticker.next();
  g_instants.push_back(Instant::now());
  EXPECT_EQ(ticker.next_deadline(), created + 20_ms);
}

// Work of `work` after each of `ticks` beats of a 10 ms ticker.
MOTE_TASK(ticker_worker, 1, Duration work, int ticks) {
  mote::Ticker ticker(10_ms);
  for (int i = 0; i < ticks; ++i) {
    co_await ticker.next();
    g_instants.push_back(Instant::now());
    mote::host::advance_virtual_time(work);
  }
}

// Keeps the executor busy from start + 19 ms to start + 22 ms, across a 10 ms ticker's beat.
MOTE_TASK(hog, 1, Instant from) {
  co_await mote::Timer::at(from);
  mote::host::advance_virtual_time(3_ms);
}

// First beat, then 35 ms of work (three and a half periods), then three more beats.
MOTE_TASK(ticker_late, 1) {
  mote::Ticker ticker(10_ms);
  co_await ticker.next();
  g_instants.push_back(Instant::now());
  mote::host::advance_virtual_time(35_ms);
  for (int i = 0; i < 4; ++i) {
    co_await ticker.next();
    g_instants.push_back(Instant::now());
  }
}

MOTE_TASK(ticker_reset, 1) {
  mote::Ticker ticker(10_ms);
  co_await ticker.next();  // at start + 10 ms
  g_instants.push_back(Instant::now());
  mote::host::advance_virtual_time(3_ms);
  ticker.reset();  // the beat restarts from start + 13 ms
  EXPECT_EQ(ticker.next_deadline(), Instant::now() + 10_ms);
  co_await ticker.next();
  g_instants.push_back(Instant::now());
  mote::host::advance_virtual_time(45_ms);  // owed beats are dropped by reset
  ticker.reset();
  co_await ticker.next();
  g_instants.push_back(Instant::now());
}

MOTE_TASK(real_sleeper, 1) {
  const auto wall_start = std::chrono::steady_clock::now();
  const Instant start = Instant::now();
  co_await mote::Timer::after(20_ms);
  const Instant end = Instant::now();
  const auto wall = std::chrono::steady_clock::now() - wall_start;
  EXPECT_GE(end - start, 20_ms);
  // Instant::now() truncates to whole ticks, so the wall clock may lag it by under a tick.
  EXPECT_GE(wall, std::chrono::milliseconds(20) - std::chrono::microseconds(1));
  g_instants.push_back(end);
}

// A deadline about 213 days after start: the first tick count whose value in microseconds,
// computed as ticks * 1000000, no longer fits in 64 bits.
constexpr Instant kFar = Instant::from_ticks(UINT64_MAX / 1000000 + 1);
mote::Signal<int> g_far_signal;

// Waits for a far timer or a signal from another thread, whichever comes first.
MOTE_TASK(far_waiter, 1) {
  auto r = co_await mote::select(mote::Timer::at(kFar), g_far_signal.wait());
  EXPECT_EQ(r.index(), 1u);
}

void run(mote::SpawnToken token) {
  mote::Executor ex;
  ex.spawner().must_spawn(std::move(token));
  ex.run();
}

}  // namespace

class TimerTest : public mote_test::VirtualTime {
 protected:
  void SetUp() override {
    VirtualTime::SetUp();
    g_instants.clear();
    g_log.clear();
    g_wakes.clear();
    start_ = Instant::now();
  }
  Instant start_;
};

// Timer::after(10 ms) resumes exactly 10 ms later.
TEST_F(TimerTest, AfterIsExact) {
  run(after_sleeper(10_ms));
  ASSERT_EQ(g_instants.size(), 1u);
  EXPECT_EQ(g_instants[0], start_ + 10_ms);
  EXPECT_EQ(Instant::now(), start_ + 10_ms);
  EXPECT_EQ(mote::detail::timer_queue_size(), 0u);
}

// Timer::at resumes exactly at its deadline.
TEST_F(TimerTest, AtIsExact) {
  run(at_sleeper(start_ + 1234_us));
  ASSERT_EQ(g_instants.size(), 1u);
  EXPECT_EQ(g_instants[0], start_ + 1234_us);
}

// A Timer created before some work still completes at creation + duration.
TEST_F(TimerTest, AfterDeadlineIsFixedAtCreation) {
  run(late_awaiter());
  ASSERT_EQ(g_instants.size(), 1u);
  EXPECT_EQ(g_instants[0], start_ + 10_ms);
}

// A Timer whose deadline has passed completes inside the await without suspending: the
// task runs on before the task spawned after it gets a turn, and no time passes.
TEST_F(TimerTest, AtInThePastCompletesWithoutSuspending) {
  mote::Executor ex;
  ex.spawner().must_spawn(past_waiter());
  ex.spawner().must_spawn(past_other());
  ex.run();
  EXPECT_EQ(g_log, "aAb");
  EXPECT_EQ(Instant::now(), start_);
}

// 200 timers with random deadlines complete in deadline order, each exactly on time.
TEST_F(TimerTest, ManyTimersCompleteInDeadlineOrder) {
  std::mt19937 rng(12345);
  std::vector<Instant> deadlines;
  for (int i = 0; i < kManyTimers; ++i) deadlines.push_back(start_ + Duration::from_micros(1 + rng() % 50000));
  mote::Executor ex;
  for (int i = 0; i < kManyTimers; ++i) ex.spawner().must_spawn(many_sleeper(i, deadlines[i]));
  ex.run();

  ASSERT_EQ(g_wakes.size(), static_cast<std::size_t>(kManyTimers));
  std::vector<bool> seen(kManyTimers);
  for (std::size_t i = 0; i < g_wakes.size(); ++i) {
    const Wake& w = g_wakes[i];
    EXPECT_FALSE(seen[w.id]) << "task " << w.id << " woke twice";
    seen[w.id] = true;
    EXPECT_EQ(w.at, deadlines[w.id]) << "task " << w.id;
    if (i > 0) {
      EXPECT_LE(g_wakes[i - 1].at, w.at) << "out of order at " << i;
    }
  }
  EXPECT_EQ(Instant::now(), *std::max_element(deadlines.begin(), deadlines.end()));
}

// A Ticker's first beat comes one period after it was constructed.
TEST_F(TimerTest, TickerFirstBeatOnePeriodAfterConstruction) {
  run(ticker_first());
  ASSERT_EQ(g_instants.size(), 1u);
  EXPECT_EQ(g_instants[0], start_ + 3_ms + 10_ms);
}

// Work shorter than a period between beats does not shift them: beat k is at start + k*period.
TEST_F(TimerTest, TickerDoesNotDrift) {
  run(ticker_worker(3_ms, 6));
  ASSERT_EQ(g_instants.size(), 6u);
  for (int k = 1; k <= 6; ++k) EXPECT_EQ(g_instants[k - 1], start_ + 10_ms * k) << "beat " << k;
}

// A beat that is served late (another task held the executor) does not shift the next ones.
TEST_F(TimerTest, TickerLateBeatDoesNotShiftGrid) {
  mote::Executor ex;
  ex.spawner().must_spawn(ticker_worker(Duration::zero(), 4));
  ex.spawner().must_spawn(hog(start_ + 19_ms));
  ex.run();
  const std::vector<Instant> expected = {start_ + 10_ms, start_ + 22_ms, start_ + 30_ms, start_ + 40_ms};
  EXPECT_EQ(g_instants, expected);
}

// Work longer than several periods: the owed beats complete at once, then the beat is back
// on its grid (start + k*period).
TEST_F(TimerTest, TickerCatchesUpAfterLongWork) {
  run(ticker_late());
  const std::vector<Instant> expected = {start_ + 10_ms, start_ + 45_ms, start_ + 45_ms, start_ + 45_ms,
                                         start_ + 50_ms};
  EXPECT_EQ(g_instants, expected);
}

// reset() restarts the beat one period from now and drops owed beats.
TEST_F(TimerTest, TickerReset) {
  run(ticker_reset());
  const std::vector<Instant> expected = {start_ + 10_ms, start_ + 23_ms, start_ + 78_ms};
  EXPECT_EQ(g_instants, expected);
}

// On the real clock a 20 ms timer never completes early (a lower bound only).
TEST(TimerRealClock, NeverCompletesEarly) {
  mote::host::use_virtual_time(false);
  g_instants.clear();
  run(real_sleeper());
  EXPECT_EQ(g_instants.size(), 1u);
}

// On the real clock, an executor whose only deadline is far away sleeps until a task is
// woken: idle() returns only for a reason (a handful of times), it does not spin.
TEST(TimerRealClock, FarDeadlineDoesNotMakeExecutorSpin) {
  mote::host::use_virtual_time(false);
  ASSERT_LT(Instant::now() + Duration::from_secs(3600), kFar);
  mote::Executor ex;
  ex.spawner().must_spawn(far_waiter());
  ASSERT_TRUE(ex.poll());  // the task now waits on the far timer and the signal
  ASSERT_EQ(mote::detail::timer_next_deadline(), kFar.ticks());

  std::atomic<bool> signalled{false};
  std::thread other([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // let the executor go idle
    signalled = true;
    g_far_signal.signal(1);
  });
  int idle_returns = 0;
  while (ex.live_tasks() > 0) {
    ex.idle();
    ++idle_returns;
    ex.poll();
  }
  other.join();
  EXPECT_TRUE(signalled);
  EXPECT_LE(idle_returns, 3) << "idle() kept returning with nothing to do: the executor spun";
  EXPECT_EQ(mote::detail::timer_queue_size(), 0u);
}
