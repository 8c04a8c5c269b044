// Tests of mote/sync/once_lock.hpp: OnceLock (set once, awaited) and LazyLock (computed on
// first access).
#include <array>
#include <atomic>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include <mote/sync/once_lock.hpp>

#include "test_support.hpp"

using namespace mote::literals;
using mote::Duration;
using mote::Instant;

namespace {

Instant t0;
Duration since_start() { return Instant::now() - t0; }

/// Counts live instances, to check that the stored value is destroyed exactly once.
struct Tracked {
  static inline int alive = 0;
  int v;
  explicit Tracked(int x) : v(x) { ++alive; }
  Tracked(const Tracked& o) : v(o.v) { ++alive; }
  Tracked(Tracked&& o) noexcept : v(o.v) { ++alive; }
  ~Tracked() { --alive; }
};

// ---- OnceLock::get waits; many waiters --------------------------------------------------

constexpr int kMany = 50;
mote::OnceLock<int> once;
std::array<int, kMany> got{};
std::array<Duration, kMany> got_at{};
std::vector<int> order;

MOTE_TASK(getter, kMany, int id) {
  int& v = co_await once.get();
  got[id] = v;
  got_at[id] = since_start();
  order.push_back(id);
}
MOTE_TASK(insert_later, 1, Duration d, int v) {
  co_await mote::Timer::after(d);
  once.try_insert(v).unwrap();
}

// ---- cancellation ------------------------------------------------------------------------

mote::OnceLock<int> once_c;
mote::Signal<int> stop;
struct {
  bool timed_out = false;
  std::size_t select_index = 99;
  std::optional<int> after;
  Duration after_at;
} cancelled;

MOTE_TASK(get_with_timeout, 1) {
  auto r = co_await mote::with_timeout(2_ms, once_c.get());  // nothing set yet: cancelled
  cancelled.timed_out = !r.has_value();
  int& v = co_await once_c.get();
  cancelled.after = v;
  cancelled.after_at = since_start();
}
MOTE_TASK(get_loses_select, 1) {
  auto r = co_await mote::select(stop.wait(), once_c.get());  // both ready in the same batch
  cancelled.select_index = r.index();
}
MOTE_TASK(insert_and_stop, 1) {
  co_await mote::Timer::after(3_ms);
  once_c.try_insert(3).unwrap();
  stop.signal(1);
}

// ---- NoopRawMutex ------------------------------------------------------------------------

mote::OnceLock<int, mote::NoopRawMutex> noop_once;
std::optional<int> noop_got;
MOTE_TASK(noop_getter, 1) {
  int& v = co_await noop_once.get();
  noop_got = v;
}
MOTE_TASK(noop_setter, 1) {
  co_await mote::Timer::after(1_ms);
  noop_once.try_insert(11).unwrap();
}

// LazyLock from a plain function (the default F).
int lazy_calls = 0;
int compute_answer() {
  ++lazy_calls;
  return 42;
}

}  // namespace

class OnceLockTest : public mote_test::VirtualTime {
 protected:
  void SetUp() override {
    VirtualTime::SetUp();
    t0 = Instant::now();
    got = {};
    got_at = {};
    order.clear();
    cancelled = {};
    noop_got.reset();
  }
  void TearDown() override {
    stop.reset();
    VirtualTime::TearDown();
  }
  mote::Executor ex;
};

// try_insert sets the value once; a second try_insert hands its value back.
TEST_F(OnceLockTest, TryInsertOnce) {
  mote::OnceLock<int> o;
  EXPECT_FALSE(o.is_set());
  EXPECT_EQ(o.try_get(), nullptr);
  EXPECT_TRUE(o.try_insert(1).has_value());
  EXPECT_TRUE(o.is_set());
  ASSERT_NE(o.try_get(), nullptr);
  EXPECT_EQ(*o.try_get(), 1);
  auto r = o.try_insert(2);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().value, 2);
  EXPECT_EQ(*o.try_get(), 1);
  const auto& co = o;
  EXPECT_EQ(*co.try_get(), 1);
}

// A move-only value: a failed try_insert keeps it alive in the error.
TEST_F(OnceLockTest, MoveOnlyValue) {
  mote::OnceLock<std::unique_ptr<int>> o;
  o.try_insert(std::make_unique<int>(5)).unwrap();
  auto p = std::make_unique<int>(6);
  const int* raw = p.get();
  auto r = o.try_insert(std::move(p));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().value.get(), raw);
  EXPECT_EQ(**o.try_get(), 5);
}

// The stored value is destroyed with the lock, exactly once; an unset lock destroys nothing.
TEST_F(OnceLockTest, ValueDestroyedWithTheLock) {
  Tracked::alive = 0;
  {
    mote::OnceLock<Tracked> o;
    EXPECT_EQ(Tracked::alive, 0);
    o.try_insert(Tracked(1)).unwrap();
    EXPECT_EQ(Tracked::alive, 1);
    (void)o.try_insert(Tracked(2));  // handed back in the error, then destroyed with it
    EXPECT_EQ(Tracked::alive, 1);
  }
  EXPECT_EQ(Tracked::alive, 0);
  { mote::OnceLock<Tracked> unset; }
  EXPECT_EQ(Tracked::alive, 0);
}

// get_or_init runs its function only when the value is not set.
TEST_F(OnceLockTest, GetOrInit) {
  mote::OnceLock<int> o;
  int calls = 0;
  EXPECT_EQ(o.get_or_init([&] { return ++calls, 7; }), 7);
  EXPECT_EQ(o.get_or_init([&] { return ++calls, 8; }), 7);
  EXPECT_EQ(calls, 1);
  EXPECT_FALSE(o.try_insert(9).has_value());
  int& ref = o.get_or_init([] { return 0; });
  EXPECT_EQ(&ref, o.try_get());  // the same object every time
}

// 50 tasks waiting on get all complete when the value is inserted, in the order they waited;
// a get after that completes at once.
TEST_F(OnceLockTest, ManyWaitersWokenBySet) {
  for (int i = 0; i < kMany; ++i) ex.spawner().must_spawn(getter(i));
  ex.spawner().must_spawn(insert_later(4_ms, 21));
  ex.run();
  std::vector<int> ids;
  for (int i = 0; i < kMany; ++i) {
    EXPECT_EQ(got[i], 21) << i;
    EXPECT_EQ(got_at[i], 4_ms) << i;
    ids.push_back(i);
  }
  EXPECT_EQ(order, ids);

  t0 = Instant::now();
  ex.spawner().must_spawn(getter(0));
  ex.run();
  EXPECT_EQ(got_at[0], 0_ms);
}

// A get cancelled while waiting leaves no waiter behind (the later set wakes only live ones);
// a get that was ready but lost a select is simply dropped.
TEST_F(OnceLockTest, CancelledGets) {
  ex.spawner().must_spawn(get_with_timeout());
  ex.spawner().must_spawn(get_loses_select());
  ex.spawner().must_spawn(insert_and_stop());
  ex.run();
  EXPECT_TRUE(cancelled.timed_out);
  EXPECT_EQ(cancelled.after, std::optional<int>(3));
  EXPECT_EQ(cancelled.after_at, 3_ms);
  EXPECT_EQ(cancelled.select_index, 0u);
}

// The NoopRawMutex variant behaves the same within one executor.
TEST_F(OnceLockTest, NoopRawMutexVariant) {
  ex.spawner().must_spawn(noop_getter());
  ex.spawner().must_spawn(noop_setter());
  ex.run();
  EXPECT_EQ(noop_got, std::optional<int>(11));
}

// ---- LazyLock ----------------------------------------------------------------------------

// The function runs on first access only, once; every access sees the same object.
TEST(LazyLockTest, ComputedOnceOnFirstAccess) {
  int calls = 0;
  mote::LazyLock lazy{[&calls] { return ++calls, std::vector<int>{1, 2, 3}; }};
  static_assert(std::is_same_v<decltype(lazy.get()), std::vector<int>&>);
  EXPECT_FALSE(lazy.is_initialized());
  EXPECT_EQ(lazy.try_get(), nullptr);
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(lazy->size(), 3u);
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(lazy.is_initialized());
  (*lazy).push_back(4);
  EXPECT_EQ(lazy.get(), (std::vector<int>{1, 2, 3, 4}));
  EXPECT_EQ(lazy.try_get(), &lazy.get());
  EXPECT_EQ(calls, 1);
}

// The default F is a plain function pointer; a static LazyLock works with constant init.
TEST(LazyLockTest, FunctionPointerAndStatic) {
  static mote::LazyLock<int> answer{&compute_answer};
  lazy_calls = 0;
  EXPECT_EQ(*answer, 42);
  EXPECT_EQ(*answer, 42);
  EXPECT_EQ(lazy_calls, 1);
  mote::LazyLock<int, int (*)(), mote::NoopRawMutex> noop{&compute_answer};
  EXPECT_EQ(noop.get(), 42);
}

// An uncomputed value is never constructed; a computed one is destroyed with the LazyLock.
TEST(LazyLockTest, ValueDestroyedWithTheLock) {
  Tracked::alive = 0;
  {
    mote::LazyLock lazy{[] { return Tracked(3); }};
    EXPECT_EQ(Tracked::alive, 0);
  }
  EXPECT_EQ(Tracked::alive, 0);
  {
    mote::LazyLock lazy{[] { return Tracked(3); }};
    EXPECT_EQ(lazy->v, 3);
    EXPECT_EQ(Tracked::alive, 1);
  }
  EXPECT_EQ(Tracked::alive, 0);
}

// ---- cross-thread (real clock): threads stand in for interrupts ----------------------------

namespace {
mote::OnceLock<int> xt_once;
std::array<int, 4> xt_got{};
MOTE_TASK(xt_getter, 4, int id) {
  int& v = co_await xt_once.get();
  xt_got[id] = v;
}
}  // namespace

// Four threads race to try_insert while four tasks wait: exactly one insert wins and every
// task sees its value.
TEST(OnceLockCrossThread, RacingInsertsOneWins) {
  mote::host::use_virtual_time(false);
  mote::Executor ex;
  for (int i = 0; i < 4; ++i) ex.spawner().must_spawn(xt_getter(i));
  std::atomic<int> wins{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int t = 1; t <= 4; ++t) {
    threads.emplace_back([&, t] {
      while (!go) std::this_thread::yield();
      if (xt_once.try_insert(t * 100).has_value()) ++wins;
    });
  }
  std::thread starter([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    go = true;
  });
  ex.run();
  starter.join();
  for (auto& t : threads) t.join();
  EXPECT_EQ(wins.load(), 1);
  const int v = *xt_once.try_get();
  EXPECT_EQ(v % 100, 0);
  for (int g : xt_got) EXPECT_EQ(g, v);
}

// Threads racing on a LazyLock's first access compute it once and all see the same value.
TEST(OnceLockCrossThread, LazyLockRaceComputesOnce) {
  std::atomic<int> calls{0};
  mote::LazyLock lazy{[&calls] {
    ++calls;
    return 1234;
  }};
  std::atomic<bool> go{false};
  std::atomic<int> bad{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      while (!go) std::this_thread::yield();
      if (*lazy != 1234) ++bad;
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ(bad.load(), 0);
}
