// Tests of mote/sync/rwlock.hpp: an async reader-writer lock with FIFO fairness.
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <mote/sync/rwlock.hpp>

#include "test_support.hpp"

using namespace mote::literals;
using mote::Duration;
using mote::Instant;

namespace {

Instant t0;
Duration since_start() { return Instant::now() - t0; }
constexpr mote::Waker kNoWaker{};

// ---- readers share, writers exclude --------------------------------------------------------

struct Config {
  int rate = 1;
  int version = 0;
};
mote::RwLock<Config> config;
struct {
  std::size_t readers_seen = 0;
  std::vector<Duration> read_at;
  Duration write_at;
  int rate_read = 0;
} share;

MOTE_TASK(share_reader, 3) {
  auto r = co_await config.read();
  share.read_at.push_back(since_start());
  co_await mote::Timer::after(5_ms);
  const std::size_t n = config.reader_count();
  if (n > share.readers_seen) share.readers_seen = n;
}
MOTE_TASK(share_writer, 1) {
  co_await mote::yield_now();  // the readers get in first
  auto w = co_await config.write();
  share.write_at = since_start();
  w->rate = 7;
  ++(*w).version;
}
MOTE_TASK(share_late_reader, 1) {
  co_await mote::Timer::after(1_ms);  // after the writer queued: must wait for it
  auto r = co_await config.read();
  share.rate_read = r->rate;
  share.read_at.push_back(since_start());
}

// ---- 100 tasks, readers and writers, in FIFO order -------------------------------------------

mote::RwLock<int> fifo_l{0};
struct {
  std::vector<int> order;
  int readers_inside = 0, max_readers = 0;
  bool writer_overlap = false;
} fifo;
bool is_writer(int id) { return id % 3 == 0; }

MOTE_TASK(fifo_holder, 1) {
  auto w = co_await fifo_l.write();
  co_await mote::Timer::after(1_ms);
}
MOTE_TASK(fifo_task, 100, int id) {
  if (is_writer(id)) {
    auto w = co_await fifo_l.write();
    fifo.order.push_back(id);
    if (fifo.readers_inside != 0) fifo.writer_overlap = true;
    ++*w;
    co_await mote::yield_now();
  } else {
    auto r = co_await fifo_l.read();
    fifo.order.push_back(id);
    if (++fifo.readers_inside > fifo.max_readers) fifo.max_readers = fifo.readers_inside;
    co_await mote::yield_now();
    --fifo.readers_inside;
  }
}

// ---- a write() granted and then cancelled by select passes the lock on -------------------------

mote::RwLock<int> pass_l{0};
mote::Signal<int> pass_stop;
struct {
  std::size_t first_index = 99;
  bool second_got = false;
  Duration second_at;
} pass;

MOTE_TASK(pass_holder, 1) {
  auto r = co_await pass_l.read();
  co_await mote::Timer::after(1_ms);
  pass_stop.signal(1);  // wakes pass_first; the guard's release then grants it the write lock
}
MOTE_TASK(pass_first, 1) {
  co_await mote::yield_now();
  auto r = co_await mote::select(pass_stop.wait(), pass_l.write());
  pass.first_index = r.index();
}
MOTE_TASK(pass_second, 1) {
  co_await mote::yield_now();
  co_await mote::yield_now();
  auto r = co_await mote::with_timeout(100_ms, pass_l.read());
  pass.second_got = r.has_value();
  pass.second_at = since_start();
}

// ---- NoopRawMutex ----------------------------------------------------------------------------

mote::RwLock<int, mote::NoopRawMutex> noop_l{0};
MOTE_TASK(noop_task, 3) {
  for (int i = 0; i < 10; ++i) {
    auto w = co_await noop_l.write();
    const int v = *w;
    co_await mote::yield_now();
    *w = v + 1;
    auto moved = std::move(w);
  }
}

// ---- cross-thread ------------------------------------------------------------------------------

struct Pair {
  long a = 0, b = 0;
};
mote::RwLock<Pair> xt_l;
std::atomic<int> xt_torn{0};
constexpr int kTaskRounds = 3000, kThreadRounds = 3000, kThreads = 3;
MOTE_TASK(xt_task, 2, bool writer) {
  for (int i = 0; i < kTaskRounds; ++i) {
    if (writer) {
      auto w = co_await xt_l.write();
      ++w->a;
      if (i % 8 == 0) co_await mote::yield_now();
      ++w->b;
    } else {
      auto r = co_await xt_l.read();
      if (i % 8 == 0) co_await mote::yield_now();
      if (r->a != r->b) ++xt_torn;
    }
  }
}

void reset_state() {
  share = {};
  fifo = {};
  pass = {};
  // Values left by an earlier run (--gtest_repeat).
  **config.try_write() = Config{};
  **fifo_l.try_write() = 0;
  **noop_l.try_write() = 0;
  **xt_l.try_write() = Pair{};
  xt_torn = 0;
}

}  // namespace

class RwLockTest : public mote_test::VirtualTime {
 protected:
  void SetUp() override {
    VirtualTime::SetUp();
    t0 = Instant::now();
    reset_state();
  }
  mote::Executor ex;
};

// Readers hold the lock together; a writer waits for them; a reader arriving after the writer
// queued waits for the writer (and sees its write).
TEST_F(RwLockTest, ReadersShareWriterExcludes) {
  for (int i = 0; i < 3; ++i) ex.spawner().must_spawn(share_reader());
  ex.spawner().must_spawn(share_writer());
  ex.spawner().must_spawn(share_late_reader());
  ex.run();
  EXPECT_EQ(share.readers_seen, 3u);
  EXPECT_EQ(share.read_at, (std::vector<Duration>{0_ms, 0_ms, 0_ms, 5_ms}));
  EXPECT_EQ(share.write_at, 5_ms);
  EXPECT_EQ(share.rate_read, 7);
  EXPECT_EQ(config.try_read().value()->version, 1);
  EXPECT_EQ(config.reader_count(), 0u);
  EXPECT_FALSE(config.is_write_locked());
}

// Constructors and try_read/try_write without waiters.
TEST_F(RwLockTest, TryReadTryWrite) {
  mote::RwLock<std::string> l{std::in_place, 2u, 'a'};
  mote::RwLock<std::string> v{std::string("v")};
  EXPECT_EQ(**v.try_read(), "v");
  {
    auto r1 = l.try_read();
    auto r2 = l.try_read();
    ASSERT_TRUE(r1 && r2);
    EXPECT_EQ(**r1, "aa");
    EXPECT_EQ((*r2)->size(), 2u);
    EXPECT_EQ(l.reader_count(), 2u);
    EXPECT_FALSE(l.try_write());
  }
  {
    auto w = l.try_write();
    ASSERT_TRUE(w);
    EXPECT_TRUE(l.is_write_locked());
    **w = "b";
    (*w)->push_back('c');
    EXPECT_FALSE(l.try_read());
    EXPECT_FALSE(l.try_write());
  }
  EXPECT_FALSE(l.is_write_locked());
  EXPECT_EQ(**l.try_read(), "bc");
}

// Guards are move-only; a moved-from guard holds nothing; move-assignment releases the target's.
TEST_F(RwLockTest, GuardMoves) {
  using L = mote::RwLock<int>;
  static_assert(!std::is_copy_constructible_v<L::ReadGuard>);
  static_assert(!std::is_copy_constructible_v<L::WriteGuard>);
  L a{1}, b{2};
  auto r = *a.try_read();
  auto r2 = std::move(r);
  EXPECT_EQ(a.reader_count(), 1u);
  auto rb = *b.try_read();
  r2 = std::move(rb);  // releases a's read
  EXPECT_EQ(a.reader_count(), 0u);
  EXPECT_EQ(*r2, 2);
  { auto gone = std::move(r2); }
  EXPECT_EQ(b.reader_count(), 0u);

  auto w = *a.try_write();
  auto w2 = std::move(w);
  EXPECT_TRUE(a.is_write_locked());
  auto wb = *b.try_write();
  w2 = std::move(wb);  // releases a's write
  EXPECT_FALSE(a.is_write_locked());
  EXPECT_TRUE(b.is_write_locked());
  *w2 = 5;
  { auto gone = std::move(w2); }
  EXPECT_FALSE(b.is_write_locked());
  EXPECT_EQ(**b.try_read(), 5);
}

// By hand: a waiting writer blocks later readers (and try_read); when the writer is done the
// readers behind it get the lock together, up to the next writer.
TEST_F(RwLockTest, WaitingWriterBlocksLaterReaders) {
  mote::RwLock<int> l{0};
  auto r0 = l.try_read();
  auto w1 = l.write();
  auto r2 = l.read();
  auto r3 = l.read();
  auto w4 = l.write();
  auto r5 = l.read();
  EXPECT_FALSE(w1.poll(kNoWaker));
  EXPECT_FALSE(r2.poll(kNoWaker));
  EXPECT_FALSE(r3.poll(kNoWaker));
  EXPECT_FALSE(w4.poll(kNoWaker));
  EXPECT_FALSE(r5.poll(kNoWaker));
  EXPECT_FALSE(l.try_read());  // a writer waits
  EXPECT_FALSE(l.try_write());
  r0.reset();  // w1 granted
  EXPECT_TRUE(l.is_write_locked());
  EXPECT_FALSE(r2.poll(kNoWaker));
  ASSERT_TRUE(w1.poll(kNoWaker));
  { auto g = w1.take(); }  // r2 and r3 granted, not r5 (behind w4)
  EXPECT_EQ(l.reader_count(), 2u);
  EXPECT_TRUE(r3.poll(kNoWaker));
  EXPECT_TRUE(r2.poll(kNoWaker));
  EXPECT_FALSE(w4.poll(kNoWaker));
  EXPECT_FALSE(r5.poll(kNoWaker));
  {
    auto g2 = r2.take();
    auto g3 = r3.take();
  }  // w4 granted
  EXPECT_TRUE(l.is_write_locked());
  EXPECT_TRUE(w4.poll(kNoWaker));
  { auto g = w4.take(); }
  EXPECT_TRUE(r5.poll(kNoWaker));
  EXPECT_EQ(l.reader_count(), 1u);
  { auto g = r5.take(); }
  EXPECT_EQ(l.reader_count(), 0u);
  EXPECT_TRUE(l.try_write());
}

// Cancelling in every state: a queued writer (readers behind it proceed), a granted writer
// (the lock passes on), a granted reader, and ready futures whose guard was never taken.
TEST_F(RwLockTest, CancelInEveryState) {
  mote::RwLock<int> l{0};
  auto r0 = l.try_read();
  auto r2 = l.read();
  {
    auto w1 = l.write();
    EXPECT_FALSE(w1.poll(kNoWaker));
    EXPECT_FALSE(r2.poll(kNoWaker));
  }  // queued writer cancelled: r2 joins r0
  EXPECT_EQ(l.reader_count(), 2u);
  EXPECT_TRUE(r2.poll(kNoWaker));
  auto g2 = r2.take();

  auto w3 = std::make_unique<mote::RwLock<int>::WriteFuture>(l.write());
  auto r4 = std::make_unique<mote::RwLock<int>::ReadFuture>(l.read());
  auto w5 = l.write();
  EXPECT_FALSE(w3->poll(kNoWaker));
  EXPECT_FALSE(r4->poll(kNoWaker));
  EXPECT_FALSE(w5.poll(kNoWaker));
  r0.reset();
  { auto gone = std::move(g2); }  // w3 granted
  EXPECT_TRUE(l.is_write_locked());
  w3.reset();  // cancelled holding the write lock: r4 granted
  EXPECT_FALSE(l.is_write_locked());
  EXPECT_EQ(l.reader_count(), 1u);
  r4.reset();  // cancelled holding a read lock: w5 granted
  EXPECT_TRUE(l.is_write_locked());
  EXPECT_TRUE(w5.poll(kNoWaker));
  {
    auto r6 = l.read();
    EXPECT_FALSE(r6.poll(kNoWaker));
    { auto gone = std::move(w5); }  // ready, never taken: r6 granted
    EXPECT_TRUE(r6.poll(kNoWaker));
  }  // ready, never taken: released
  EXPECT_EQ(l.reader_count(), 0u);
  EXPECT_FALSE(l.is_write_locked());
  { auto never_polled = l.write(); }
  EXPECT_TRUE(l.try_write());
}

// 100 tasks (every third a writer) queued behind a writer get the lock in FIFO order; readers
// between two writers hold it together, never alongside a writer.
TEST_F(RwLockTest, HundredWaitersFifo) {
  ex.spawner().must_spawn(fifo_holder());
  for (int id = 0; id < 100; ++id) ex.spawner().must_spawn(fifo_task(id));
  ex.run();
  std::vector<int> expected(100);
  for (int i = 0; i < 100; ++i) expected[i] = i;
  EXPECT_EQ(fifo.order, expected);
  EXPECT_EQ(fifo.max_readers, 2);
  EXPECT_FALSE(fifo.writer_overlap);
  EXPECT_EQ(**fifo_l.try_read(), 34);
}

// The write lock granted to a write() whose select is then won by another branch goes on to the
// next waiter at once.
TEST_F(RwLockTest, GrantedThenCancelledPassesOn) {
  ex.spawner().must_spawn(pass_holder());
  ex.spawner().must_spawn(pass_first());
  ex.spawner().must_spawn(pass_second());
  ex.run();
  EXPECT_EQ(pass.first_index, 0u);
  EXPECT_TRUE(pass.second_got);
  EXPECT_EQ(pass.second_at, 1_ms);
  EXPECT_EQ(pass_l.reader_count(), 0u);
  EXPECT_FALSE(pass_l.is_write_locked());
}

TEST_F(RwLockTest, NoopRawMutexVariant) {
  for (int i = 0; i < 3; ++i) ex.spawner().must_spawn(noop_task());
  ex.run();
  EXPECT_EQ(**noop_l.try_read(), 30);
}

// Threads (standing in for interrupts) try_read/try_write while tasks read/write: readers never
// see a half-done write and no write is lost. Real clock.
TEST(RwLockCrossThread, TasksAndThreads) {
  mote::host::use_virtual_time(false);
  reset_state();
  mote::Executor ex;
  ex.spawner().must_spawn(xt_task(true));
  ex.spawner().must_spawn(xt_task(false));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t] {
      for (int i = 0; i < kThreadRounds;) {
        if (t == 0) {
          if (auto w = xt_l.try_write()) {
            ++(*w)->a;
            ++(*w)->b;
            ++i;
            continue;
          }
        } else if (auto r = xt_l.try_read()) {
          if ((*r)->a != (*r)->b) ++xt_torn;
          ++i;
          continue;
        }
        std::this_thread::yield();
      }
    });
  }
  ex.run();
  for (auto& t : threads) t.join();
  EXPECT_EQ(xt_torn.load(), 0);
  auto r = xt_l.try_read();
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)->a, long{kTaskRounds} + kThreadRounds);
  EXPECT_EQ((*r)->b, long{kTaskRounds} + kThreadRounds);
}
