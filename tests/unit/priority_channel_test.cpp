// Tests of mote/sync/priority_channel.hpp: a bounded MPMC channel that hands out the
// highest-priority value first (equal priorities in send order), with FIFO waiting queues.
#include <algorithm>
#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "test_support.hpp"

using namespace mote::literals;
using mote::Duration;
using mote::Instant;

namespace {

Instant t0;
Duration since_start() { return Instant::now() - t0; }

struct Job {
  int prio;
  int id;
};
struct ByPrio {
  bool operator()(const Job& a, const Job& b) const { return a.prio < b.prio; }
};

// ---- priority order with a waiting sender -----------------------------------------------

mote::PriorityChannel<int, 3> prio_ch;
std::vector<int> prio_got;
std::vector<Duration> prio_sent_at;

MOTE_TASK(prio_sender, 1) {
  for (int v : {5, 1, 9, 3, 7}) {
    co_await prio_ch.send(v);  // the 4th and 5th wait for room
    prio_sent_at.push_back(since_start());
  }
}
MOTE_TASK(prio_receiver, 1) {
  co_await mote::Timer::after(2_ms);
  for (int i = 0; i < 5; ++i) {
    prio_got.push_back(co_await prio_ch.receive());
    co_await mote::Timer::after(1_ms);
  }
}

// ---- waiting receivers and senders are served in FIFO order ------------------------------

mote::PriorityChannel<int, 1> order_ch;
std::array<int, 3> receiver_got{};
std::vector<int> sender_order;

MOTE_TASK(order_receiver, 3, int id) { receiver_got[id] = co_await order_ch.receive(); }
MOTE_TASK(order_burst, 1) {
  co_await mote::Timer::after(1_ms);
  for (int v : {10, 30, 20}) {
    order_ch.try_send(v).unwrap();
    co_await mote::yield_now();
  }
}
MOTE_TASK(order_sender, 3, int value) { co_await order_ch.send(value); }
MOTE_TASK(order_drain, 1) {
  co_await mote::Timer::after(1_ms);
  for (int i = 0; i < 4; ++i) sender_order.push_back(co_await order_ch.receive());
}

// ---- many receivers ------------------------------------------------------------------------

constexpr int kMany = 50;
mote::PriorityChannel<int, 4> many_ch;
std::vector<int> many_order;  // receiver ids in the order they got a value

MOTE_TASK(many_receiver, kMany, int id) {
  (void)co_await many_ch.receive();
  many_order.push_back(id);
}
MOTE_TASK(many_sender, 1) {
  co_await mote::Timer::after(1_ms);
  for (int i = 0; i < kMany; ++i) co_await many_ch.send(i);
}

// ---- cancellation --------------------------------------------------------------------------

mote::PriorityChannel<int, 2> pass_ch;
mote::Signal<int> pass_stop;
struct {
  std::size_t first_index = 99;
  std::optional<int> second;
  Duration second_at;
  bool recv_timed_out = false, send_timed_out = false;
  Duration sender_done_at;
} pass;

MOTE_TASK(pass_first, 1) {
  auto r = co_await mote::select(pass_stop.wait(), pass_ch.receive());
  pass.first_index = r.index();
}
MOTE_TASK(pass_second, 1) {
  auto r = co_await mote::with_timeout(100_ms, pass_ch.receive());
  if (r) pass.second = *r;
  pass.second_at = since_start();
}
MOTE_TASK(pass_driver, 1) {
  co_await mote::Timer::after(1_ms);
  pass_ch.try_send(42).unwrap();  // wakes pass_first's receive
  pass_stop.signal(1);            // and, in the same batch, the other branch of its select
}

MOTE_TASK(timeout_receive, 1) {
  auto r = co_await mote::with_timeout(5_ms, pass_ch.receive());
  pass.recv_timed_out = !r.has_value();
}
MOTE_TASK(timeout_send, 1) {
  auto r = co_await mote::with_timeout(5_ms, pass_ch.send(99));
  pass.send_timed_out = !r.has_value();
}
// A sender woken for room but cancelled before it ran passes the wake-up on.
MOTE_TASK(send_first, 1) {
  auto r = co_await mote::select(pass_stop.wait(), pass_ch.send(1));
  pass.first_index = r.index();
}
MOTE_TASK(send_second, 1) {
  co_await mote::Timer::after(1_us);  // queues behind send_first
  auto r = co_await mote::with_timeout(100_ms, pass_ch.send(2));
  if (r) pass.sender_done_at = since_start();
}
MOTE_TASK(send_driver, 1) {
  co_await mote::Timer::after(1_ms);
  (void)pass_ch.try_receive();  // room: wakes send_first
  pass_stop.signal(1);          // which its select then drops
}

// ---- NoopRawMutex, custom comparator, move-only values ----------------------------------------

mote::PriorityChannel<Job, 2, ByPrio, mote::NoopRawMutex> job_ch;
std::vector<int> job_ids;

MOTE_TASK(job_sender, 1) {
  for (Job j : {Job{1, 0}, Job{3, 1}, Job{2, 2}, Job{3, 3}, Job{1, 4}, Job{2, 5}}) co_await job_ch.send(j);
}
MOTE_TASK(job_receiver, 1) {
  co_await mote::Timer::after(1_ms);
  for (int i = 0; i < 6; ++i) {
    Job j = co_await job_ch.receive();
    job_ids.push_back(j.id);
  }
}

void reset_state() {
  prio_got.clear();
  prio_sent_at.clear();
  receiver_got = {};
  sender_order.clear();
  many_order.clear();
  pass = {};
  job_ids.clear();
}

}  // namespace

class PriorityChannelTest : public mote_test::VirtualTime {
 protected:
  void SetUp() override {
    VirtualTime::SetUp();
    t0 = Instant::now();
    reset_state();
  }
  void TearDown() override {
    EXPECT_TRUE(prio_ch.is_empty());
    EXPECT_TRUE(order_ch.is_empty());
    EXPECT_TRUE(many_ch.is_empty());
    pass_ch.clear();
    pass_stop.reset();
    VirtualTime::TearDown();
  }
  mote::Executor ex;
};

// Receives take the greatest queued value; a sender waits while the channel is full.
TEST_F(PriorityChannelTest, HighestFirstAndSendWaitsWhileFull) {
  ex.spawner().must_spawn(prio_sender());
  ex.spawner().must_spawn(prio_receiver());
  ex.run();
  // At 2 ms {5,1,9} are queued: 9 goes, 3 enters; at 3 ms 5 goes, 7 enters; then 7, 3, 1.
  EXPECT_EQ(prio_got, (std::vector<int>{9, 5, 7, 3, 1}));
  EXPECT_EQ(prio_sent_at, (std::vector<Duration>{0_ms, 0_ms, 0_ms, 2_ms, 3_ms}));
}

// try_send fills exactly the capacity and hands the value back; try_receive takes the
// highest; len / is_empty / is_full / clear.
TEST_F(PriorityChannelTest, CapacityTryOpsLenClear) {
  mote::PriorityChannel<int, 3> c;
  static_assert(mote::PriorityChannel<int, 3>::capacity() == 3);
  EXPECT_TRUE(c.is_empty());
  EXPECT_EQ(c.try_receive(), std::nullopt);
  for (int v : {2, 8, 4}) EXPECT_TRUE(c.try_send(v).has_value());
  EXPECT_TRUE(c.is_full());
  EXPECT_EQ(c.len(), 3u);
  auto r = c.try_send(6);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().value, 6);
  EXPECT_EQ(c.try_receive(), std::optional<int>(8));
  EXPECT_FALSE(c.is_full());
  c.try_send(r.error().value).unwrap();
  EXPECT_EQ(c.try_receive(), std::optional<int>(6));
  EXPECT_EQ(c.len(), 2u);
  c.clear();
  EXPECT_TRUE(c.is_empty());
  EXPECT_EQ(c.try_receive(), std::nullopt);
  c.try_send(1).unwrap();
  EXPECT_EQ(c.try_receive(), std::optional<int>(1));
}

// std::greater gives the smallest first; equal priorities come out in send order, also after
// many pushes and pops (the sequence numbers survive the heap's reshuffling).
TEST_F(PriorityChannelTest, ComparatorAndStableEqualPriorities) {
  mote::PriorityChannel<int, 4, std::greater<int>> mn;
  for (int v : {3, 1, 4, 2}) mn.try_send(v).unwrap();
  for (int want : {1, 2, 3, 4}) EXPECT_EQ(mn.try_receive(), std::optional<int>(want));

  mote::PriorityChannel<Job, 8, ByPrio> c;
  std::vector<int> ids;
  int next_id = 0;
  for (int round = 0; round < 200; ++round) {  // keep it part full while ids grow
    while (!c.is_full()) c.try_send(Job{(next_id * 7) % 3, next_id}).unwrap(), ++next_id;
    for (int k = 0; k < 5; ++k) {
      Job j = *c.try_receive();
      ids.push_back(j.prio * 1000000 + j.id);
    }
  }
  // Among equal priorities, ids (send order) only ever increase.
  std::array<int, 3> last_id{-1, -1, -1};
  std::size_t fifo_violations = 0;
  for (int x : ids) {
    const int prio = x / 1000000, id = x % 1000000;
    if (id < last_id[prio]) ++fifo_violations;
    last_id[prio] = id;
  }
  EXPECT_EQ(fifo_violations, 0u);
  c.clear();

  // Custom comparator object passed to the constructor.
  struct ByAbs {
    bool operator()(int a, int b) const { return (a < 0 ? -a : a) < (b < 0 ? -b : b); }
  };
  mote::PriorityChannel<int, 3, ByAbs> ab{ByAbs{}};
  for (int v : {-5, 2, 4}) ab.try_send(v).unwrap();
  EXPECT_EQ(ab.try_receive(), std::optional<int>(-5));
}

// Receivers waiting on an empty channel get values in the order they started waiting.
TEST_F(PriorityChannelTest, WaitingReceiversServedFifo) {
  for (int id : {0, 1, 2}) ex.spawner().must_spawn(order_receiver(id));
  ex.spawner().must_spawn(order_burst());
  ex.run();
  EXPECT_EQ(receiver_got, (std::array<int, 3>{10, 30, 20}));
}

// Senders waiting on a full channel get their values in, in the order they started waiting.
TEST_F(PriorityChannelTest, WaitingSendersServedFifo) {
  order_ch.try_send(100).unwrap();
  for (int v : {0, 1, 2}) ex.spawner().must_spawn(order_sender(v));
  ex.spawner().must_spawn(order_drain());
  ex.run();
  EXPECT_EQ(sender_order, (std::vector<int>{100, 0, 1, 2}));
}

// 50 receivers waiting at once are served in the order they started waiting.
TEST_F(PriorityChannelTest, ManyWaitingReceiversFifo) {
  for (int id = 0; id < kMany; ++id) ex.spawner().must_spawn(many_receiver(id));
  ex.spawner().must_spawn(many_sender());
  ex.run();
  ASSERT_EQ(many_order.size(), std::size_t{kMany});
  for (int i = 0; i < kMany; ++i) EXPECT_EQ(many_order[i], i);
}

// A receiver woken for a value but cancelled before it ran passes the wake-up on; the value
// is not lost.
TEST_F(PriorityChannelTest, WokenThenCancelledReceiverPassesWakeUpOn) {
  ex.spawner().must_spawn(pass_first());
  ex.spawner().must_spawn(pass_second());
  ex.spawner().must_spawn(pass_driver());
  ex.run();
  EXPECT_EQ(pass.first_index, 0u);
  EXPECT_EQ(pass.second, std::optional<int>(42));
  EXPECT_EQ(pass.second_at, 1_ms);
  EXPECT_TRUE(pass_ch.is_empty());
}

// A sender woken for room but cancelled before it ran passes the wake-up to the next sender.
TEST_F(PriorityChannelTest, WokenThenCancelledSenderPassesWakeUpOn) {
  pass_ch.try_send(10).unwrap();
  pass_ch.try_send(11).unwrap();
  ex.spawner().must_spawn(send_first());
  ex.spawner().must_spawn(send_second());
  ex.spawner().must_spawn(send_driver());
  ex.run();
  EXPECT_EQ(pass.first_index, 0u);
  EXPECT_EQ(pass.sender_done_at, 1_ms);
  EXPECT_EQ(pass_ch.try_receive(), std::optional<int>(10));
  EXPECT_EQ(pass_ch.try_receive(), std::optional<int>(2));  // 1 was never sent
  EXPECT_EQ(pass_ch.try_receive(), std::nullopt);
}

// A receive and a send cancelled while waiting (timeouts) leave no waiter behind.
TEST_F(PriorityChannelTest, CancelledWaitersLeaveNothingBehind) {
  ex.spawner().must_spawn(timeout_receive());
  ex.run();
  EXPECT_TRUE(pass.recv_timed_out);
  pass_ch.try_send(1).unwrap();  // would have gone to a leftover receiver
  EXPECT_EQ(pass_ch.len(), 1u);
  pass_ch.try_send(2).unwrap();
  ex.spawner().must_spawn(timeout_send());
  ex.run();
  EXPECT_TRUE(pass.send_timed_out);
  EXPECT_EQ(pass_ch.try_receive(), std::optional<int>(2));
  EXPECT_EQ(pass_ch.try_receive(), std::optional<int>(1));
  EXPECT_EQ(pass_ch.try_receive(), std::nullopt);  // 99 was dropped
}

// The NoopRawMutex variant with a custom comparator, through waiting sends.
TEST_F(PriorityChannelTest, NoopRawMutexCustomCompare) {
  ex.spawner().must_spawn(job_sender());
  ex.spawner().must_spawn(job_receiver());
  ex.run();
  // Capacity 2: at 1 ms {0:p1, 1:p3} queued and the sender waits with 2:p2. Taking 1 makes room,
  // and the waiting sender's value goes in at once (the sender awaits its send itself), so 2:p2
  // is in the channel before the receiver looks again and outranks 0:p1. Then the receiver
  // empties the channel and waits; the sender sends 3:p3 (straight to the waiting receiver) and
  // 4:p1, and waits with 5:p2, which goes in when 3 is taken, ahead of 4:p1.
  EXPECT_EQ(job_ids, (std::vector<int>{1, 2, 0, 3, 5, 4}));
}

// Move-only values; a failed try_send keeps the value; leftovers are freed by the destructor.
TEST_F(PriorityChannelTest, MoveOnlyValues) {
  struct PtrLess {
    bool operator()(const std::unique_ptr<int>& a, const std::unique_ptr<int>& b) const { return *a < *b; }
  };
  mote::PriorityChannel<std::unique_ptr<int>, 2, PtrLess> c;
  c.try_send(std::make_unique<int>(1)).unwrap();
  c.try_send(std::make_unique<int>(5)).unwrap();
  auto p = std::make_unique<int>(3);
  const int* raw = p.get();
  auto r = c.try_send(std::move(p));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().value.get(), raw);
  auto top = c.try_receive();
  ASSERT_TRUE(top.has_value());
  EXPECT_EQ(**top, 5);
  c.try_send(std::move(r).error().value).unwrap();  // left in the channel
}

// ---- cross-thread (real clock): threads stand in for interrupts ------------------------------

namespace {

constexpr std::uint32_t kThreads = 3, kPerThread = 15000, kStop = UINT32_MAX;
struct Msg {
  std::uint32_t v;
  std::uint8_t prio;
};
struct MsgLess {
  bool operator()(const Msg& a, const Msg& b) const { return a.prio < b.prio; }
};
mote::PriorityChannel<Msg, 16, MsgLess> x_ch;
std::vector<std::uint32_t> x_got;

MOTE_TASK(x_consumer, 2) {
  for (;;) {
    const Msg m = co_await x_ch.receive();
    if (m.v == kStop) co_return;
    x_got.push_back(m.v);
  }
}

}  // namespace

// Three threads try_send (retrying when full) at mixed priorities to two consumer tasks:
// every message arrives exactly once, and each thread's messages of one priority keep their
// order (equal priorities are FIFO).
TEST(PriorityChannelCrossThread, ThreadsSendTasksReceive) {
  mote::host::use_virtual_time(false);
  mote::Executor ex;
  x_got.reserve(kThreads * kPerThread);
  ex.spawner().must_spawn(x_consumer());
  ex.spawner().must_spawn(x_consumer());
  std::vector<std::thread> threads;
  for (std::uint32_t t = 0; t < kThreads; ++t) {
    threads.emplace_back([t] {
      for (std::uint32_t i = 0; i < kPerThread; ++i) {
        const Msg m{(t << 24) | i, static_cast<std::uint8_t>(i % 2)};
        while (!x_ch.try_send(m).has_value()) std::this_thread::yield();
      }
    });
  }
  std::thread closer([&] {
    for (auto& th : threads) th.join();
    for (int k = 0; k < 2; ++k) {
      while (!x_ch.try_send(Msg{kStop, 0}).has_value()) std::this_thread::yield();
    }
  });
  ex.run();
  closer.join();
  ASSERT_EQ(x_got.size(), std::size_t{kThreads * kPerThread});
  std::array<std::array<std::int64_t, 2>, kThreads> last{};
  for (auto& l : last) l = {-1, -1};
  std::vector<bool> seen(kThreads * kPerThread, false);
  std::size_t bad = 0;
  for (std::uint32_t v : x_got) {
    const std::uint32_t t = v >> 24, i = v & 0xFFFFFF;
    if (t >= kThreads || i >= kPerThread || seen[t * kPerThread + i]) {
      ++bad;
      continue;
    }
    seen[t * kPerThread + i] = true;
    if (static_cast<std::int64_t>(i) < last[t][i % 2]) ++bad;
    last[t][i % 2] = i;
  }
  EXPECT_EQ(bad, 0u);
  EXPECT_TRUE(x_ch.is_empty());
}
