// Tests of mote/sync/semaphore.hpp: counting semaphores (fair and greedy) with permit guards.
#include <atomic>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include <mote/sync/semaphore.hpp>

#include "test_support.hpp"

using namespace mote::literals;
using mote::Duration;
using mote::Instant;

namespace {

Instant t0;
Duration since_start() { return Instant::now() - t0; }

using Fair = mote::FairSemaphore<>;
using Greedy = mote::GreedySemaphore<>;
constexpr mote::Waker kNoWaker{};

// ---- tasks: acquire waits, permits come back on destruction ---------------------------------

mote::Semaphore<> pool_sem{2};
struct {
  int inside = 0, max_inside = 0;
  std::vector<Duration> entered;
} pool;

MOTE_TASK(pool_user, 5) {
  auto permit = co_await pool_sem.acquire();
  pool.entered.push_back(since_start());
  ++pool.inside;
  if (pool.inside > pool.max_inside) pool.max_inside = pool.inside;
  co_await mote::Timer::after(10_ms);
  --pool.inside;
}

// ---- 100 waiters in FIFO order ---------------------------------------------------------------

Fair fifo_sem{0};
std::vector<int> fifo_order;
MOTE_TASK(fifo_waiter, 100, int id) {
  auto p = co_await fifo_sem.acquire();
  fifo_order.push_back(id);
  co_await mote::yield_now();  // holds its permit across a suspension
}
MOTE_TASK(fifo_opener, 1) {
  co_await mote::Timer::after(1_ms);
  fifo_sem.release(1);  // one permit, passed from waiter to waiter
}

// ---- fair vs greedy with tasks: a big request at the head ------------------------------------

template <class Sem>
struct Order {
  Sem sem{0};
  std::vector<int> log;
};
Order<Fair> fair_o;
Order<Greedy> greedy_o;

MOTE_TASK(fair_req, 2, int id, std::size_t n) {
  auto p = co_await fair_o.sem.acquire(n);
  fair_o.log.push_back(id);
}
MOTE_TASK(greedy_req, 2, int id, std::size_t n) {
  auto p = co_await greedy_o.sem.acquire(n);
  greedy_o.log.push_back(id);
}
MOTE_TASK(order_releaser, 1, bool fair) {
  co_await mote::Timer::after(1_ms);
  if (fair) {
    fair_o.sem.release(1);
  } else {
    greedy_o.sem.release(1);
  }
  co_await mote::Timer::after(1_ms);
  if (fair) {
    fair_o.log.push_back(100);
    fair_o.sem.release(2);
  } else {
    greedy_o.log.push_back(100);
    greedy_o.sem.release(2);
  }
}

// ---- a granted waiter cancelled by select passes its permits on --------------------------------

Fair pass_sem{0};
mote::Signal<int> pass_stop;
struct {
  std::size_t first_index = 99;
  bool second_got = false;
  Duration second_at;
} pass;

MOTE_TASK(pass_first, 1) {
  auto r = co_await mote::select(pass_stop.wait(), pass_sem.acquire(2));
  pass.first_index = r.index();
}
MOTE_TASK(pass_second, 1) {
  co_await mote::yield_now();  // queues second
  auto r = co_await mote::with_timeout(100_ms, pass_sem.acquire(2));
  pass.second_got = r.has_value();
  pass.second_at = since_start();
}
MOTE_TASK(pass_driver, 1) {
  co_await mote::Timer::after(1_ms);
  pass_sem.release(2);  // granted to pass_first
  pass_stop.signal(1);  // whose select the stop branch wins in the same batch
}

// ---- NoopRawMutex -----------------------------------------------------------------------------

mote::Semaphore<mote::SemaphoreOrder::Fair, mote::NoopRawMutex> noop_sem{1};
int noop_inside = 0, noop_max = 0;
MOTE_TASK(noop_user, 4) {
  for (int i = 0; i < 5; ++i) {
    auto p = co_await noop_sem.acquire();
    if (++noop_inside > noop_max) noop_max = noop_inside;
    co_await mote::yield_now();
    --noop_inside;
  }
}

// ---- cross-thread ------------------------------------------------------------------------------

constexpr int kLimit = 3, kThreads = 3, kThreadRounds = 4000, kTaskRounds = 4000;
mote::Semaphore<> xt_sem{kLimit};
std::atomic<int> xt_inside{0}, xt_max{0};
void xt_enter() {
  const int now = ++xt_inside;
  int m = xt_max.load();
  while (now > m && !xt_max.compare_exchange_weak(m, now)) {
  }
}
MOTE_TASK(xt_task, 2) {
  for (int i = 0; i < kTaskRounds; ++i) {
    auto p = co_await xt_sem.acquire(i % 2 + 1);
    xt_enter();
    if (i % 8 == 0) co_await mote::yield_now();
    --xt_inside;
  }
}

Greedy signals{0};
int signals_got = 0;
MOTE_TASK(signals_task, 1) {
  for (int i = 0; i < 3000; ++i) {
    auto p = co_await signals.acquire();
    (void)p.disarm();  // consumed: not given back
    ++signals_got;
  }
}

// Takes every available permit for good (back to zero).
template <class S>
void drain(S& s) {
  if (auto p = s.try_acquire(s.available())) (void)p->disarm();
}

void reset_state() {
  // State left by an earlier run (--gtest_repeat).
  drain(fifo_sem);
  drain(fair_o.sem);
  drain(greedy_o.sem);
  drain(pass_sem);
  drain(signals);
  noop_inside = noop_max = 0;
  xt_inside = 0;
  xt_max = 0;
  signals_got = 0;
  pool = {};
  fifo_order.clear();
  fair_o.log.clear();
  greedy_o.log.clear();
  pass = {};
}

}  // namespace

class SemaphoreTest : public mote_test::VirtualTime {
 protected:
  void SetUp() override {
    VirtualTime::SetUp();
    t0 = Instant::now();
    reset_state();
  }
  mote::Executor ex;
};

// try_acquire, available, release, the permit's count and its return on destruction.
TEST_F(SemaphoreTest, TryAcquireReleaseAvailable) {
  Fair s{3};
  static_assert(Fair::order() == mote::SemaphoreOrder::Fair);
  static_assert(Greedy::order() == mote::SemaphoreOrder::Greedy);
  static_assert(std::is_same_v<mote::Semaphore<>, Fair>);
  EXPECT_EQ(s.available(), 3u);
  {
    auto p = s.try_acquire(2);
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->count(), 2u);
    EXPECT_EQ(s.available(), 1u);
    EXPECT_FALSE(s.try_acquire(2).has_value());
    auto q = s.try_acquire();
    ASSERT_TRUE(q);
    EXPECT_EQ(q->count(), 1u);
    EXPECT_EQ(s.available(), 0u);
  }
  EXPECT_EQ(s.available(), 3u);
  s.release(2);  // release adds permits beyond the initial count
  EXPECT_EQ(s.available(), 5u);
  auto z = s.try_acquire(0);
  ASSERT_TRUE(z);
  EXPECT_EQ(z->count(), 0u);
  EXPECT_FALSE(s.try_acquire(6));
}

// Permits are move-only; disarm keeps them taken; move-assignment gives back the target's.
TEST_F(SemaphoreTest, PermitMovesAndDisarm) {
  static_assert(!std::is_copy_constructible_v<Fair::Permit>);
  Fair s{4};
  auto a = *s.try_acquire(1);
  auto b = std::move(a);
  EXPECT_EQ(a.count(), 0u);
  EXPECT_EQ(b.count(), 1u);
  EXPECT_EQ(s.available(), 3u);
  auto c = *s.try_acquire(2);
  EXPECT_EQ(s.available(), 1u);
  b = std::move(c);  // b's 1 permit goes back
  EXPECT_EQ(s.available(), 2u);
  EXPECT_EQ(b.count(), 2u);
  EXPECT_EQ(b.disarm(), 2u);
  EXPECT_EQ(b.count(), 0u);
  { auto gone = std::move(b); }
  EXPECT_EQ(s.available(), 2u);  // disarmed permits stay taken
  s.release(2);
  EXPECT_EQ(s.available(), 4u);
}

// By hand, fair: a request at the head that does not fit blocks smaller later ones, and
// try_acquire, while anyone waits.
TEST_F(SemaphoreTest, FairHeadBlocksSmallerRequests) {
  Fair s{1};
  auto big = s.acquire(3);
  auto small = s.acquire(1);
  EXPECT_FALSE(big.poll(kNoWaker));
  EXPECT_FALSE(small.poll(kNoWaker));  // 1 permit is free, but big is first
  EXPECT_FALSE(s.try_acquire(1));
  EXPECT_EQ(s.available(), 1u);
  s.release(1);
  EXPECT_FALSE(big.poll(kNoWaker));
  EXPECT_FALSE(small.poll(kNoWaker));
  s.release(1);  // 3: granted to big, none left for small
  EXPECT_EQ(s.available(), 0u);
  EXPECT_TRUE(big.poll(kNoWaker));
  EXPECT_FALSE(small.poll(kNoWaker));
  {
    auto p = big.take();
    EXPECT_EQ(p.count(), 3u);
  }  // 3 back: 1 granted to small
  EXPECT_EQ(s.available(), 2u);
  EXPECT_TRUE(small.poll(kNoWaker));
  EXPECT_EQ(small.take().count(), 1u);
  EXPECT_EQ(s.available(), 3u);
}

// By hand, greedy: any request that fits proceeds, in FIFO order among those that fit.
TEST_F(SemaphoreTest, GreedyServesWhatFits) {
  Greedy s{1};
  auto big = s.acquire(3);
  auto small = s.acquire(1);
  EXPECT_FALSE(big.poll(kNoWaker));
  EXPECT_TRUE(small.poll(kNoWaker));  // fits now, although big waits
  auto sp = small.take();
  auto small2 = s.acquire(1);
  auto small3 = s.acquire(1);
  EXPECT_FALSE(small2.poll(kNoWaker));
  EXPECT_FALSE(small3.poll(kNoWaker));
  s.release(1);  // big does not fit; small2 (first of those that fit) does
  EXPECT_TRUE(small2.poll(kNoWaker));
  EXPECT_FALSE(small3.poll(kNoWaker));
  s.release(1);
  EXPECT_TRUE(small3.poll(kNoWaker));
  EXPECT_TRUE(s.try_acquire(0).has_value());
  s.release(3);
  EXPECT_TRUE(big.poll(kNoWaker));
  EXPECT_EQ(s.available(), 0u);
  s.release(1);
  EXPECT_TRUE(s.try_acquire(1).has_value());
}

// Cancelling in every state, by hand: queued (a cancelled fair head unblocks the rest),
// granted but not yet polled, and ready but not taken: permits go on to the next waiter.
TEST_F(SemaphoreTest, CancelInEveryState) {
  Fair s{1};
  auto small = s.acquire(1);
  {
    auto big = s.acquire(5);
    EXPECT_FALSE(big.poll(kNoWaker));
    EXPECT_FALSE(small.poll(kNoWaker));  // behind big
  }  // big cancelled while queued: small proceeds
  EXPECT_EQ(s.available(), 0u);
  EXPECT_TRUE(small.poll(kNoWaker));
  auto held = small.take();

  auto a = std::make_unique<Fair::AcquireFuture>(s.acquire(1));
  auto b = s.acquire(1);
  EXPECT_FALSE(a->poll(kNoWaker));
  EXPECT_FALSE(b.poll(kNoWaker));
  { auto gone = std::move(held); }  // granted to a
  a.reset();                        // a cancelled holding it: granted to b
  EXPECT_EQ(s.available(), 0u);
  EXPECT_TRUE(b.poll(kNoWaker));
  {
    auto c = s.acquire(1);
    EXPECT_FALSE(c.poll(kNoWaker));
    { auto gone = std::move(b); }  // ready, never taken: its permit goes to c
    EXPECT_TRUE(c.poll(kNoWaker));
    auto moved = std::move(c);  // moving a ready future moves its permit too
  }
  EXPECT_EQ(s.available(), 1u);
  { auto never_polled = s.acquire(1); }
  EXPECT_EQ(s.available(), 1u);
}

// Tasks: at most 2 of 5 hold the semaphore at once; each waiter enters when a permit is given back.
TEST_F(SemaphoreTest, TasksWaitForPermits) {
  for (int i = 0; i < 5; ++i) ex.spawner().must_spawn(pool_user());
  ex.run();
  EXPECT_EQ(pool.max_inside, 2);
  EXPECT_EQ(pool.entered, (std::vector<Duration>{0_ms, 0_ms, 10_ms, 10_ms, 20_ms}));
  EXPECT_EQ(pool_sem.available(), 2u);
}

// 100 tasks waiting on a semaphore get their permit in the order they started waiting.
TEST_F(SemaphoreTest, HundredWaitersFifo) {
  for (int id = 0; id < 100; ++id) ex.spawner().must_spawn(fifo_waiter(id));
  ex.spawner().must_spawn(fifo_opener());
  ex.run();
  std::vector<int> expected(100);
  for (int i = 0; i < 100; ++i) expected[i] = i;
  EXPECT_EQ(fifo_order, expected);
  EXPECT_EQ(fifo_sem.available(), 1u);
}

// Tasks: request 0 asks for 2, request 1 for 1; one permit arrives, then two more.
// Fair: 1 waits behind 0. Greedy: 1 goes first.
TEST_F(SemaphoreTest, FairAndGreedyWithTasks) {
  ex.spawner().must_spawn(fair_req(0, 2));
  ex.spawner().must_spawn(fair_req(1, 1));
  ex.spawner().must_spawn(order_releaser(true));
  ex.run();
  EXPECT_EQ(fair_o.log, (std::vector<int>{100, 0, 1}));
  EXPECT_EQ(fair_o.sem.available(), 3u);

  ex.spawner().must_spawn(greedy_req(0, 2));
  ex.spawner().must_spawn(greedy_req(1, 1));
  ex.spawner().must_spawn(order_releaser(false));
  ex.run();
  EXPECT_EQ(greedy_o.log, (std::vector<int>{1, 100, 0}));
  EXPECT_EQ(greedy_o.sem.available(), 3u);
}

// Permits granted to an acquire whose select is then won by another branch go to the next waiter.
TEST_F(SemaphoreTest, GrantedThenCancelledPassesOn) {
  ex.spawner().must_spawn(pass_first());
  ex.spawner().must_spawn(pass_second());
  ex.spawner().must_spawn(pass_driver());
  ex.run();
  EXPECT_EQ(pass.first_index, 0u);
  EXPECT_TRUE(pass.second_got);
  EXPECT_EQ(pass.second_at, 1_ms);
  EXPECT_EQ(pass_sem.available(), 2u);
}

TEST_F(SemaphoreTest, NoopRawMutexVariant) {
  for (int i = 0; i < 4; ++i) ex.spawner().must_spawn(noop_user());
  ex.run();
  EXPECT_EQ(noop_max, 1);
  EXPECT_EQ(noop_sem.available(), 1u);
}

// Threads (standing in for interrupts) try_acquire and release while tasks acquire: never more
// than the limit inside, and every permit comes back. Real clock.
TEST(SemaphoreCrossThread, TasksAcquireThreadsTryAcquire) {
  mote::host::use_virtual_time(false);
  reset_state();
  mote::Executor ex;
  ex.spawner().must_spawn(xt_task());
  ex.spawner().must_spawn(xt_task());
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([] {
      for (int i = 0; i < kThreadRounds;) {
        if (auto p = xt_sem.try_acquire(1)) {
          xt_enter();
          --xt_inside;
          ++i;
        } else {
          std::this_thread::yield();
        }
      }
    });
  }
  ex.run();
  for (auto& t : threads) t.join();
  EXPECT_LE(xt_max.load(), kLimit);
  EXPECT_EQ(xt_sem.available(), std::size_t{kLimit});
}

// A thread releases one permit per event (like an interrupt counting events); a task consumes
// them all.
TEST(SemaphoreCrossThread, ThreadReleasesTaskConsumes) {
  mote::host::use_virtual_time(false);
  reset_state();
  mote::Executor ex;
  ex.spawner().must_spawn(signals_task());
  std::thread t([] {
    for (int i = 0; i < 3000; ++i) {
      signals.release(1);
      if (i % 64 == 0) std::this_thread::yield();
    }
  });
  ex.run();
  t.join();
  EXPECT_EQ(signals_got, 3000);
  EXPECT_EQ(signals.available(), 0u);
}
