// Tests of mote/sync/mutex.hpp: an async mutex with guards, handed to waiters in FIFO order.
#include <array>
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <mote/sync/mutex.hpp>

#include "test_support.hpp"

using namespace mote::literals;
using mote::Duration;
using mote::Instant;

namespace {

Instant t0;
Duration since_start() { return Instant::now() - t0; }

// ---- lock, guard access, unlock on destruction ---------------------------------------------

struct Point {
  int x = 0, y = 0;
};
mote::Mutex<int> counter{0};
mote::Mutex<Point> point;  // default-constructed value
struct {
  int seen = 0;
  bool locked_inside = false, locked_after = true;
  Point p;
} basic;

MOTE_TASK(basic_task, 1) {
  {
    auto guard = co_await counter.lock();
    *guard += 1;
    basic.locked_inside = counter.is_locked();
  }
  basic.locked_after = counter.is_locked();
  {
    auto g = co_await point.lock();
    g->x = 3;
    g->y = 4;
  }
  auto g = co_await point.lock();  // free again: completes at once
  basic.p = *g;
  auto c = co_await counter.lock();
  basic.seen = *c;
}

// ---- waiting while held, 100 waiters in FIFO order -------------------------------------------

mote::Mutex<std::vector<int>> fifo_m;
struct {
  Duration first_at, last_at;
  std::vector<int> order;
} fifo;

MOTE_TASK(fifo_holder, 1) {
  auto g = co_await fifo_m.lock();
  co_await mote::Timer::after(5_ms);  // every waiter queues meanwhile
}
MOTE_TASK(fifo_waiter, 100, int id) {
  auto g = co_await fifo_m.lock();
  if (id == 0) fifo.first_at = since_start();
  fifo.last_at = since_start();
  g->push_back(id);
  fifo.order.push_back(id);
  co_await mote::yield_now();  // hold it across a suspension: the others keep waiting
}

// ---- a later lock() cannot barge in while the mutex is handed to a waiter ----------------------

mote::Mutex<int> barge_m{0};
std::vector<std::string> barge_log;

MOTE_TASK(barge_holder, 1) {
  {
    auto g = co_await barge_m.lock();
    co_await mote::Timer::after(1_ms);
  }  // handed to barge_waiter, which has not run yet
  barge_log.push_back("holder unlocked");
  barge_log.push_back(barge_m.try_lock() ? "try_lock won" : "try_lock failed");
  auto g = co_await barge_m.lock();  // queued behind the waiter
  barge_log.push_back("holder again");
}
MOTE_TASK(barge_waiter, 1) {
  auto g = co_await barge_m.lock();
  barge_log.push_back("waiter");
}

// ---- cancellation: a queued waiter, and a waiter the mutex was handed to -----------------------

mote::Mutex<int> cancel_m{0};
struct {
  bool elapsed = false;
  bool locked_after_holder = true;
} cancelled;

MOTE_TASK(cancel_holder, 1) {
  auto g = co_await cancel_m.lock();
  co_await mote::Timer::after(10_ms);
}
MOTE_TASK(cancel_waiter, 1) {
  auto r = co_await mote::with_timeout(5_ms, cancel_m.lock());
  cancelled.elapsed = !r.has_value();
  co_await mote::Timer::after(10_ms);  // the holder has unlocked by now
  cancelled.locked_after_holder = cancel_m.is_locked();
}

mote::Mutex<int> pass_m{0};
mote::Signal<int> pass_stop;
struct {
  std::size_t first_index = 99;
  bool second_got = false;
  Duration second_at;
} pass;

MOTE_TASK(pass_holder, 1) {
  auto g = co_await pass_m.lock();
  co_await mote::Timer::after(1_ms);
  pass_stop.signal(1);  // wakes pass_first's select; the guard's unlock below hands it the mutex
}
MOTE_TASK(pass_first, 1) {
  co_await mote::yield_now();  // the holder locks first
  // Queued first, so the mutex is handed to this lock(); but the stop branch wins the select.
  auto r = co_await mote::select(pass_stop.wait(), pass_m.lock());
  pass.first_index = r.index();
}
MOTE_TASK(pass_second, 1) {
  co_await mote::yield_now();
  co_await mote::yield_now();
  auto r = co_await mote::with_timeout(100_ms, pass_m.lock());  // bounded: fails instead of hanging
  pass.second_got = r.has_value();
  pass.second_at = since_start();
}

// ---- NoopRawMutex ----------------------------------------------------------------------------

mote::Mutex<int, mote::NoopRawMutex> noop_m{0};
MOTE_TASK(noop_task, 3) {
  for (int i = 0; i < 10; ++i) {
    auto g = co_await noop_m.lock();
    const int v = *g;
    co_await mote::yield_now();  // others interleave but must wait for the mutex
    *g = v + 1;
  }
}

// ---- cross-thread: tasks lock, threads try_lock ---------------------------------------------

mote::Mutex<long> shared{0};
constexpr int kTaskRounds = 5000, kThreadRounds = 5000, kThreads = 3;
MOTE_TASK(shared_task, 2) {
  for (int i = 0; i < kTaskRounds; ++i) {
    auto g = co_await shared.lock();
    const long v = *g;
    if (i % 16 == 0) co_await mote::yield_now();
    *g = v + 1;
  }
}

void reset_state() {
  basic = {};
  fifo = {};
  barge_log.clear();
  cancelled = {};
  pass = {};
  // Values left by an earlier run (--gtest_repeat).
  **counter.try_lock() = 0;
  **point.try_lock() = Point{};
  **noop_m.try_lock() = 0;
  **shared.try_lock() = 0;
}

}  // namespace

class MutexTest : public mote_test::VirtualTime {
 protected:
  void SetUp() override {
    VirtualTime::SetUp();
    t0 = Instant::now();
    reset_state();
  }
  mote::Executor ex;
};

// The binding spelling: co_await lock(), *guard and guard->, unlocked when the guard goes.
TEST_F(MutexTest, LockGuardAccessAndUnlock) {
  ex.spawner().must_spawn(basic_task());
  ex.run();
  EXPECT_TRUE(basic.locked_inside);
  EXPECT_FALSE(basic.locked_after);
  EXPECT_EQ(basic.p.x, 3);
  EXPECT_EQ(basic.p.y, 4);
  EXPECT_EQ(basic.seen, 1);
  EXPECT_FALSE(counter.is_locked());
}

// Constructors: from a value, default, in place.
TEST_F(MutexTest, Constructors) {
  mote::Mutex<std::string> a{std::string("abc")};
  mote::Mutex<std::string> b;
  mote::Mutex<std::string> c{std::in_place, 3u, 'x'};
  EXPECT_EQ(**a.try_lock(), "abc");
  EXPECT_EQ(**b.try_lock(), "");
  EXPECT_EQ(**c.try_lock(), "xxx");
  EXPECT_EQ(c.try_lock()->operator->()->size(), 3u);
}

// try_lock: an optional-like guard, empty while the mutex is held.
TEST_F(MutexTest, TryLock) {
  mote::Mutex<int> m{5};
  EXPECT_FALSE(m.is_locked());
  {
    auto g = m.try_lock();
    ASSERT_TRUE(g.has_value());
    EXPECT_TRUE(m.is_locked());
    **g += 1;
    EXPECT_FALSE(m.try_lock().has_value());
  }
  EXPECT_FALSE(m.is_locked());
  auto g = m.try_lock();
  ASSERT_TRUE(g);
  EXPECT_EQ(**g, 6);
}

// Guards are move-only: a moved-from guard holds nothing; move-assigning unlocks the target's.
TEST_F(MutexTest, GuardMoves) {
  static_assert(!std::is_copy_constructible_v<mote::Mutex<int>::Guard>);
  static_assert(std::is_nothrow_move_constructible_v<mote::Mutex<int>::Guard>);
  mote::Mutex<int> a{1}, b{2};
  auto ga = *a.try_lock();
  auto moved = std::move(ga);
  EXPECT_TRUE(a.is_locked());
  EXPECT_EQ(*moved, 1);
  auto gb = *b.try_lock();
  moved = std::move(gb);  // unlocks a, now holds b
  EXPECT_FALSE(a.is_locked());
  EXPECT_TRUE(b.is_locked());
  EXPECT_EQ(*moved, 2);
  { auto sink = std::move(moved); }
  EXPECT_FALSE(b.is_locked());
}

// Driving the futures by hand: a waiting lock() completes when the guard goes; one that completed
// but whose guard was never taken unlocks when destroyed; a moved (not yet polled) future works.
TEST_F(MutexTest, FutureStatesByHand) {
  mote::Mutex<int> m{0};
  auto held = m.try_lock();
  auto f1 = m.lock();
  auto f2 = m.lock();
  EXPECT_FALSE(f1.poll(mote::Waker{}));
  EXPECT_FALSE(f2.poll(mote::Waker{}));
  EXPECT_FALSE(f1.poll(mote::Waker{}));  // a spurious poll keeps its place
  held.reset();                          // handed to f1
  EXPECT_TRUE(m.is_locked());
  EXPECT_FALSE(f2.poll(mote::Waker{}));
  EXPECT_TRUE(f1.poll(mote::Waker{}));
  EXPECT_TRUE(f1.poll(mote::Waker{}));  // stays ready until taken
  {
    auto g = f1.take();
    *g = 7;
  }  // handed to f2
  ASSERT_TRUE(f2.poll(mote::Waker{}));
  // f2 is ready but its guard is never taken: destroying f2 must unlock.
  {
    auto f3 = m.lock();
    auto f3m = std::move(f3);
    EXPECT_FALSE(f3m.poll(mote::Waker{}));
    { auto gone = std::move(f2); }  // the ready future moved, then destroyed: hands to f3m
    EXPECT_TRUE(f3m.poll(mote::Waker{}));
  }  // f3m ready, not taken: unlocks
  EXPECT_FALSE(m.is_locked());
  EXPECT_EQ(**m.try_lock(), 7);
}

// Destroying a queued lock() leaves no waiter behind; destroying one the mutex was handed to
// passes it on to the next waiter, or unlocks it if there is none.
TEST_F(MutexTest, CancelByHandInEveryState) {
  mote::Mutex<int> m{0};
  auto held = m.try_lock();
  {
    auto queued = m.lock();
    EXPECT_FALSE(queued.poll(mote::Waker{}));
  }  // cancelled while queued
  held.reset();
  EXPECT_FALSE(m.is_locked());  // nobody to hand it to

  held = m.try_lock();
  auto a = std::make_unique<mote::Mutex<int>::LockFuture>(m.lock());
  auto b = m.lock();
  EXPECT_FALSE(a->poll(mote::Waker{}));
  EXPECT_FALSE(b.poll(mote::Waker{}));
  held.reset();  // handed to a
  a.reset();     // a cancelled before using it: b gets it
  EXPECT_TRUE(b.poll(mote::Waker{}));
  {
    auto c = m.lock();
    EXPECT_FALSE(c.poll(mote::Waker{}));
    { auto g = b.take(); }  // handed to c
  }  // c cancelled with the mutex: unlocks
  EXPECT_FALSE(m.is_locked());
  auto never_polled = m.lock();  // destroyed without a poll: nothing to do
}

// 100 tasks waiting on one mutex get it in the order they started waiting.
TEST_F(MutexTest, HundredWaitersFifo) {
  ex.spawner().must_spawn(fifo_holder());
  for (int id = 0; id < 100; ++id) ex.spawner().must_spawn(fifo_waiter(id));
  ex.run();
  std::vector<int> expected(100);
  for (int i = 0; i < 100; ++i) expected[i] = i;
  EXPECT_EQ(fifo.order, expected);
  EXPECT_EQ(**fifo_m.try_lock(), expected);
  EXPECT_EQ(fifo.first_at, 5_ms);
  EXPECT_EQ(fifo.last_at, 5_ms);
  fifo_m.try_lock().value()->clear();
}

// Unlocking hands the mutex to the waiter: a later try_lock/lock must wait its turn.
TEST_F(MutexTest, NoBargingPastHandOff) {
  ex.spawner().must_spawn(barge_holder());
  ex.spawner().must_spawn(barge_waiter());
  ex.run();
  EXPECT_EQ(barge_log,
            (std::vector<std::string>{"holder unlocked", "try_lock failed", "waiter", "holder again"}));
}

// A lock() cancelled by a timeout while queued leaves nothing behind.
TEST_F(MutexTest, CancelWhileQueued) {
  ex.spawner().must_spawn(cancel_holder());
  ex.spawner().must_spawn(cancel_waiter());
  ex.run();
  EXPECT_TRUE(cancelled.elapsed);
  EXPECT_FALSE(cancelled.locked_after_holder);
}

// The mutex is handed to a lock() whose select is then won by another branch in the same batch:
// the mutex goes on to the next waiter at once.
TEST_F(MutexTest, HandedThenCancelledPassesOn) {
  ex.spawner().must_spawn(pass_holder());
  ex.spawner().must_spawn(pass_first());
  ex.spawner().must_spawn(pass_second());
  ex.run();
  EXPECT_EQ(pass.first_index, 0u);
  EXPECT_TRUE(pass.second_got);
  EXPECT_EQ(pass.second_at, 1_ms);
  EXPECT_FALSE(pass_m.is_locked());
}

// The NoopRawMutex variant excludes tasks of one executor the same way.
TEST_F(MutexTest, NoopRawMutexVariant) {
  for (int i = 0; i < 3; ++i) ex.spawner().must_spawn(noop_task());
  ex.run();
  EXPECT_EQ(**noop_m.try_lock(), 30);
}

// Threads (standing in for interrupts) try_lock while tasks lock(): increments done under the
// mutex are never lost. Real clock.
TEST(MutexCrossThread, TasksLockThreadsTryLock) {
  mote::host::use_virtual_time(false);
  reset_state();
  mote::Executor ex;
  ex.spawner().must_spawn(shared_task());
  ex.spawner().must_spawn(shared_task());
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([] {
      for (int i = 0; i < kThreadRounds;) {
        if (auto g = shared.try_lock()) {
          ++**g;
          ++i;
        } else {
          std::this_thread::yield();
        }
      }
    });
  }
  ex.run();
  for (auto& t : threads) t.join();
  EXPECT_EQ(**shared.try_lock(), 2L * kTaskRounds + long{kThreads} * kThreadRounds);
  EXPECT_FALSE(shared.is_locked());
}
