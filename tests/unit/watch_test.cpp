// Tests of mote/sync/watch.hpp: the latest value with change notification for N receivers.
#include <array>
#include <atomic>
#include <cstdint>
#include <optional>
#include <thread>
#include <vector>

#include <mote/sync/watch.hpp>

#include "test_support.hpp"

using namespace mote::literals;
using mote::Duration;
using mote::Instant;

namespace {

Instant t0;
Duration since_start() { return Instant::now() - t0; }

// ---- every waiting receiver gets the value; a slow one gets the latest ----------------------

mote::Watch<int, 3> w;
std::array<std::vector<int>, 3> seen{};
std::array<Duration, 3> seen_at{};

MOTE_TASK(follower, 3, int id, int count) {
  auto rx = w.receiver();
  if (!rx) co_return;
  for (int i = 0; i < count; ++i) {
    seen[id].push_back(co_await rx->changed());
    seen_at[id] = since_start();
  }
}
MOTE_TASK(slow_follower, 1, int id) {
  auto rx = w.receiver();
  co_await mote::Timer::after(12_ms);  // misses 1, then 2 is there already
  seen[id].push_back(co_await rx->changed());
  seen_at[id] = since_start();
}
MOTE_TASK(sender_steps, 1) {
  for (int v : {1, 2, 3}) {
    co_await mote::Timer::after(5_ms);
    w.send(v);
  }
}

// ---- get ---------------------------------------------------------------------------------

struct {
  std::optional<int> got;
  Duration at;
  bool changed_after = true;
} getter;

MOTE_TASK(get_waiter, 1) {
  auto rx = w.receiver();
  getter.got = co_await rx->get();
  getter.at = since_start();
  getter.changed_after = rx->has_changed();
}
MOTE_TASK(send_later, 1, Duration d, int v) {
  co_await mote::Timer::after(d);
  w.send(v);
}

// ---- many waiters ------------------------------------------------------------------------

constexpr int kMany = 64;
mote::Watch<int, kMany> many_w;
std::array<int, kMany> many_got{};
std::vector<int> many_order;

MOTE_TASK(many_waiter, kMany, int id) {
  auto rx = many_w.receiver();
  many_got[id] = co_await rx->changed();
  many_order.push_back(id);
}
MOTE_TASK(many_sender, 1) {
  co_await mote::Timer::after(1_ms);
  many_w.send(99);
}

// ---- cancellation ------------------------------------------------------------------------

struct {
  bool timed_out = false;
  std::optional<int> after_cancel;
  Duration after_cancel_at;
  std::size_t select_index = 99;
  std::optional<int> again;
} cancelled;

mote::Signal<int> stop;

MOTE_TASK(timeout_then_wait, 1) {
  auto rx = w.receiver();
  auto r = co_await mote::with_timeout(2_ms, rx->changed());  // nothing sent yet: cancelled
  cancelled.timed_out = !r.has_value();
  cancelled.after_cancel = co_await rx->changed();
  cancelled.after_cancel_at = since_start();
}
MOTE_TASK(woken_then_cancelled, 1) {
  auto rx = w.receiver();
  // The send wakes rx->changed(), but stop wins the select in the same batch: the value stays
  // unseen, so the next changed() returns it at once.
  auto r = co_await mote::select(stop.wait(), rx->changed());
  cancelled.select_index = r.index();
  cancelled.again = co_await rx->changed();
}
MOTE_TASK(send_and_stop, 1) {
  co_await mote::Timer::after(1_ms);
  w.send(8);
  stop.signal(1);
}

MOTE_TASK(get_timeout_then_get, 1) {
  auto rx = w.receiver();
  auto r = co_await mote::with_timeout(2_ms, rx->get());  // empty watch: cancelled
  cancelled.timed_out = !r.has_value();
  cancelled.after_cancel = co_await rx->get();
  cancelled.after_cancel_at = since_start();
}
MOTE_TASK(send_then_clear, 1) {
  co_await mote::Timer::after(1_ms);
  w.send(1);  // wakes the waiting changed()
  w.clear();  // but the value is gone before it runs: it waits again
  co_await mote::Timer::after(2_ms);
  w.send(2);
}

// ---- NoopRawMutex ------------------------------------------------------------------------

mote::Watch<int, 1, mote::NoopRawMutex> noop_w;
std::vector<int> noop_got;
MOTE_TASK(noop_receiver, 1) {
  auto rx = noop_w.receiver();
  for (int i = 0; i < 3; ++i) noop_got.push_back(co_await rx->changed());
}
MOTE_TASK(noop_sender, 1) {
  for (int v : {10, 20, 30}) {
    co_await mote::Timer::after(1_ms);
    noop_w.send(v);
  }
}

void reset_state() {
  seen = {};
  seen_at = {};
  getter = {};
  many_got = {};
  many_order.clear();
  cancelled = {};
  noop_got.clear();
}

}  // namespace

class WatchTest : public mote_test::VirtualTime {
 protected:
  void SetUp() override {
    VirtualTime::SetUp();
    t0 = Instant::now();
    reset_state();
    w.clear();
    many_w.clear();
    noop_w.clear();
  }
  void TearDown() override {
    EXPECT_EQ(w.receiver_count(), 0u);
    stop.reset();
    VirtualTime::TearDown();
  }
  mote::Executor ex;
};

// At most N receivers exist at once; destroying one frees its place.
TEST_F(WatchTest, ReceiverLimit) {
  mote::Watch<int, 2> x;
  static_assert(mote::Watch<int, 2>::max_receivers() == 2);
  EXPECT_EQ(x.receiver_count(), 0u);
  auto a = x.receiver();
  auto b = x.receiver();
  ASSERT_TRUE(a.has_value());
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(x.receiver_count(), 2u);
  EXPECT_FALSE(x.receiver().has_value());
  b.reset();
  EXPECT_EQ(x.receiver_count(), 1u);
  auto c = x.receiver();
  EXPECT_TRUE(c.has_value());
  {
    auto moved = std::move(*c);  // moving keeps one place taken
    c.reset();
    EXPECT_EQ(x.receiver_count(), 2u);
  }
  EXPECT_EQ(x.receiver_count(), 1u);
}

// send / try_get / contains_value / clear on the watch itself.
TEST_F(WatchTest, SendTryGetClear) {
  mote::Watch<int, 1> x;
  EXPECT_FALSE(x.contains_value());
  EXPECT_EQ(x.try_get(), std::nullopt);
  x.send(1);
  x.send(2);
  EXPECT_TRUE(x.contains_value());
  EXPECT_EQ(x.try_get(), std::optional<int>(2));
  EXPECT_EQ(x.try_get(), std::optional<int>(2));  // peeking does not consume
  x.clear();
  EXPECT_FALSE(x.contains_value());
  EXPECT_EQ(x.try_get(), std::nullopt);
}

// A receiver's try_changed gives each new value once; try_get always gives the current one.
TEST_F(WatchTest, ReceiverTryChangedAndTryGet) {
  mote::Watch<int, 2> x;
  auto rx = x.receiver();
  EXPECT_FALSE(rx->has_changed());
  EXPECT_EQ(rx->try_changed(), std::nullopt);
  EXPECT_EQ(rx->try_get(), std::nullopt);
  x.send(5);
  EXPECT_TRUE(rx->has_changed());
  EXPECT_EQ(rx->try_changed(), std::optional<int>(5));
  EXPECT_FALSE(rx->has_changed());
  EXPECT_EQ(rx->try_changed(), std::nullopt);
  EXPECT_EQ(rx->try_get(), std::optional<int>(5));
  x.send(5);  // the same value sent again is a change
  EXPECT_EQ(rx->try_get(), std::optional<int>(5));  // try_get marks it seen too
  EXPECT_EQ(rx->try_changed(), std::nullopt);
  x.send(6);
  x.send(7);
  EXPECT_EQ(rx->try_changed(), std::optional<int>(7));  // skipped 6: only the latest
  auto late = x.receiver();  // a new receiver has seen nothing: the current value is new to it
  EXPECT_TRUE(late->has_changed());
  EXPECT_EQ(late->try_changed(), std::optional<int>(7));
  x.clear();
  EXPECT_EQ(rx->try_get(), std::nullopt);
  EXPECT_FALSE(rx->has_changed());
}

// send_modify changes the value in place and notifies; leaving it empty does not notify.
TEST_F(WatchTest, SendModify) {
  mote::Watch<int, 1> x;
  auto rx = x.receiver();
  x.send_modify([](std::optional<int>& v) { v = v.value_or(0) + 1; });
  EXPECT_EQ(rx->try_changed(), std::optional<int>(1));
  x.send_modify([](std::optional<int>& v) { *v += 10; });
  EXPECT_EQ(rx->try_changed(), std::optional<int>(11));
  x.send_modify([](std::optional<int>& v) { v.reset(); });
  EXPECT_FALSE(x.contains_value());
  EXPECT_EQ(rx->try_changed(), std::nullopt);
}

// Every waiting receiver is woken by a send; a receiver that falls behind sees only the latest.
TEST_F(WatchTest, AllReceiversSeeChangesSlowOneSeesLatest) {
  ex.spawner().must_spawn(follower(0, 3));
  ex.spawner().must_spawn(follower(1, 3));
  ex.spawner().must_spawn(slow_follower(2));
  ex.spawner().must_spawn(sender_steps());
  ex.run();
  EXPECT_EQ(seen[0], (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(seen[1], (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(seen_at[0], 15_ms);
  EXPECT_EQ(seen[2], (std::vector<int>{2}));  // 2 is the latest at 12 ms: 1 is skipped
  EXPECT_EQ(seen_at[2], 12_ms);
}

// get returns at once when there is a value, and waits only while there is none.
TEST_F(WatchTest, GetWaitsOnlyForAFirstValue) {
  ex.spawner().must_spawn(get_waiter());
  ex.spawner().must_spawn(send_later(4_ms, 3));
  ex.run();
  EXPECT_EQ(getter.got, std::optional<int>(3));
  EXPECT_EQ(getter.at, 4_ms);
  EXPECT_FALSE(getter.changed_after);  // get marked it seen

  getter = {};
  t0 = Instant::now();
  ex.spawner().must_spawn(get_waiter());  // the value is still there: no wait
  ex.run();
  EXPECT_EQ(getter.got, std::optional<int>(3));
  EXPECT_EQ(getter.at, 0_ms);
}

// 64 receivers waiting at once all get the value, woken in the order they started waiting.
TEST_F(WatchTest, ManyWaitersAllWokenInFifoOrder) {
  for (int i = 0; i < kMany; ++i) ex.spawner().must_spawn(many_waiter(i));
  ex.spawner().must_spawn(many_sender());
  ex.run();
  std::vector<int> expected;
  for (int i = 0; i < kMany; ++i) {
    EXPECT_EQ(many_got[i], 99) << i;
    expected.push_back(i);
  }
  EXPECT_EQ(many_order, expected);
  EXPECT_EQ(many_w.receiver_count(), 0u);
}

// A changed() cancelled by a timeout leaves no waiter behind, and the receiver still gets the
// next value.
TEST_F(WatchTest, CancelledWhileWaiting) {
  ex.spawner().must_spawn(timeout_then_wait());
  ex.spawner().must_spawn(send_later(5_ms, 4));
  ex.run();
  EXPECT_TRUE(cancelled.timed_out);
  EXPECT_EQ(cancelled.after_cancel, std::optional<int>(4));
  EXPECT_EQ(cancelled.after_cancel_at, 5_ms);
}

// A changed() woken by a send but cancelled before it ran does not mark the value seen.
TEST_F(WatchTest, WokenThenCancelledKeepsValueUnseen) {
  ex.spawner().must_spawn(woken_then_cancelled());
  ex.spawner().must_spawn(send_and_stop());
  ex.run();
  EXPECT_EQ(cancelled.select_index, 0u);
  EXPECT_EQ(cancelled.again, std::optional<int>(8));
}

// A get() cancelled while the watch is empty leaves no waiter behind.
TEST_F(WatchTest, GetCancelledWhileWaiting) {
  ex.spawner().must_spawn(get_timeout_then_get());
  ex.spawner().must_spawn(send_later(6_ms, 12));
  ex.run();
  EXPECT_TRUE(cancelled.timed_out);
  EXPECT_EQ(cancelled.after_cancel, std::optional<int>(12));
  EXPECT_EQ(cancelled.after_cancel_at, 6_ms);
}

// A receiver woken by a send whose value is cleared before it runs waits for the next one.
TEST_F(WatchTest, WokenButClearedWaitsAgain) {
  ex.spawner().must_spawn(follower(0, 1));
  ex.spawner().must_spawn(send_then_clear());
  ex.run();
  EXPECT_EQ(seen[0], (std::vector<int>{2}));
  EXPECT_EQ(seen_at[0], 3_ms);
}

// The NoopRawMutex variant behaves the same within one executor.
TEST_F(WatchTest, NoopRawMutexVariant) {
  ex.spawner().must_spawn(noop_receiver());
  ex.spawner().must_spawn(noop_sender());
  ex.run();
  EXPECT_EQ(noop_got, (std::vector<int>{10, 20, 30}));
}

// Move-only receivers of a non-trivial type; values are copies.
TEST_F(WatchTest, NonTrivialValues) {
  mote::Watch<std::vector<int>, 2> x;
  auto a = x.receiver();
  auto b = x.receiver();
  x.send({1, 2, 3});
  EXPECT_EQ(a->try_changed(), (std::optional<std::vector<int>>{{1, 2, 3}}));
  EXPECT_EQ(b->try_changed(), (std::optional<std::vector<int>>{{1, 2, 3}}));
  EXPECT_EQ(x.try_get(), (std::optional<std::vector<int>>{{1, 2, 3}}));
}

// ---- cross-thread (real clock): a thread stands in for an interrupt ------------------------

namespace {
constexpr int kLast = 20000;
mote::Watch<int, 3> xt_w;
std::array<std::vector<int>, 2> xt_seen{};
MOTE_TASK(xt_follower, 2, int id) {
  auto rx = xt_w.receiver();
  for (;;) {
    const int v = co_await rx->changed();
    xt_seen[id].push_back(v);
    if (v == kLast) co_return;
  }
}
}  // namespace

// A thread sends 1..20000 while two tasks follow: each sees a strictly increasing sequence
// ending with the last value, and the thread's receiver polls with try_changed meanwhile.
TEST(WatchCrossThread, ThreadSendsTasksFollow) {
  mote::host::use_virtual_time(false);
  xt_w.clear();
  xt_seen = {};
  mote::Executor ex;
  ex.spawner().must_spawn(xt_follower(0));
  ex.spawner().must_spawn(xt_follower(1));
  std::atomic<bool> monotonic{true};
  std::thread sender([&] {
    auto rx = xt_w.receiver();  // a third receiver, read from "interrupt" context
    int last = 0;
    for (int v = 1; v <= kLast; ++v) {
      xt_w.send(v);
      if (auto cur = rx->try_changed(); cur) {
        if (*cur <= last) monotonic = false;
        last = *cur;
      }
      if (xt_w.try_get().value_or(0) < v) monotonic = false;
      if (v % 64 == 0) std::this_thread::yield();
    }
  });
  ex.run();
  sender.join();
  EXPECT_TRUE(monotonic);
  for (auto& s : xt_seen) {
    ASSERT_FALSE(s.empty());
    EXPECT_EQ(s.back(), kLast);
    for (std::size_t i = 1; i < s.size(); ++i) ASSERT_LT(s[i - 1], s[i]);
  }
}
