// The timer queue: schedule_wake, on_alarm, timer_queue_size / timer_next_deadline, and the
// removal of a finished task's pending entry.
//
// Some tests drive the queue with bare task headers that no executor owns: waking such a
// header is a defined no-op, so on_alarm may pop them. Each of those tests removes every
// header it inserted before the headers go away.
#include <algorithm>
#include <map>
#include <memory>
#include <random>
#include <utility>
#include <vector>

#include "test_support.hpp"

using namespace mote::literals;
using mote::Duration;
using mote::Instant;
using mote::detail::kNoDeadline;
using mote::detail::TaskHeader;
using mote::detail::timer_next_deadline;
using mote::detail::timer_queue_size;

namespace {

/// Bare task headers for driving the queue directly; cancels what is left when destroyed.
struct Headers {
  explicit Headers(std::size_t n) : n(n), h(new TaskHeader[n]) {}
  ~Headers() {
    for (std::size_t i = 0; i < n; ++i) mote::detail::timer_cancel(&h[i]);
  }
  TaskHeader& operator[](std::size_t i) { return h[i]; }
  mote::Waker waker(std::size_t i) { return mote::Waker(&h[i]); }
  std::size_t n;
  std::unique_ptr<TaskHeader[]> h;
};

/// A future that arranges its own wake-ups with schedule_wake at the given instants, then
/// completes on the first poll at or after the earliest of them. (It has a constructor
/// because GCC 12 destroys a brace-initialised aggregate temporary twice in a co_await.)
struct WakeAt {
  explicit WakeAt(std::vector<Instant> v) noexcept : at(std::move(v)) {}
  std::vector<Instant> at;
  bool poll(mote::Waker waker) noexcept {
    const Instant first = *std::min_element(at.begin(), at.end());
    if (Instant::now() >= first) return true;
    for (Instant t : at) mote::schedule_wake(t, waker);
    return false;
  }
  void take() const noexcept {}
};

std::vector<Instant> g_instants;
std::vector<std::size_t> g_sizes;  // timer_queue_size() seen inside tasks

MOTE_TASK(wake_at_task, 1, std::vector<Instant> at) {
  co_await WakeAt(std::move(at));
  g_instants.push_back(Instant::now());
}

mote::Channel<int, 1> g_channel;

MOTE_TASK(late_sender, 1, Duration delay) {
  co_await mote::Timer::after(delay);
  co_await g_channel.send(1);
}

// Receives within 100 ms (the value arrives first), leaving its 100 ms entry pending.
MOTE_TASK(timeout_receiver, 1) {
  auto r = co_await mote::with_timeout(100_ms, g_channel.receive());
  EXPECT_TRUE(r.has_value());
  g_instants.push_back(Instant::now());
  g_sizes.push_back(timer_queue_size());
}

// The same, then sleeps past the stale entry: it wakes spuriously at 100 ms, yet its own
// timer still completes exactly on time.
MOTE_TASK(timeout_then_sleep, 1) {
  auto r = co_await mote::with_timeout(100_ms, g_channel.receive());
  EXPECT_TRUE(r.has_value());
  const Instant before = Instant::now();
  co_await mote::Timer::after(200_ms);
  EXPECT_EQ(Instant::now(), before + 200_ms);
  g_instants.push_back(Instant::now());
}

// select between a 50 ms Timer and a future that is already done.
MOTE_TASK(select_ready, 1) {
  auto r = co_await mote::select(mote::Timer::after(50_ms), mote::Timer::at(Instant::from_ticks(0)));
  EXPECT_EQ(r.index(), 1u);
  g_sizes.push_back(timer_queue_size());
  g_instants.push_back(Instant::now());
}

// Waits for one of a few signals with a random timeout; the stress test signals some of them.
constexpr int kRacers = 400;
mote::Signal<int> g_signals[kRacers];
int g_timed_out = 0;
MOTE_TASK(racer, kRacers, int id, Duration timeout) {
  const Instant start = Instant::now();
  auto r = co_await mote::with_timeout(timeout, g_signals[id].wait());
  if (!r) {
    EXPECT_EQ(Instant::now(), start + timeout) << "racer " << id;
    ++g_timed_out;
  }
}
MOTE_TASK(signaller, 1, std::vector<std::pair<Duration, int>> plan) {
  const Instant start = Instant::now();
  for (auto [at, id] : plan) {
    co_await mote::Timer::at(start + at);
    g_signals[id].signal(id);
  }
}

}  // namespace

class TimeDriverTest : public mote_test::VirtualTime {
 protected:
  void SetUp() override {
    VirtualTime::SetUp();
    g_instants.clear();
    g_sizes.clear();
    start_ = Instant::now();
    ASSERT_EQ(timer_queue_size(), 0u);
    ASSERT_EQ(timer_next_deadline(), kNoDeadline);
  }
  void TearDown() override {
    EXPECT_EQ(timer_queue_size(), 0u);
    VirtualTime::TearDown();
  }
  Instant start_;
};

// An empty queue reports no deadline; schedule_wake inserts a task once, keyed by its
// earliest deadline: a later deadline changes nothing, an earlier one moves it forward.
TEST_F(TimeDriverTest, ScheduleWakeKeepsEarliestDeadline) {
  Headers h(2);
  const std::uint64_t t0 = start_.ticks();  // deadlines ahead of the clock (past ones are due at once)
  mote::schedule_wake(Instant::from_ticks(t0 + 500), h.waker(0));
  EXPECT_EQ(timer_queue_size(), 1u);
  EXPECT_EQ(timer_next_deadline(), t0 + 500);
  mote::schedule_wake(Instant::from_ticks(t0 + 900), h.waker(0));
  EXPECT_EQ(timer_queue_size(), 1u);
  EXPECT_EQ(mote::detail::timer_deadline(&h[0]), t0 + 500);
  mote::schedule_wake(Instant::from_ticks(t0 + 300), h.waker(1));
  EXPECT_EQ(timer_queue_size(), 2u);
  EXPECT_EQ(timer_next_deadline(), t0 + 300);
  mote::schedule_wake(Instant::from_ticks(t0 + 100), h.waker(0));
  EXPECT_EQ(timer_queue_size(), 2u);
  EXPECT_EQ(timer_next_deadline(), t0 + 100);

  mote::detail::timer_cancel(&h[0]);
  EXPECT_EQ(timer_queue_size(), 1u);
  EXPECT_EQ(timer_next_deadline(), t0 + 300);
  EXPECT_EQ(mote::detail::timer_deadline(&h[0]), kNoDeadline);
  mote::detail::timer_cancel(&h[0]);  // not queued: no effect
  EXPECT_EQ(timer_queue_size(), 1u);
  mote::detail::timer_cancel(&h[1]);
  EXPECT_EQ(timer_queue_size(), 0u);
  EXPECT_EQ(timer_next_deadline(), kNoDeadline);
}

// An empty Waker is ignored; Instant::max() means "never" and queues nothing; the latest
// real deadline (max - 1) does queue (where the queue keeps 32-bit deadlines, MOTE_TIMER_QUEUE_LIST:
// bounded to 2^30 ticks after the clock, to be re-armed by its future when woken there).
TEST_F(TimeDriverTest, ScheduleWakeEdgeCases) {
  mote::schedule_wake(Instant::from_ticks(10), mote::Waker());
  EXPECT_EQ(timer_queue_size(), 0u);
  Headers h(1);
  mote::schedule_wake(Instant::max(), h.waker(0));
  EXPECT_EQ(timer_queue_size(), 0u);
  [[maybe_unused]] const std::uint64_t before = Instant::now().ticks();  // the list's bound
  mote::schedule_wake(Instant::from_ticks(kNoDeadline - 1), h.waker(0));
  EXPECT_EQ(timer_queue_size(), 1u);
#if MOTE_TIMER_QUEUE_LIST
  EXPECT_GE(timer_next_deadline(), before + (std::uint64_t{1} << 30));
  EXPECT_LE(timer_next_deadline(), Instant::now().ticks() + (std::uint64_t{1} << 30));
#else
  EXPECT_EQ(timer_next_deadline(), kNoDeadline - 1);
#endif
  mote::detail::timer_cancel(&h[0]);
  EXPECT_EQ(timer_queue_size(), 0u);
}

namespace {
mote::Signal<int> g_never_signal;
int g_never_result = 0;
MOTE_TASK(never_timeout_waiter, 1) {
  auto r = co_await mote::with_timeout(Duration::max(), g_never_signal.wait());
  g_never_result = r ? *r : -1;
}
MOTE_TASK(never_timeout_signaller, 1) {
  co_await mote::Timer::after(Duration::from_millis(3));
  g_never_signal.signal(5);
}
}  // namespace

// with_timeout(Duration::max(), f) arms no timer: on the virtual clock the executor does not
// jump to the end of time, and the inner future still completes when signalled.
TEST_F(TimeDriverTest, MaxTimeoutArmsNothing) {
  mote::Executor ex;
  ex.spawner().must_spawn(never_timeout_waiter());
  ASSERT_TRUE(ex.poll());
  EXPECT_EQ(timer_queue_size(), 0u);
  ex.spawner().must_spawn(never_timeout_signaller());
  ex.run();
  EXPECT_EQ(g_never_result, 5);
  EXPECT_EQ(Instant::now() - start_, Duration::from_millis(3));
}

// on_alarm pops exactly the entries that are due, ties included, and leaves the rest.
TEST_F(TimeDriverTest, OnAlarmPopsOnlyDueEntries) {
  Headers h(4);
  const std::uint64_t now = start_.ticks();
  const std::uint64_t deadlines[4] = {now + 30, now + 10, now + 20, now + 10};
  for (int i = 0; i < 4; ++i) mote::schedule_wake(Instant::from_ticks(deadlines[i]), h.waker(i));
  mote::on_alarm();  // nothing due yet
  EXPECT_EQ(timer_queue_size(), 4u);
  mote::host::advance_virtual_time(Duration::from_ticks(10));
  mote::on_alarm();
  EXPECT_EQ(timer_queue_size(), 2u);
  EXPECT_EQ(mote::detail::timer_deadline(&h[1]), kNoDeadline);
  EXPECT_EQ(mote::detail::timer_deadline(&h[3]), kNoDeadline);
  EXPECT_EQ(timer_next_deadline(), now + 20);
  mote::host::advance_virtual_time(Duration::from_ticks(100));
  mote::on_alarm();
  EXPECT_EQ(timer_queue_size(), 0u);
  EXPECT_EQ(timer_next_deadline(), kNoDeadline);
}

// A task woken through schedule_wake resumes exactly at the earliest deadline it asked for,
// whatever order the requests came in.
TEST_F(TimeDriverTest, ScheduleWakeResumesTaskAtEarliestDeadline) {
  mote::Executor ex;
  ex.spawner().must_spawn(wake_at_task({start_ + 9_ms, start_ + 4_ms, start_ + 6_ms}));
  ex.run();
  ASSERT_EQ(g_instants.size(), 1u);
  EXPECT_EQ(g_instants[0], start_ + 4_ms);
}

// with_timeout whose future completes first leaves the task's entry pending; it is removed
// when the task finishes, and the executor does not wait for it.
TEST_F(TimeDriverTest, FinishedTaskLeavesNoEntryAfterWithTimeout) {
  mote::Executor ex;
  ex.spawner().must_spawn(timeout_receiver());
  ex.spawner().must_spawn(late_sender(5_ms));
  ex.run();
  ASSERT_EQ(g_instants.size(), 1u);
  EXPECT_EQ(g_instants[0], start_ + 5_ms);
  EXPECT_EQ(g_sizes, std::vector<std::size_t>{1u});  // pending while the task ran on
  EXPECT_EQ(timer_queue_size(), 0u);
  EXPECT_EQ(Instant::now(), start_ + 5_ms);
}

// The same with select(Timer, something ready).
TEST_F(TimeDriverTest, FinishedTaskLeavesNoEntryAfterSelect) {
  mote::Executor ex;
  ex.spawner().must_spawn(select_ready());
  ex.run();
  EXPECT_EQ(g_sizes, std::vector<std::size_t>{1u});
  EXPECT_EQ(g_instants, std::vector<Instant>{start_});
  EXPECT_EQ(timer_queue_size(), 0u);
  EXPECT_EQ(timer_next_deadline(), kNoDeadline);
}

// A stale earlier entry costs a spurious wake only: a later timer still completes exactly.
TEST_F(TimeDriverTest, StaleEntryDoesNotDisturbLaterTimer) {
  mote::Executor ex;
  ex.spawner().must_spawn(timeout_then_sleep());
  ex.spawner().must_spawn(late_sender(5_ms));
  ex.run();
  EXPECT_EQ(g_instants, std::vector<Instant>{start_ + 205_ms});
}

// Thousands of deadlines inserted, moved earlier and cancelled in random order: the queue's
// A deadline long past is due at once, also where the queue keeps 32 bits (2^31 + 5 ticks ago
// would otherwise read as far in the future) and it is the earliest, before a nearer one.
TEST_F(TimeDriverTest, DeadlineLongPastIsDueAtOnce) {
  Headers h(2);
  mote::host::advance_virtual_time(Duration::from_ticks((std::uint64_t{1} << 31) + 5));
  mote::schedule_wake(Instant::now() + Duration::from_ticks(10), h.waker(1));
  mote::schedule_wake(start_, h.waker(0));
  EXPECT_LE(timer_next_deadline(), Instant::now().ticks());
  mote::on_alarm();
  EXPECT_EQ(timer_queue_size(), 1u);
  EXPECT_EQ(mote::detail::timer_deadline(&h[0]), kNoDeadline);
  mote::detail::timer_cancel(&h[1]);
}

// size and minimum always match a model, and on_alarm pops the rest in deadline order.
TEST_F(TimeDriverTest, StressRandomInsertCancelKeepsOrder) {
  constexpr std::size_t kN = 4000;
  std::mt19937_64 rng(777);
  Headers h(kN);
  std::multimap<std::uint64_t, std::size_t> model;  // deadline -> header
  std::vector<std::uint64_t> key(kN, kNoDeadline);
  const std::uint64_t base = start_.ticks() + 1;
  auto check = [&] {
    ASSERT_EQ(timer_queue_size(), model.size());
    ASSERT_EQ(timer_next_deadline(), model.empty() ? kNoDeadline : model.begin()->first);
  };
  auto erase = [&](std::size_t i) {
    auto [lo, hi] = model.equal_range(key[i]);
    for (auto it = lo; it != hi; ++it) {
      if (it->second == i) {
        model.erase(it);
        break;
      }
    }
    key[i] = kNoDeadline;
  };

  std::vector<std::size_t> order(kN);
  for (std::size_t i = 0; i < kN; ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), rng);
  for (std::size_t i : order) {
    key[i] = base + rng() % 100000;  // many ties
    mote::schedule_wake(Instant::from_ticks(key[i]), h.waker(i));
    model.emplace(key[i], i);
    check();
  }
  // Random mix of cancels, later deadlines (ignored) and earlier ones (the entry moves).
  for (int step = 0; step < 6000; ++step) {
    const std::size_t i = rng() % kN;
    switch (rng() % 3) {
      case 0:
        mote::detail::timer_cancel(&h[i]);
        if (key[i] != kNoDeadline) erase(i);
        break;
      case 1:
        if (key[i] != kNoDeadline) {
          mote::schedule_wake(Instant::from_ticks(key[i] + 1 + rng() % 1000), h.waker(i));
          break;
        }
        [[fallthrough]];
      default: {
        const std::uint64_t d = base + rng() % 100000;
        mote::schedule_wake(Instant::from_ticks(d), h.waker(i));
        if (d < key[i]) {
          if (key[i] != kNoDeadline) erase(i);
          key[i] = d;
          model.emplace(d, i);
        }
      }
    }
    ASSERT_EQ(mote::detail::timer_deadline(&h[i]), key[i]);
    check();
  }
  // Drain in time order: each alarm pops exactly the entries that are due.
  while (!model.empty()) {
    const std::uint64_t next = model.begin()->first;
    mote::host::advance_virtual_time(Duration::from_ticks(next - Instant::now().ticks()));
    mote::on_alarm();
    for (auto it = model.begin(); it != model.end() && it->first == next;) {
      EXPECT_EQ(mote::detail::timer_deadline(&h[it->second]), kNoDeadline);
      it = model.erase(it);
    }
    check();
  }
}

// The same through real tasks: 400 tasks wait with random timeouts for signals, a quarter of
// which arrive first; the rest time out exactly, and the queue ends empty.
TEST_F(TimeDriverTest, StressTasksWithTimeouts) {
  std::mt19937 rng(99);
  g_timed_out = 0;
  for (auto& s : g_signals) s.reset();
  std::vector<Duration> timeouts;
  std::vector<std::pair<Duration, int>> plan;
  int expect_timeouts = 0;
  for (int i = 0; i < kRacers; ++i) {
    timeouts.push_back(Duration::from_micros(1 + rng() % 20000));
    if (rng() % 4 == 0 && timeouts[i] > 1_us) {
      plan.emplace_back(Duration::from_micros(rng() % timeouts[i].as_micros()), i);  // before its timeout
    } else {
      ++expect_timeouts;
    }
  }
  std::sort(plan.begin(), plan.end());
  mote::Executor ex;
  for (int i = 0; i < kRacers; ++i) ex.spawner().must_spawn(racer(i, timeouts[i]));
  ex.spawner().must_spawn(signaller(std::move(plan)));
  ex.run();
  EXPECT_EQ(g_timed_out, expect_timeouts);
  EXPECT_EQ(timer_queue_size(), 0u);
}
