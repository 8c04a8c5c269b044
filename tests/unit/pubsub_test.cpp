// Tests of mote/sync/pubsub.hpp: a broadcast channel where every subscriber sees every message
// and a slow subscriber gets Lagged{n} instead of blocking immediate publishers.
#include <array>
#include <atomic>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "test_support.hpp"

using namespace mote::literals;
using mote::Duration;
using mote::Instant;
using mote::Lagged;

namespace {

Instant t0;
Duration since_start() { return Instant::now() - t0; }

// ---- every subscriber sees every message; the publisher waits for the slowest -------------

using Bus = mote::PubSubChannel<int, 2, 4, 3>;
Bus bus;
std::array<std::optional<Bus::Subscriber>, 4> bus_subs;
std::array<std::vector<int>, 4> bus_got;
std::vector<Duration> bus_published_at;

MOTE_TASK(bus_reader, 4, int id, Duration delay) {
  auto& sub = *bus_subs[id];
  for (int i = 0; i < 6; ++i) {
    co_await mote::Timer::after(delay);
    auto r = co_await sub.receive();
    bus_got[id].push_back(r ? *r : -1000 - static_cast<int>(r.error().missed));
  }
}
MOTE_TASK(bus_writer, 1) {
  auto pub = bus.publisher().unwrap();
  for (int i = 1; i <= 6; ++i) {
    co_await pub.publish(i);  // waits while the slowest reader is 2 behind
    bus_published_at.push_back(since_start());
  }
}

// ---- Lagged after publish_immediate; receive_message skips it -------------------------------

using Lossy = mote::PubSubChannel<int, 3, 2, 1>;
Lossy lossy;
std::optional<Lossy::Subscriber> lossy_sub;
std::vector<int> lossy_got;

MOTE_TASK(lossy_reader, 1) {
  for (int i = 0; i < 3; ++i) lossy_got.push_back(co_await lossy_sub->receive_message());
}

struct {
  std::optional<Lagged> lag;
  std::optional<int> first;
  std::size_t select_index = 99;
  std::optional<int> after_cancel;
} lag_task;
mote::Signal<int> lag_stop;

MOTE_TASK(lag_reader, 1) {
  auto r = co_await lossy_sub->receive();  // 1 and 2 were dropped
  if (!r) lag_task.lag = r.error();
  auto m = co_await lossy_sub->receive();
  if (m) lag_task.first = *m;
  for (int i = 0; i < 2; ++i) (void)co_await lossy_sub->receive();  // 4, 5: nothing new after
  // Woken for a message, but cancelled by the select's other branch in the same batch: the
  // message stays for this subscriber's next receive.
  auto w = co_await mote::select(lag_stop.wait(), lossy_sub->receive());
  lag_task.select_index = w.index();
  auto n = co_await lossy_sub->receive();
  if (n) lag_task.after_cancel = *n;
}
MOTE_TASK(lag_driver, 1) {
  co_await mote::Timer::after(1_ms);
  lossy.publish_immediate(6);
  lag_stop.signal(1);
}

// ---- waiting publishers are served FIFO; cancellation ---------------------------------------

using Narrow = mote::PubSubChannel<int, 1, 2, 4>;
Narrow narrow;
std::optional<Narrow::Subscriber> narrow_sub;
std::vector<int> narrow_got;

MOTE_TASK(narrow_publisher, 3, int value) {
  auto pub = narrow.publisher().unwrap();
  co_await pub.publish(value);
}
MOTE_TASK(narrow_drain, 1, int n) {
  co_await mote::Timer::after(1_ms);
  for (int i = 0; i < n; ++i) narrow_got.push_back((co_await narrow_sub->receive()).unwrap());
}

struct {
  bool recv_timed_out = false, pub_timed_out = false;
  std::optional<int> after;
} cancelled;

MOTE_TASK(cancel_receive, 1) {
  auto r = co_await mote::with_timeout(5_ms, narrow_sub->receive());
  cancelled.recv_timed_out = !r.has_value();
}
MOTE_TASK(cancel_publish, 1) {
  auto pub = narrow.publisher().unwrap();
  auto r = co_await mote::with_timeout(5_ms, pub.publish(99));
  cancelled.pub_timed_out = !r.has_value();
}

// A publisher woken for a free slot but cancelled before it ran passes the wake-up on.
mote::Signal<int> pass_stop;
struct {
  std::size_t first_index = 99;
  bool second_done = false;
  Duration second_at;
  std::vector<int> got;
} pass;

MOTE_TASK(pass_first, 1) {
  auto pub = narrow.publisher().unwrap();
  auto r = co_await mote::select(pass_stop.wait(), pub.publish(1));
  pass.first_index = r.index();
}
MOTE_TASK(pass_second, 1) {
  co_await mote::Timer::after(1_us);  // queues behind pass_first
  auto pub = narrow.publisher().unwrap();
  auto r = co_await mote::with_timeout(100_ms, pub.publish(2));
  pass.second_done = r.has_value();
  pass.second_at = since_start();
}
MOTE_TASK(pass_driver, 1) {
  co_await mote::Timer::after(1_ms);
  pass.got.push_back(narrow_sub->try_receive()->unwrap());  // frees the slot: wakes pass_first
  pass_stop.signal(1);                                       // which its select then drops
}

// ---- a leaving subscriber releases what it had not read -------------------------------------

struct {
  Duration published_at;
  bool dropped_done = false;
} leave;

MOTE_TASK(leave_publisher, 1) {
  auto pub = narrow.publisher().unwrap();
  co_await pub.publish(2);  // narrow holds 1, unread by narrow_sub
  leave.published_at = since_start();
}
MOTE_TASK(leave_dropper, 1) {
  co_await mote::Timer::after(3_ms);
  narrow_sub.reset();
}

Duration cleared_at;
MOTE_TASK(clear_later, 1) {
  co_await mote::Timer::after(2_ms);
  narrow.clear();
  cleared_at = since_start();
}

// ---- many subscribers waiting at once --------------------------------------------------------

constexpr int kMany = 32;
using Wide = mote::PubSubChannel<int, 4, kMany, 1>;
Wide wide;
std::array<std::optional<Wide::Subscriber>, kMany> wide_subs;
std::array<int, kMany> wide_sum{};

MOTE_TASK(wide_reader, kMany, int id) {
  for (int i = 0; i < 10; ++i) wide_sum[id] += (co_await wide_subs[id]->receive()).unwrap();
}
MOTE_TASK(wide_writer, 1) {
  auto pub = wide.publisher().unwrap();
  co_await mote::Timer::after(1_ms);
  for (int i = 1; i <= 10; ++i) co_await pub.publish(i);
}

// ---- NoopRawMutex ----------------------------------------------------------------------------

using Local = mote::PubSubChannel<std::string, 2, 2, 1, mote::NoopRawMutex>;
Local local;
std::optional<Local::Subscriber> local_sub;
std::vector<std::string> local_got;

MOTE_TASK(local_writer, 1) {
  auto pub = local.publisher().unwrap();
  for (int i = 0; i < 5; ++i) co_await pub.publish(std::string(40, static_cast<char>('a' + i)));
}
MOTE_TASK(local_reader, 1) {
  for (int i = 0; i < 5; ++i) {
    co_await mote::Timer::after(1_ms);
    local_got.push_back((co_await local_sub->receive()).unwrap());
  }
}

void reset_state() {
  bus_subs = {};
  for (auto& g : bus_got) g.clear();
  bus_published_at.clear();
  lossy_sub.reset();
  lossy_got.clear();
  narrow_sub.reset();
  narrow_got.clear();
  cancelled = {};
  pass = {};
  leave = {};
  wide_subs = {};
  wide_sum = {};
  local_sub.reset();
  local_got.clear();
}

}  // namespace

class PubSubTest : public mote_test::VirtualTime {
 protected:
  void SetUp() override {
    VirtualTime::SetUp();
    t0 = Instant::now();
    reset_state();
  }
  void TearDown() override {
    reset_state();  // subscribers leave before the next test
    EXPECT_EQ(bus.subscriber_count(), 0u);
    EXPECT_EQ(bus.publisher_count(), 0u);
    EXPECT_TRUE(bus.is_empty());
    EXPECT_TRUE(narrow.is_empty());
    EXPECT_EQ(narrow.publisher_count(), 0u);
    EXPECT_TRUE(wide.is_empty());
    EXPECT_TRUE(local.is_empty());
    VirtualTime::TearDown();
  }
  mote::Executor ex;
};

// Four subscribers of different speeds each get all six messages in order; the waiting
// publisher advances at the pace of the slowest (capacity 2), and nobody lags.
TEST_F(PubSubTest, EverySubscriberSeesEveryMessage) {
  for (int id = 0; id < 4; ++id) bus_subs[id].emplace(bus.subscriber().unwrap());
  for (int id = 0; id < 4; ++id) ex.spawner().must_spawn(bus_reader(id, Duration::from_millis(id)));
  ex.spawner().must_spawn(bus_writer());
  ex.run();
  for (int id = 0; id < 4; ++id) EXPECT_EQ(bus_got[id], (std::vector<int>{1, 2, 3, 4, 5, 6})) << "subscriber " << id;
  // The slowest reader (3 ms per message) takes message k at 3k ms, freeing a slot.
  EXPECT_EQ(bus_published_at, (std::vector<Duration>{0_ms, 0_ms, 3_ms, 6_ms, 9_ms, 12_ms}));
}

// Handles are limited to Subs / Pubs; releasing one (destroying or moving into) frees it.
TEST_F(PubSubTest, HandleLimits) {
  mote::PubSubChannel<int, 2, 2, 1> c;
  auto s1 = c.subscriber();
  auto s2 = c.subscriber();
  ASSERT_TRUE(s1.has_value());
  ASSERT_TRUE(s2.has_value());
  auto s3 = c.subscriber();
  ASSERT_FALSE(s3.has_value());
  EXPECT_EQ(s3.error(), mote::PubSubError::MaximumSubscribersReached);
  EXPECT_STREQ(error_message(s3.error()), "maximum number of subscribers reached");
  EXPECT_EQ(c.subscriber_count(), 2u);

  auto p1 = c.publisher();
  ASSERT_TRUE(p1.has_value());
  auto p2 = c.publisher();
  ASSERT_FALSE(p2.has_value());
  EXPECT_EQ(p2.error(), mote::PubSubError::MaximumPublishersReached);
  EXPECT_STREQ(error_message(p2.error()), "maximum number of publishers reached");
  EXPECT_EQ(c.publisher_count(), 1u);

  {
    auto moved = std::move(*p1);  // the moved-from handle no longer counts
    EXPECT_EQ(c.publisher_count(), 1u);
    moved.try_publish(5).unwrap();
  }
  EXPECT_EQ(c.publisher_count(), 0u);
  EXPECT_TRUE(c.publisher().has_value());  // a temporary: released at once
  EXPECT_EQ(c.publisher_count(), 0u);

  {
    auto moved = std::move(*s1);
    EXPECT_EQ(c.subscriber_count(), 2u);
    EXPECT_EQ(moved.try_receive()->unwrap(), 5);
  }
  EXPECT_EQ(c.subscriber_count(), 1u);
  *s2 = c.subscriber().unwrap();  // move-assign: the old subscription is released
  EXPECT_EQ(c.subscriber_count(), 1u);
  EXPECT_TRUE(c.is_empty());  // s2's unread 5 was released with it
}

// try_publish fills exactly the capacity and hands the value back when full; len, is_full,
// free_capacity track it; a message is held until every subscriber has read it.
TEST_F(PubSubTest, CapacityAndTryPublish) {
  mote::PubSubChannel<std::string, 3, 2, 1> c;
  static_assert(decltype(c)::capacity() == 3);
  auto a = c.subscriber().unwrap();
  auto b = c.subscriber().unwrap();
  EXPECT_TRUE(c.is_empty());
  EXPECT_EQ(c.free_capacity(), 3u);
  for (const char* s : {"x", "y", "z"}) c.try_publish(s).unwrap();
  EXPECT_TRUE(c.is_full());
  EXPECT_EQ(c.len(), 3u);
  EXPECT_EQ(c.free_capacity(), 0u);
  auto r = c.try_publish("w");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().value, "w");
  EXPECT_EQ(a.available(), 3u);

  EXPECT_EQ(a.try_receive()->unwrap(), "x");
  EXPECT_EQ(c.len(), 3u);  // b has not read it yet
  EXPECT_EQ(b.try_receive()->unwrap(), "x");
  EXPECT_EQ(c.len(), 2u);
  EXPECT_EQ(a.available(), 2u);
  c.try_publish(std::move(r).error().value).unwrap();
  for (const char* s : {"y", "z", "w"}) {
    EXPECT_EQ(a.try_receive()->unwrap(), s);
    EXPECT_EQ(b.try_receive()->unwrap(), s);
  }
  EXPECT_EQ(a.try_receive(), std::nullopt);
  EXPECT_EQ(a.available(), 0u);
  EXPECT_TRUE(c.is_empty());
  c.try_publish("left").unwrap();  // left for the destructors: ASan checks nothing leaks
}

// With no subscriber a published message is dropped (nobody could read it); a new subscriber
// sees only what is published after it subscribed.
TEST_F(PubSubTest, NoSubscriberDropsAndLateSubscriberSeesOnlyNew) {
  mote::PubSubChannel<int, 2, 2, 1> c;
  c.try_publish(1).unwrap();
  c.publish_immediate(2);
  EXPECT_TRUE(c.is_empty());
  auto early = c.subscriber().unwrap();
  c.try_publish(3).unwrap();
  auto late = c.subscriber().unwrap();
  c.try_publish(4).unwrap();
  EXPECT_EQ(early.try_receive()->unwrap(), 3);
  EXPECT_EQ(early.try_receive()->unwrap(), 4);
  EXPECT_EQ(late.try_receive()->unwrap(), 4);
  EXPECT_EQ(late.try_receive(), std::nullopt);
  EXPECT_TRUE(c.is_empty());
}

// publish_immediate on a full channel drops the oldest message; the subscriber that had not
// read it gets Lagged{n} once, then the oldest message still held. A subscriber that kept up
// does not lag.
TEST_F(PubSubTest, PublishImmediateLagged) {
  mote::PubSubChannel<int, 2, 2, 1> c;
  auto slow = c.subscriber().unwrap();
  auto fast = c.subscriber().unwrap();
  for (int i = 1; i <= 5; ++i) {
    c.publish_immediate(i);
    EXPECT_EQ(fast.try_receive()->unwrap(), i);
  }
  EXPECT_EQ(c.len(), 2u);
  EXPECT_EQ(slow.available(), 5u);
  auto r = slow.try_receive();
  ASSERT_TRUE(r.has_value());
  ASSERT_FALSE(r->has_value());
  EXPECT_EQ(r->error(), (Lagged{3}));
  EXPECT_STREQ(error_message(r->error()), "subscriber lagged: messages were missed");
  EXPECT_EQ(slow.available(), 2u);
  EXPECT_EQ(slow.try_receive()->unwrap(), 4);
  EXPECT_EQ(slow.try_receive()->unwrap(), 5);
  EXPECT_EQ(slow.try_receive(), std::nullopt);
  EXPECT_TRUE(c.is_empty());

  // Through a Publisher handle as well, and with receive() in a task.
  auto pub = c.publisher().unwrap();
  for (int i = 6; i <= 8; ++i) pub.publish_immediate(i);
  EXPECT_EQ(fast.try_receive()->error(), (Lagged{1}));
  EXPECT_EQ(fast.try_receive()->unwrap(), 7);
}

// receive_message skips the Lagged result and yields the next message held.
TEST_F(PubSubTest, ReceiveMessageSkipsLag) {
  lossy_sub.emplace(lossy.subscriber().unwrap());
  for (int i = 1; i <= 5; ++i) lossy.publish_immediate(i);  // 1 and 2 dropped
  ex.spawner().must_spawn(lossy_reader());
  ex.run();
  EXPECT_EQ(lossy_got, (std::vector<int>{3, 4, 5}));
}

// An awaited receive yields Lagged{n} first, then messages; a subscriber's receive woken and
// then cancelled leaves the message for its next receive.
TEST_F(PubSubTest, AwaitedReceiveLaggedAndCancelledReceiveKeepsMessage) {
  lossy_sub.emplace(lossy.subscriber().unwrap());
  for (int i = 1; i <= 5; ++i) lossy.publish_immediate(i);
  lag_task = {};
  ex.spawner().must_spawn(lag_reader());
  ex.spawner().must_spawn(lag_driver());
  ex.run();
  EXPECT_EQ(lag_task.lag, std::optional<Lagged>(Lagged{2}));
  EXPECT_EQ(lag_task.first, std::optional<int>(3));
  EXPECT_EQ(lag_task.select_index, 0u);
  EXPECT_EQ(lag_task.after_cancel, std::optional<int>(6));
  EXPECT_EQ(lossy_sub->available(), 0u);
  EXPECT_TRUE(lossy.is_empty());
  lag_stop.reset();
}

// Publishers waiting on a full channel get their messages in, in the order they started waiting.
TEST_F(PubSubTest, WaitingPublishersServedFifo) {
  narrow_sub.emplace(narrow.subscriber().unwrap());
  narrow.try_publish(100).unwrap();
  for (int v : {0, 1, 2}) ex.spawner().must_spawn(narrow_publisher(v));
  ex.spawner().must_spawn(narrow_drain(4));
  ex.run();
  EXPECT_EQ(narrow_got, (std::vector<int>{100, 0, 1, 2}));
}

// A receive and a publish cancelled while waiting (timeouts) leave no waiter behind: later
// messages go to the subscriber as usual, and the cancelled publish's value is dropped.
TEST_F(PubSubTest, CancelledWaitersLeaveNothingBehind) {
  narrow_sub.emplace(narrow.subscriber().unwrap());
  ex.spawner().must_spawn(cancel_receive());
  ex.run();
  EXPECT_TRUE(cancelled.recv_timed_out);
  narrow.try_publish(7).unwrap();
  ex.spawner().must_spawn(cancel_publish());  // waits on the full channel, times out
  ex.run();
  EXPECT_TRUE(cancelled.pub_timed_out);
  EXPECT_EQ(narrow.publisher_count(), 0u);
  EXPECT_EQ(narrow_sub->try_receive()->unwrap(), 7);
  EXPECT_EQ(narrow_sub->try_receive(), std::nullopt);  // 99 was never published
  ex.spawner().must_spawn(narrow_publisher(8));
  ex.spawner().must_spawn(narrow_drain(1));
  ex.run();
  EXPECT_EQ(narrow_got, (std::vector<int>{8}));
}

// A publisher woken for a free slot whose select is won by another branch in the same batch
// passes the wake-up to the next waiting publisher.
TEST_F(PubSubTest, WokenThenCancelledPublisherPassesWakeUpOn) {
  narrow_sub.emplace(narrow.subscriber().unwrap());
  narrow.try_publish(0).unwrap();
  ex.spawner().must_spawn(pass_first());
  ex.spawner().must_spawn(pass_second());
  ex.spawner().must_spawn(pass_driver());
  ex.run();
  EXPECT_EQ(pass.first_index, 0u);
  EXPECT_TRUE(pass.second_done);
  EXPECT_EQ(pass.second_at, 1_ms);
  EXPECT_EQ(pass.got, (std::vector<int>{0}));
  EXPECT_EQ(narrow_sub->try_receive()->unwrap(), 2);
}

// A subscriber that leaves releases the messages it had not read, waking a waiting publisher.
TEST_F(PubSubTest, LeavingSubscriberReleasesUnread) {
  narrow_sub.emplace(narrow.subscriber().unwrap());
  narrow.try_publish(1).unwrap();
  ex.spawner().must_spawn(leave_publisher());
  ex.spawner().must_spawn(leave_dropper());
  ex.run();
  EXPECT_EQ(leave.published_at, 3_ms);  // with no subscriber left, 2 was dropped
  EXPECT_TRUE(narrow.is_empty());
}

// clear drops held messages and wakes a waiting publisher; the subscriber lags past them.
TEST_F(PubSubTest, ClearWakesPublisherAndLags) {
  narrow_sub.emplace(narrow.subscriber().unwrap());
  narrow.try_publish(1).unwrap();
  ex.spawner().must_spawn(narrow_publisher(2));
  ex.spawner().must_spawn(clear_later());
  ex.run();
  EXPECT_EQ(cleared_at, 2_ms);
  EXPECT_EQ(narrow.len(), 1u);
  EXPECT_EQ(narrow_sub->available(), 2u);
  EXPECT_EQ(narrow_sub->try_receive()->error(), (Lagged{1}));
  EXPECT_EQ(narrow_sub->try_receive()->unwrap(), 2);
}

// 32 subscriber tasks wait at once; each message wakes all of them and each gets every one.
TEST_F(PubSubTest, ManyWaitingSubscribers) {
  for (int id = 0; id < kMany; ++id) wide_subs[id].emplace(wide.subscriber().unwrap());
  EXPECT_FALSE(wide.subscriber().has_value());
  for (int id = 0; id < kMany; ++id) ex.spawner().must_spawn(wide_reader(id));
  ex.spawner().must_spawn(wide_writer());
  ex.run();
  for (int id = 0; id < kMany; ++id) EXPECT_EQ(wide_sum[id], 55) << "subscriber " << id;
}

// The NoopRawMutex variant behaves the same within one executor (non-trivial messages).
TEST_F(PubSubTest, NoopRawMutexVariant) {
  local_sub.emplace(local.subscriber().unwrap());
  ex.spawner().must_spawn(local_writer());
  ex.spawner().must_spawn(local_reader());
  ex.run();
  ASSERT_EQ(local_got.size(), 5u);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(local_got[i], std::string(40, static_cast<char>('a' + i)));
}

// ---- cross-thread (real clock): threads stand in for interrupts ------------------------------

namespace {

constexpr std::uint32_t kThreads = 2, kPerThread = 20000, kStop = UINT32_MAX;
using XBus = mote::PubSubChannel<std::uint32_t, 16, 3, 1>;
XBus xbus;
std::array<std::optional<XBus::Subscriber>, 2> xsubs;
std::array<std::vector<std::uint32_t>, 2> xgot;
std::array<int, 2> xstops{};

MOTE_TASK(x_reader, 2, int id) {
  for (;;) {
    const std::uint32_t v = (co_await xsubs[id]->receive()).unwrap();  // try_publish never drops
    if (v == kStop && ++xstops[id] == static_cast<int>(kThreads)) co_return;
    if (v != kStop) xgot[id].push_back(v);
  }
}

// A task publishing with the waiting publish; a thread reading with try_receive.
std::optional<XBus::Subscriber> xthread_sub;
MOTE_TASK(x_writer, 1) {
  auto pub = xbus.publisher().unwrap();
  for (std::uint32_t i = 0; i < kPerThread; ++i) co_await pub.publish(i);
}

}  // namespace

class PubSubCrossThread : public ::testing::Test {
 protected:
  void SetUp() override { mote::host::use_virtual_time(false); }
  void TearDown() override {
    xsubs = {};
    xthread_sub.reset();
    for (auto& g : xgot) g.clear();
    xstops = {};
  }
  mote::Executor ex;
};

// Two threads try_publish (retrying when full) to two subscriber tasks: each subscriber gets
// every message exactly once, in each thread's order.
TEST_F(PubSubCrossThread, ThreadsPublishTasksSubscribe) {
  for (int id = 0; id < 2; ++id) xsubs[id].emplace(xbus.subscriber().unwrap());
  for (int id = 0; id < 2; ++id) ex.spawner().must_spawn(x_reader(id));
  std::vector<std::thread> threads;
  for (std::uint32_t t = 0; t < kThreads; ++t) {
    threads.emplace_back([t] {
      auto send = [](std::uint32_t v) {
        while (!xbus.try_publish(v).has_value()) std::this_thread::yield();
      };
      for (std::uint32_t i = 0; i < kPerThread; ++i) send((t << 24) | i);
      send(kStop);
    });
  }
  ex.run();
  for (auto& t : threads) t.join();
  for (int id = 0; id < 2; ++id) {
    std::array<std::uint32_t, kThreads> next{};
    std::size_t bad = 0;
    for (std::uint32_t v : xgot[id]) {
      const std::uint32_t p = v >> 24, seq = v & 0xFFFFFF;
      if (p >= kThreads || seq != next[p]++) ++bad;
    }
    EXPECT_EQ(xgot[id].size(), std::size_t{kThreads * kPerThread});
    EXPECT_EQ(bad, 0u);
  }
  EXPECT_TRUE(xbus.is_empty());
}

// A task's waiting publish is woken by a thread reading with try_receive (the ISR-safe side).
TEST_F(PubSubCrossThread, ThreadSubscriberWakesWaitingPublisher) {
  xthread_sub.emplace(xbus.subscriber().unwrap());
  ex.spawner().must_spawn(x_writer());
  std::vector<std::uint32_t> got;
  got.reserve(kPerThread);
  std::thread reader([&] {
    while (got.size() < kPerThread) {
      auto m = xthread_sub->try_receive();
      if (m) {
        got.push_back(m->unwrap());
      } else {
        std::this_thread::yield();
      }
    }
  });
  ex.run();
  reader.join();
  ASSERT_EQ(got.size(), std::size_t{kPerThread});
  for (std::uint32_t i = 0; i < kPerThread; ++i) ASSERT_EQ(got[i], i);
}

// Threads publish_immediate while a task reads: it sees Lagged or messages, never a message
// twice or out of order, and the missed counts plus messages add up to everything published.
TEST_F(PubSubCrossThread, PublishImmediateFromThreadLagAccounting) {
  xsubs[0].emplace(xbus.subscriber().unwrap());
  std::atomic<bool> done{false};
  std::uint64_t seen = 0, missed = 0;
  std::uint32_t last = 0;
  bool ordered = true;
  std::thread producer([&] {
    for (std::uint32_t i = 1; i <= kPerThread; ++i) xbus.publish_immediate(i);
    done = true;
  });
  // The reader is this thread, polling with try_receive (an "interrupt" consumer as well).
  for (;;) {
    const bool finished = done.load();
    auto m = xsubs[0]->try_receive();
    if (!m) {
      if (finished) break;
      std::this_thread::yield();
      continue;
    }
    if (m->has_value()) {
      ordered = ordered && **m > last;
      last = **m;
      ++seen;
    } else {
      missed += m->error().missed;
    }
  }
  producer.join();
  EXPECT_TRUE(ordered);
  EXPECT_EQ(last, kPerThread);
  EXPECT_EQ(seen + missed, std::uint64_t{kPerThread});
}
