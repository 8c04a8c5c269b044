// Tests of mote/sync/zero_copy_channel.hpp: slots borrowed, filled in place and committed;
// received in place and released; one borrow per side at a time, FIFO waiters.
#include <array>
#include <cstdint>
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

struct Frame {
  std::array<std::uint8_t, 32> bytes{};
  std::size_t len = 0;
};

// ---- fill in place, receive in place; the sender waits while full ------------------------

mote::ZeroCopyChannel<Frame, 2> frames;
std::vector<int> frames_got;
std::vector<Duration> frames_sent_at;
std::vector<const Frame*> frames_addr;

MOTE_TASK(frame_sender, 1) {
  for (int i = 1; i <= 5; ++i) {
    auto slot = co_await frames.send();  // waits while both slots are filled
    slot->bytes[0] = static_cast<std::uint8_t>(i);
    slot->len = 1;
    frames_addr.push_back(&*slot);
    slot.commit();
    frames_sent_at.push_back(since_start());
  }
}
MOTE_TASK(frame_receiver, 1) {
  for (int i = 0; i < 5; ++i) {
    co_await mote::Timer::after(1_ms);
    auto in = co_await frames.receive();
    frames_got.push_back(in->len == 1 ? in->bytes[0] : -1);
  }  // each `in` is released at the end of its iteration
}

// ---- FIFO among waiting senders and receivers ---------------------------------------------

mote::ZeroCopyChannel<int, 1> one;
std::array<int, 3> recv_got{};
std::vector<int> send_order;

MOTE_TASK(one_receiver, 3, int id) {
  auto in = co_await one.receive();
  recv_got[id] = *in;
}
MOTE_TASK(one_sender, 3, int value) {
  auto s = co_await one.send();
  *s = value;
  s.commit();
}
MOTE_TASK(one_burst, 1) {
  co_await mote::Timer::after(1_ms);
  for (int v : {10, 20, 30}) {
    auto s = one.try_send();
    **s = v;
    s->commit();
    co_await mote::yield_now();
  }
}
MOTE_TASK(one_drain, 1, int n) {
  co_await mote::Timer::after(1_ms);
  for (int i = 0; i < n; ++i) {
    auto in = co_await one.receive();
    send_order.push_back(*in);
  }
}

// A second sender waits while the first holds the send slot (even with room left).
mote::ZeroCopyChannel<int, 4> wide;
struct {
  Duration second_got_slot;
  std::vector<int> got;
} exclusive;

MOTE_TASK(slow_filler, 1) {
  auto s = co_await wide.send();
  co_await mote::Timer::after(3_ms);  // holds the slot while "filling"
  *s = 1;
  s.commit();
}
MOTE_TASK(next_filler, 1) {
  co_await mote::Timer::after(1_us);
  auto s = co_await wide.send();
  exclusive.second_got_slot = since_start();
  *s = 2;
  s.commit();
}

// ---- cancellation -------------------------------------------------------------------------

mote::Signal<int> stop;
struct {
  std::size_t first_index = 99;
  std::optional<int> second;
  Duration second_at;
  bool recv_timed_out = false, send_timed_out = false;
} pass;

MOTE_TASK(pass_first, 1) {
  auto r = co_await mote::select(stop.wait(), one.receive());
  pass.first_index = r.index();
}
MOTE_TASK(pass_second, 1) {
  auto r = co_await mote::with_timeout(100_ms, one.receive());
  if (r) pass.second = **r;
  pass.second_at = since_start();
}
MOTE_TASK(pass_driver, 1) {
  co_await mote::Timer::after(1_ms);
  auto s = one.try_send();
  **s = 42;
  s->commit();      // wakes pass_first's receive
  stop.signal(1);   // and, in the same batch, the other branch of its select
}
MOTE_TASK(timeout_receive, 1) {
  auto r = co_await mote::with_timeout(5_ms, one.receive());
  pass.recv_timed_out = !r.has_value();
}
MOTE_TASK(timeout_send, 1) {
  auto r = co_await mote::with_timeout(5_ms, one.send());
  pass.send_timed_out = !r.has_value();
}

// ---- NoopRawMutex ---------------------------------------------------------------------------

mote::ZeroCopyChannel<int, 2, mote::NoopRawMutex> local;
std::vector<int> local_got;
MOTE_TASK(local_sender, 1) {
  for (int i = 1; i <= 6; ++i) {
    auto s = co_await local.send();
    *s = i * i;
    s.commit();
  }
}
MOTE_TASK(local_receiver, 1) {
  for (int i = 0; i < 6; ++i) {
    if (i % 2 == 0) co_await mote::Timer::after(1_ms);
    auto in = co_await local.receive();
    local_got.push_back(*in);
  }
}

void drain(mote::ZeroCopyChannel<int, 1>& c) {
  while (auto in = c.try_receive()) in->release();
}

}  // namespace

class ZeroCopyChannelTest : public mote_test::VirtualTime {
 protected:
  void SetUp() override {
    VirtualTime::SetUp();
    t0 = Instant::now();
    frames_got.clear();
    frames_sent_at.clear();
    frames_addr.clear();
    recv_got = {};
    send_order.clear();
    exclusive = {};
    pass = {};
    local_got.clear();
  }
  void TearDown() override {
    drain(one);
    stop.reset();
    EXPECT_TRUE(frames.is_empty());
    EXPECT_TRUE(local.is_empty());
    VirtualTime::TearDown();
  }
  mote::Executor ex;
};

// Frames are filled and read in place, in order; a sender waits while full; the same two
// slots are reused (no copies).
TEST_F(ZeroCopyChannelTest, FillInPlaceFifoAndWaitWhileFull) {
  ex.spawner().must_spawn(frame_sender());
  ex.spawner().must_spawn(frame_receiver());
  ex.run();
  EXPECT_EQ(frames_got, (std::vector<int>{1, 2, 3, 4, 5}));
  EXPECT_EQ(frames_sent_at, (std::vector<Duration>{0_ms, 0_ms, 1_ms, 2_ms, 3_ms}));
  ASSERT_EQ(frames_addr.size(), 5u);
  EXPECT_NE(frames_addr[0], frames_addr[1]);
  EXPECT_EQ(frames_addr[0], frames_addr[2]);
  EXPECT_EQ(frames_addr[1], frames_addr[3]);
}

// try_send / try_receive: capacity, one borrow per side, uncommitted slots are not sent,
// dropped receive slots are consumed; len / is_empty / is_full / capacity.
TEST_F(ZeroCopyChannelTest, TryOpsAndBorrowRules) {
  mote::ZeroCopyChannel<int, 2> c;
  static_assert(mote::ZeroCopyChannel<int, 2>::capacity() == 2);
  EXPECT_TRUE(c.is_empty());
  EXPECT_FALSE(c.try_receive().has_value());
  {
    auto s = c.try_send();
    ASSERT_TRUE(s.has_value());
    EXPECT_FALSE(c.try_send().has_value());  // the send slot is out
    **s = 7;
  }  // dropped uncommitted: not sent
  EXPECT_TRUE(c.is_empty());
  EXPECT_FALSE(c.try_receive().has_value());

  for (int v : {1, 2}) {
    auto s = c.try_send();
    ASSERT_TRUE(s.has_value());
    **s = v;
    auto moved = std::move(*s);  // a moved-from slot does nothing when dropped
    moved.commit();
  }
  EXPECT_TRUE(c.is_full());
  EXPECT_EQ(c.len(), 2u);
  EXPECT_FALSE(c.try_send().has_value());  // full

  auto in = c.try_receive();
  ASSERT_TRUE(in.has_value());
  EXPECT_EQ(**in, 1);
  EXPECT_FALSE(c.try_receive().has_value());  // the receive slot is out
  EXPECT_EQ(c.len(), 2u);                     // still held while borrowed
  EXPECT_FALSE(c.try_send().has_value());
  in->release();
  in->release();  // a second release does nothing
  EXPECT_EQ(c.len(), 1u);
  {
    auto s = c.try_send();  // room again: the slot 1 was in
    ASSERT_TRUE(s.has_value());
    **s = 3;
    s->commit();
  }
  {
    auto r = c.try_receive();
    EXPECT_EQ(**r, 2);
  }  // dropped: consumed
  auto r3 = c.try_receive();
  EXPECT_EQ(**r3, 3);
  auto moved = std::move(*r3);
  moved.release();
  EXPECT_TRUE(c.is_empty());
}

// Waiting receivers get committed slots in the order they started waiting.
TEST_F(ZeroCopyChannelTest, WaitingReceiversServedFifo) {
  for (int id : {0, 1, 2}) ex.spawner().must_spawn(one_receiver(id));
  ex.spawner().must_spawn(one_burst());
  ex.run();
  EXPECT_EQ(recv_got, (std::array<int, 3>{10, 20, 30}));
}

// Waiting senders get slots in the order they started waiting.
TEST_F(ZeroCopyChannelTest, WaitingSendersServedFifo) {
  auto s = one.try_send();
  **s = 100;
  s->commit();
  for (int v : {0, 1, 2}) ex.spawner().must_spawn(one_sender(v));
  ex.spawner().must_spawn(one_drain(4));
  ex.run();
  EXPECT_EQ(send_order, (std::vector<int>{100, 0, 1, 2}));
}

// Only one send slot is out at a time: a second sender waits until the first commits.
TEST_F(ZeroCopyChannelTest, OneSendSlotAtATime) {
  ex.spawner().must_spawn(slow_filler());
  ex.spawner().must_spawn(next_filler());
  ex.run();
  EXPECT_EQ(exclusive.second_got_slot, 3_ms);
  EXPECT_EQ(**wide.try_receive(), 1);
  EXPECT_EQ(**wide.try_receive(), 2);
  EXPECT_TRUE(wide.is_empty());
}

// A receiver woken for a slot but cancelled before it ran passes the wake-up on; the
// value is not lost.
TEST_F(ZeroCopyChannelTest, WokenThenCancelledReceiverPassesWakeUpOn) {
  ex.spawner().must_spawn(pass_first());
  ex.spawner().must_spawn(pass_second());
  ex.spawner().must_spawn(pass_driver());
  ex.run();
  EXPECT_EQ(pass.first_index, 0u);
  EXPECT_EQ(pass.second, std::optional<int>(42));
  EXPECT_EQ(pass.second_at, 1_ms);
  EXPECT_TRUE(one.is_empty());
}

// Waiting send and receive cancelled by timeouts leave no waiter and no borrow behind.
TEST_F(ZeroCopyChannelTest, CancelledWaitersLeaveNothingBehind) {
  ex.spawner().must_spawn(timeout_receive());
  ex.run();
  EXPECT_TRUE(pass.recv_timed_out);
  auto s = one.try_send();
  ASSERT_TRUE(s.has_value());
  **s = 5;
  s->commit();
  ex.spawner().must_spawn(timeout_send());  // full: waits, times out
  ex.run();
  EXPECT_TRUE(pass.send_timed_out);
  auto in = one.try_receive();
  ASSERT_TRUE(in.has_value());
  EXPECT_EQ(**in, 5);
  in->release();
  EXPECT_TRUE(one.try_send().has_value());  // no send slot left out
}

// A future that borrowed a slot (polled ready) but is destroyed before its result was taken
// gives the slot back: a send slot unsent, a receive slot unread.
TEST_F(ZeroCopyChannelTest, ReadyButUntakenFutureGivesSlotBack) {
  mote::ZeroCopyChannel<int, 1> c;
  {
    auto f = c.send();
    EXPECT_TRUE(f.poll(mote::Waker{}));
    EXPECT_FALSE(c.try_send().has_value());  // borrowed by f
  }
  EXPECT_TRUE(c.is_empty());
  {
    auto s = c.try_send();
    ASSERT_TRUE(s.has_value());
    **s = 9;
    s->commit();
  }
  {
    auto f = c.receive();
    EXPECT_TRUE(f.poll(mote::Waker{}));
    EXPECT_FALSE(c.try_receive().has_value());  // borrowed by f
  }
  auto in = c.try_receive();
  ASSERT_TRUE(in.has_value());
  EXPECT_EQ(**in, 9);
  // A future polled while nothing is ready, then dropped, leaves no waiter.
  in->release();
  {
    auto f = c.receive();
    EXPECT_FALSE(f.poll(mote::Waker{}));
  }
  auto s = c.try_send();
  ASSERT_TRUE(s.has_value());
}

// The NoopRawMutex variant behaves the same within one executor.
TEST_F(ZeroCopyChannelTest, NoopRawMutexVariant) {
  ex.spawner().must_spawn(local_sender());
  ex.spawner().must_spawn(local_receiver());
  ex.run();
  EXPECT_EQ(local_got, (std::vector<int>{1, 4, 9, 16, 25, 36}));
}

// ---- cross-thread (real clock): threads stand in for interrupts ------------------------------

namespace {

constexpr std::uint32_t kCount = 30000;
mote::ZeroCopyChannel<std::array<std::uint32_t, 4>, 8> xc;
std::vector<std::uint32_t> x_got;

MOTE_TASK(x_consumer, 1) {
  for (std::uint32_t i = 0; i < kCount; ++i) {
    auto in = co_await xc.receive();
    const auto& a = *in;
    x_got.push_back(a[0] == a[1] && a[1] == a[2] && a[2] == a[3] ? a[0] : UINT32_MAX);
  }
}
MOTE_TASK(x_producer, 1) {
  for (std::uint32_t i = 0; i < kCount; ++i) {
    auto s = co_await xc.send();
    *s = {i, i, i, i};
    s.commit();
  }
}

}  // namespace

class ZeroCopyCrossThread : public ::testing::Test {
 protected:
  void SetUp() override {
    mote::host::use_virtual_time(false);
    x_got.clear();
  }
  mote::Executor ex;
};

// A thread fills slots in place with try_send + commit (retrying when full) while a task
// receives: every frame arrives whole and in order.
TEST_F(ZeroCopyCrossThread, ThreadFillsTaskReceives) {
  x_got.reserve(kCount);
  ex.spawner().must_spawn(x_consumer());
  std::thread producer([] {
    for (std::uint32_t i = 0; i < kCount; ++i) {
      for (;;) {
        auto s = xc.try_send();
        if (s) {
          **s = {i, i, i, i};
          s->commit();
          break;
        }
        std::this_thread::yield();
      }
    }
  });
  ex.run();
  producer.join();
  ASSERT_EQ(x_got.size(), std::size_t{kCount});
  for (std::uint32_t i = 0; i < kCount; ++i) ASSERT_EQ(x_got[i], i);
  EXPECT_TRUE(xc.is_empty());
}

// A task sends with the waiting send while a thread receives with try_receive: the thread's
// releases wake the task.
TEST_F(ZeroCopyCrossThread, TaskFillsThreadReceives) {
  ex.spawner().must_spawn(x_producer());
  std::vector<std::uint32_t> got;
  got.reserve(kCount);
  std::thread consumer([&] {
    while (got.size() < kCount) {
      auto in = xc.try_receive();
      if (!in) {
        std::this_thread::yield();
        continue;
      }
      const auto& a = **in;
      got.push_back(a[0] == a[3] ? a[0] : UINT32_MAX);
    }
  });
  ex.run();
  consumer.join();
  ASSERT_EQ(got.size(), std::size_t{kCount});
  for (std::uint32_t i = 0; i < kCount; ++i) ASSERT_EQ(got[i], i);
}
