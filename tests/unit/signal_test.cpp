// Tests of mote/sync/signal.hpp: a "latest value" notification taken by one waiter at a time.
#include <array>
#include <optional>

#include "test_support.hpp"

using namespace mote::literals;
using mote::Duration;
using mote::Instant;

namespace {

Instant t0;
Duration since_start() { return Instant::now() - t0; }

mote::Signal<int> sig;

struct {
  std::optional<int> got;
  bool signaled_after = true;
  Duration at;
} taken;

MOTE_TASK(wait_once, 1) {
  taken.got = co_await sig.wait();
  taken.signaled_after = sig.signaled();
  taken.at = since_start();
}
MOTE_TASK(signal_later, 1, Duration d, int v) {
  co_await mote::Timer::after(d);
  sig.signal(v);
}

std::array<int, 3> fifo_got{};

MOTE_TASK(fifo_waiter, 3, int id) { fifo_got[id] = co_await sig.wait(); }
MOTE_TASK(fifo_signaller, 1) {
  co_await mote::Timer::after(1_ms);
  for (int v : {1, 2, 3}) {
    sig.signal(v);
    co_await mote::yield_now();  // let the woken waiter take it before the next signal
  }
}

mote::Signal<int> other;
struct {
  std::size_t first_index = 99;
  std::optional<int> second;
  Duration second_at;
} pass;

MOTE_TASK(pass_first, 1) {
  // Waits first, so the signal's wake-up goes to this wait; but `other` wins the select.
  auto r = co_await mote::select(other.wait(), sig.wait());
  pass.first_index = r.index();
}
MOTE_TASK(pass_second, 1) {
  auto r = co_await mote::with_timeout(100_ms, sig.wait());  // bounded: fails instead of hanging
  if (r) pass.second = *r;
  pass.second_at = since_start();
}
MOTE_TASK(pass_driver, 1) {
  co_await mote::Timer::after(1_ms);
  sig.signal(7);    // wakes pass_first's sig.wait()
  other.signal(1);  // and, in the same batch, the other branch of its select
}

}  // namespace

class SignalTest : public mote_test::VirtualTime {
 protected:
  void SetUp() override {
    VirtualTime::SetUp();
    t0 = Instant::now();
    taken = {};
    fifo_got = {};
    pass = {};
  }
  void TearDown() override {
    EXPECT_FALSE(sig.signaled());
    sig.reset();
    other.reset();
    VirtualTime::TearDown();
  }
  mote::Executor ex;
};

// A second signal before anyone waits replaces the first: the waiter gets the latest value.
TEST_F(SignalTest, LatestValueWins) {
  sig.signal(1);
  sig.signal(2);
  ex.spawner().must_spawn(wait_once());
  ex.run();
  EXPECT_EQ(taken.got, std::optional<int>(2));
}

// wait completes when the signal comes and takes the value, leaving the signal unsignalled.
TEST_F(SignalTest, WaitTakesTheValue) {
  ex.spawner().must_spawn(wait_once());
  ex.spawner().must_spawn(signal_later(3_ms, 5));
  ex.run();
  EXPECT_EQ(taken.got, std::optional<int>(5));
  EXPECT_EQ(taken.at, 3_ms);
  EXPECT_FALSE(taken.signaled_after);
}

// Several waiters each take one signal, the longest-waiting first.
TEST_F(SignalTest, SeveralWaitersServedFifo) {
  for (int id : {0, 1, 2}) ex.spawner().must_spawn(fifo_waiter(id));
  ex.spawner().must_spawn(fifo_signaller());
  ex.run();
  EXPECT_EQ(fifo_got, (std::array<int, 3>{1, 2, 3}));
}

// A waiter woken by a signal but cancelled before it ran (its select was won by another
// branch in the same batch) passes the wake-up on: the next waiter takes the value.
TEST_F(SignalTest, WokenThenCancelledWaiterPassesWakeUpOn) {
  ex.spawner().must_spawn(pass_first());
  ex.spawner().must_spawn(pass_second());
  ex.spawner().must_spawn(pass_driver());
  ex.run();
  EXPECT_EQ(pass.first_index, 0u);
  EXPECT_EQ(pass.second, std::optional<int>(7));
  EXPECT_EQ(pass.second_at, 1_ms);
}

// try_take takes a pending value without waiting; reset drops it.
TEST_F(SignalTest, TryTakeAndReset) {
  EXPECT_FALSE(sig.signaled());
  EXPECT_EQ(sig.try_take(), std::nullopt);
  sig.signal(5);
  EXPECT_TRUE(sig.signaled());
  EXPECT_EQ(sig.try_take(), std::optional<int>(5));
  EXPECT_FALSE(sig.signaled());
  EXPECT_EQ(sig.try_take(), std::nullopt);
  sig.signal(6);
  sig.reset();
  EXPECT_FALSE(sig.signaled());
  EXPECT_EQ(sig.try_take(), std::nullopt);
}

// A value dropped by reset is not delivered: the waiter gets the next signal instead.
TEST_F(SignalTest, ResetValueIsNotDelivered) {
  sig.signal(1);
  sig.reset();
  ex.spawner().must_spawn(wait_once());
  ex.spawner().must_spawn(signal_later(2_ms, 9));
  ex.run();
  EXPECT_EQ(taken.got, std::optional<int>(9));
  EXPECT_EQ(taken.at, 2_ms);
}
