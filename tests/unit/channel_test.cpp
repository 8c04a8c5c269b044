// Tests of mote/sync/channel.hpp: a bounded MPMC FIFO channel with FIFO waiting queues.
#include <array>
#include <memory>
#include <optional>
#include <vector>

#include <mote/join.hpp>

#include "test_support.hpp"

using namespace mote::literals;
using mote::Duration;
using mote::Instant;

namespace {

Instant t0;
Duration since_start() { return Instant::now() - t0; }

// ---- FIFO order, waiting senders ---------------------------------------------------------

mote::Channel<int, 4> fifo_ch;
std::vector<int> fifo_got;

MOTE_TASK(fifo_sender, 1) {
  for (int i = 1; i <= 10; ++i) co_await fifo_ch.send(i);  // waits whenever 4 are queued
}
MOTE_TASK(fifo_receiver, 1) {
  for (int i = 0; i < 10; ++i) fifo_got.push_back(co_await fifo_ch.receive());
}

mote::Channel<int, 1> full_ch;
struct {
  Duration first_sent, second_sent;
  std::optional<int> len_before_receive;
  std::vector<int> got;
} full;

MOTE_TASK(full_sender, 1) {
  co_await full_ch.send(1);
  full.first_sent = since_start();
  co_await full_ch.send(2);  // the channel is full until the receiver takes 1 at 5 ms
  full.second_sent = since_start();
}
MOTE_TASK(full_receiver, 1) {
  co_await mote::Timer::after(5_ms);
  full.len_before_receive = static_cast<int>(full_ch.len());
  full.got.push_back(co_await full_ch.receive());
  full.got.push_back(co_await full_ch.receive());
}

struct {
  Duration sent_at;
  std::optional<int> left;
} cleared;

MOTE_TASK(clear_sender, 1) {
  co_await full_ch.send(2);  // waits: full_ch holds 1
  cleared.sent_at = since_start();
}
MOTE_TASK(clear_clearer, 1) {
  co_await mote::Timer::after(5_ms);
  full_ch.clear();
  co_await mote::yield_now();
  cleared.left = full_ch.try_receive();
}

// ---- waiting receivers and senders are served in FIFO order ------------------------------

mote::Channel<int, 1> order_ch;
std::array<int, 3> receiver_got{};
std::vector<int> sender_order;

MOTE_TASK(order_receiver, 3, int id) { receiver_got[id] = co_await order_ch.receive(); }
MOTE_TASK(order_burst, 1) {
  co_await mote::Timer::after(1_ms);
  for (int v : {10, 20, 30}) {
    order_ch.try_send(v).unwrap();
    co_await mote::yield_now();  // the channel holds one value at a time
  }
}
MOTE_TASK(order_sender, 3, int value) { co_await order_ch.send(value); }
MOTE_TASK(order_drain, 1) {
  co_await mote::Timer::after(1_ms);
  for (int i = 0; i < 4; ++i) sender_order.push_back(co_await order_ch.receive());
}

// ---- a woken receiver that is cancelled passes the wake-up on -----------------------------

mote::Channel<int, 2> pass_ch;
mote::Signal<int> pass_stop;
struct {
  std::size_t first_index = 99;
  std::optional<int> second;
  Duration second_at;
} pass;

MOTE_TASK(pass_first, 1) {
  // Waits first, so the value's wake-up goes to this receive; but stop wins the select.
  auto r = co_await mote::select(pass_stop.wait(), pass_ch.receive());
  pass.first_index = r.index();
}
MOTE_TASK(pass_second, 1) {
  auto r = co_await mote::with_timeout(100_ms, pass_ch.receive());  // bounded: fails instead of hanging
  if (r) pass.second = *r;
  pass.second_at = since_start();
}
MOTE_TASK(pass_driver, 1) {
  co_await mote::Timer::after(1_ms);
  pass_ch.try_send(42).unwrap();  // wakes pass_first's receive
  pass_stop.signal(1);            // and, in the same batch, the other branch of its select
}

// ---- a waiting sender served at once, or only reserved ----------------------------------

mote::Channel<int, 1> served_ch;
mote::Signal<int> served_stop;
bool served_resumed = false;
std::optional<std::size_t> served_select_index;

MOTE_TASK(served_direct_sender, 1) {
  co_await served_ch.send(2);  // awaited itself: put in by the receiver that makes room
  served_resumed = true;
}
MOTE_TASK(served_select_sender, 1) {
  // Through select: the room is only reserved, and the value goes in only if the send wins.
  auto r = co_await mote::select(served_stop.wait(), served_ch.send(2));
  served_select_index = r.index();
}

// ---- move-only values, NoopRawMutex ------------------------------------------------------

mote::Channel<std::unique_ptr<int>, 2> ptr_ch;
std::vector<int> ptr_got;

MOTE_TASK(ptr_sender, 1) {
  for (int i = 1; i <= 5; ++i) co_await ptr_ch.send(std::make_unique<int>(i));
}
MOTE_TASK(ptr_receiver, 1) {
  for (int i = 0; i < 5; ++i) {
    std::unique_ptr<int> p = co_await ptr_ch.receive();
    ptr_got.push_back(p ? *p : -1);
  }
}

mote::Channel<int, 2, mote::NoopRawMutex> noop_ch;
std::vector<int> noop_got;

MOTE_TASK(noop_sender, 1) {
  for (int i = 1; i <= 6; ++i) co_await noop_ch.send(i * i);
}
MOTE_TASK(noop_receiver, 1) {
  for (int i = 0; i < 6; ++i) {
    if (i % 2 == 0) co_await mote::Timer::after(1_ms);
    noop_got.push_back(co_await noop_ch.receive());
  }
}

// ---- sender/receiver handles, ready_to_send / ready_to_receive ----------------------------

mote::Channel<int, 2> handle_ch;
using HandleCh = mote::Channel<int, 2>;
std::vector<int> handle_got;

MOTE_TASK(handle_producer, 1, mote::Static<HandleCh::Sender> tx) {
  for (int i = 1; i <= 5; ++i) co_await tx->send(i * 10);
}
MOTE_TASK(handle_consumer, 1, mote::Static<HandleCh::Receiver> rx) {
  for (int i = 0; i < 5; ++i) handle_got.push_back(co_await rx->receive());
}

mote::Channel<int, 1> ready_ch;
struct {
  Duration ready_at, received_at;
  std::optional<std::size_t> len_when_ready;
  std::optional<int> received;
} ready;

// Waits first for a value without taking it; a plain receiver queues behind it. The one
// value's wake-up goes to the first waiter, which passes it on: both finish at 2 ms.
MOTE_TASK(ready_waiter, 1) {
  co_await ready_ch.ready_to_receive();
  ready.ready_at = since_start();
  ready.len_when_ready = ready_ch.len();
}
MOTE_TASK(ready_receiver, 1) {
  co_await mote::Timer::after(1_ms);
  ready.received = co_await ready_ch.receive();
  ready.received_at = since_start();
}
MOTE_TASK(ready_feeder, 1) {
  co_await mote::Timer::after(2_ms);
  ready_ch.try_send(7).unwrap();
}

struct {
  Duration room_at, sent_at;
  std::optional<std::size_t> len_when_room;
} room;

MOTE_TASK(room_waiter, 1) {
  co_await ready_ch.ready_to_send();  // full until 3 ms
  room.room_at = since_start();
  room.len_when_room = ready_ch.len();
}
MOTE_TASK(room_sender, 1) {
  co_await mote::Timer::after(1_ms);
  co_await ready_ch.send(2);  // queued behind room_waiter: gets the room it passes on
  room.sent_at = since_start();
}
MOTE_TASK(room_drainer, 1) {
  co_await mote::Timer::after(3_ms);
  (void)ready_ch.try_receive();
}

struct {
  std::size_t index = 99;
  std::optional<int> got;
  Duration got_at;
} ready_cancel;

// A woken ready_to_receive whose select is decided otherwise in the same batch passes the
// wake-up on, like a cancelled receive.
MOTE_TASK(ready_cancelled, 1) {
  auto r = co_await mote::select(pass_stop.wait(), ready_ch.ready_to_receive());
  ready_cancel.index = r.index();
}
MOTE_TASK(ready_after_cancel, 1) {
  auto r = co_await mote::with_timeout(100_ms, ready_ch.receive());
  if (r) ready_cancel.got = *r;
  ready_cancel.got_at = since_start();
}
MOTE_TASK(ready_cancel_driver, 1) {
  co_await mote::Timer::after(1_ms);
  ready_ch.try_send(5).unwrap();
  pass_stop.signal(1);
}

void reset_state() {
  handle_got.clear();
  ready = {};
  room = {};
  ready_cancel = {};
  fifo_got.clear();
  full = {};
  cleared = {};
  receiver_got = {};
  sender_order.clear();
  pass = {};
  ptr_got.clear();
  noop_got.clear();
  while (served_ch.try_receive()) {
  }
  served_stop.reset();
  served_resumed = false;
  served_select_index.reset();
}

}  // namespace

class ChannelTest : public mote_test::VirtualTime {
 protected:
  void SetUp() override {
    VirtualTime::SetUp();
    t0 = Instant::now();
    reset_state();
  }
  mote::Executor ex;
};

// Values come out in the order they went in, across a sender that has to wait.
TEST_F(ChannelTest, FifoOrder) {
  ex.spawner().must_spawn(fifo_sender());
  ex.spawner().must_spawn(fifo_receiver());
  ex.run();
  EXPECT_EQ(fifo_got, (std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  EXPECT_TRUE(fifo_ch.is_empty());
}

// A channel holds exactly its capacity; try_send on a full one hands the value back.
TEST_F(ChannelTest, CapacityAndTrySendOnFull) {
  mote::Channel<int, 3> c;
  static_assert(mote::Channel<int, 3>::capacity() == 3);
  for (int v : {1, 2, 3}) EXPECT_TRUE(c.try_send(v).has_value());
  auto r = c.try_send(4);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().value, 4);
  EXPECT_EQ(c.len(), 3u);
  EXPECT_EQ(c.try_receive(), std::optional<int>(1));
  EXPECT_TRUE(c.try_send(r.error().value).has_value());  // the returned value can be sent again
  EXPECT_EQ(c.try_receive(), std::optional<int>(2));
  EXPECT_EQ(c.try_receive(), std::optional<int>(3));
  EXPECT_EQ(c.try_receive(), std::optional<int>(4));
}

// try_receive takes the oldest value, or nothing from an empty channel.
TEST_F(ChannelTest, TryReceive) {
  mote::Channel<int, 2> c;
  EXPECT_EQ(c.try_receive(), std::nullopt);
  c.try_send(5).unwrap();
  c.try_send(6).unwrap();
  EXPECT_EQ(c.try_receive(), std::optional<int>(5));
  EXPECT_EQ(c.try_receive(), std::optional<int>(6));
  EXPECT_EQ(c.try_receive(), std::nullopt);
}

// len / is_empty / is_full track the contents; clear drops them all.
TEST_F(ChannelTest, LenEmptyFullClear) {
  mote::Channel<int, 2> c;
  EXPECT_TRUE(c.is_empty());
  EXPECT_FALSE(c.is_full());
  EXPECT_EQ(c.len(), 0u);
  c.try_send(1).unwrap();
  EXPECT_FALSE(c.is_empty());
  EXPECT_FALSE(c.is_full());
  EXPECT_EQ(c.len(), 1u);
  c.try_send(2).unwrap();
  EXPECT_TRUE(c.is_full());
  EXPECT_EQ(c.len(), 2u);
  c.clear();
  EXPECT_TRUE(c.is_empty());
  EXPECT_EQ(c.len(), 0u);
  EXPECT_EQ(c.try_receive(), std::nullopt);
  c.try_send(3).unwrap();  // usable again, from the start
  EXPECT_EQ(c.try_receive(), std::optional<int>(3));
}

// clear wakes a sender waiting on a full channel, which then gets its value in.
TEST_F(ChannelTest, ClearWakesWaitingSender) {
  full_ch.try_send(1).unwrap();
  ex.spawner().must_spawn(clear_sender());
  ex.spawner().must_spawn(clear_clearer());
  ex.run();
  EXPECT_EQ(cleared.sent_at, 5_ms);
  EXPECT_EQ(cleared.left, std::optional<int>(2));
  EXPECT_TRUE(full_ch.is_empty());
}

// send waits while the channel is full and completes right after a receive makes room.
TEST_F(ChannelTest, SendWaitsWhileFull) {
  ex.spawner().must_spawn(full_sender());
  ex.spawner().must_spawn(full_receiver());
  ex.run();
  EXPECT_EQ(full.first_sent, 0_ms);
  EXPECT_EQ(full.len_before_receive, std::optional<int>(1));
  EXPECT_EQ(full.second_sent, 5_ms);
  EXPECT_EQ(full.got, (std::vector<int>{1, 2}));
}

// Receivers waiting on an empty channel get values in the order they started waiting.
TEST_F(ChannelTest, WaitingReceiversServedFifo) {
  for (int id : {0, 1, 2}) ex.spawner().must_spawn(order_receiver(id));
  ex.spawner().must_spawn(order_burst());
  ex.run();
  EXPECT_EQ(receiver_got, (std::array<int, 3>{10, 20, 30}));
}

// Senders waiting on a full channel get their values in the order they started waiting.
TEST_F(ChannelTest, WaitingSendersServedFifo) {
  order_ch.try_send(100).unwrap();
  for (int v : {0, 1, 2}) ex.spawner().must_spawn(order_sender(v));
  ex.spawner().must_spawn(order_drain());
  ex.run();
  EXPECT_EQ(sender_order, (std::vector<int>{100, 0, 1, 2}));
}

// A receiver woken for a value but cancelled before it ran (its select was won by another
// branch in the same batch) passes the wake-up to the next receiver, which gets the value.
TEST_F(ChannelTest, WokenThenCancelledReceiverPassesWakeUpOn) {
  ex.spawner().must_spawn(pass_first());
  ex.spawner().must_spawn(pass_second());
  ex.spawner().must_spawn(pass_driver());
  ex.run();
  EXPECT_EQ(pass.first_index, 0u);
  EXPECT_EQ(pass.second, std::optional<int>(42));
  EXPECT_EQ(pass.second_at, 1_ms);
  EXPECT_TRUE(pass_ch.is_empty());
}

// A sender waiting on a full channel that its task awaits itself is served completely by the
// receive that makes room: its value is in the channel before the sender runs again, so a
// cancel that comes before it resumes finds the value sent (nothing lost, nothing doubled).
TEST_F(ChannelTest, WaitingSenderIsServedCompletelyByTheReceiveThatMakesRoom) {
  served_ch.try_send(1).unwrap();
  auto h = ex.spawner().spawn_joinable(served_direct_sender()).unwrap();
  ex.poll();  // the sender waits: the channel is full
  ASSERT_FALSE(h.is_finished());
  EXPECT_EQ(served_ch.try_receive(), std::optional<int>(1));  // room: the waiting value goes in
  EXPECT_EQ(served_ch.len(), 1u);
  h.cancel();  // before the sender resumed
  ex.run();
  EXPECT_TRUE(h.is_finished());
  EXPECT_FALSE(served_resumed);
  EXPECT_EQ(served_ch.try_receive(), std::optional<int>(2));
  EXPECT_TRUE(served_ch.is_empty());
}

// A send inside select is not completed for it: the room is reserved, and when the other
// branch wins the value is not sent and the room is free again for anyone.
TEST_F(ChannelTest, SendInSelectOnlyReservesRoomAndLosesItsValueWhenItLoses) {
  served_ch.try_send(1).unwrap();
  ex.spawner().must_spawn(served_select_sender());
  ex.poll();  // the select waits on both
  EXPECT_EQ(served_ch.try_receive(), std::optional<int>(1));  // room, reserved for the send
  EXPECT_TRUE(served_ch.is_empty());
  EXPECT_FALSE(served_ch.try_send(9).has_value()) << "the free room is promised to the waiting send";
  served_stop.signal(0);  // in the same batch: the select resumes and takes this branch
  ex.run();
  EXPECT_EQ(served_select_index, std::optional<std::size_t>(0));
  EXPECT_TRUE(served_ch.is_empty()) << "the losing send must not have put its value in";
  EXPECT_TRUE(served_ch.try_send(3).has_value()) << "its reserved room was given back";
}

// Move-only values travel through the channel, and a failed try_send keeps the value.
TEST_F(ChannelTest, MoveOnlyValues) {
  ex.spawner().must_spawn(ptr_sender());
  ex.spawner().must_spawn(ptr_receiver());
  ex.run();
  EXPECT_EQ(ptr_got, (std::vector<int>{1, 2, 3, 4, 5}));

  mote::Channel<std::unique_ptr<int>, 1> c;
  c.try_send(std::make_unique<int>(1)).unwrap();
  auto p = std::make_unique<int>(2);
  const int* raw = p.get();
  auto r = c.try_send(std::move(p));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().value.get(), raw);  // still owned by the error, not destroyed
  auto first = c.try_receive();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(**first, 1);
  c.try_send(std::make_unique<int>(3)).unwrap();  // left in the channel: its destructor frees it
}

// The NoopRawMutex variant behaves the same within one executor.
TEST_F(ChannelTest, NoopRawMutexVariant) {
  ex.spawner().must_spawn(noop_sender());
  ex.spawner().must_spawn(noop_receiver());
  ex.run();
  EXPECT_EQ(noop_got, (std::vector<int>{1, 4, 9, 16, 25, 36}));
  EXPECT_TRUE(noop_ch.is_empty());
}

// Handles give one side each; they compare equal when they refer to the same channel, and a
// task may take one as mote::Static<...> (as a bare parameter it does not compile:
// tests/compile_fail/channel_handle_param.cpp).
TEST_F(ChannelTest, SenderAndReceiverHandles) {
  HandleCh::Sender tx = handle_ch.sender();
  HandleCh::Receiver rx = handle_ch.receiver();
  EXPECT_TRUE(tx == handle_ch.sender());
  EXPECT_EQ(tx.capacity(), 2u);
  EXPECT_EQ(tx.free_capacity(), 2u);
  ASSERT_TRUE(tx.try_send(1).has_value());
  EXPECT_EQ(rx.len(), 1u);
  EXPECT_EQ(rx.free_capacity(), 1u);
  EXPECT_EQ(rx.try_receive(), std::optional<int>(1));
  EXPECT_TRUE(rx.is_empty());

  ex.spawner().must_spawn(handle_consumer(mote::Static(rx)));
  ex.spawner().must_spawn(handle_producer(mote::Static(tx)));
  ex.run();
  EXPECT_EQ(handle_got, (std::vector<int>{10, 20, 30, 40, 50}));
}

// ready_to_receive completes when a value arrives, takes nothing, and passes its wake-up to the
// receiver queued behind it.
TEST_F(ChannelTest, ReadyToReceiveTakesNothingAndPassesOn) {
  ex.spawner().must_spawn(ready_waiter());
  ex.spawner().must_spawn(ready_receiver());
  ex.spawner().must_spawn(ready_feeder());
  ex.run();
  EXPECT_EQ(ready.ready_at, 2_ms);
  EXPECT_EQ(ready.received, std::optional<int>(7));
  EXPECT_EQ(ready.received_at, 2_ms);
  // The waiter ran before the receiver took the value (FIFO), and saw it still queued.
  EXPECT_EQ(ready.len_when_ready, std::optional<std::size_t>(1));
  EXPECT_TRUE(ready_ch.is_empty());
}

// ready_to_send waits while the channel is full and sends nothing; the room it saw goes on to
// the sender behind it.
TEST_F(ChannelTest, ReadyToSendWaitsForRoomAndPassesOn) {
  ready_ch.try_send(1).unwrap();
  ex.spawner().must_spawn(room_waiter());
  ex.spawner().must_spawn(room_sender());
  ex.spawner().must_spawn(room_drainer());
  ex.run();
  EXPECT_EQ(room.room_at, 3_ms);
  EXPECT_EQ(room.len_when_room, std::optional<std::size_t>(0));
  EXPECT_EQ(room.sent_at, 3_ms);
  EXPECT_EQ(ready_ch.try_receive(), std::optional<int>(2));
  // Ready at once when there is room / a value.
  mote::block_on(ready_ch.ready_to_send());
  ready_ch.try_send(3).unwrap();
  mote::block_on(ready_ch.ready_to_receive());
  EXPECT_EQ(ready_ch.try_receive(), std::optional<int>(3));
}

// A ready_to_receive woken and then cancelled loses no wake-up.
TEST_F(ChannelTest, CancelledReadyToReceivePassesWakeUpOn) {
  ex.spawner().must_spawn(ready_cancelled());
  ex.spawner().must_spawn(ready_after_cancel());
  ex.spawner().must_spawn(ready_cancel_driver());
  ex.run();
  EXPECT_EQ(ready_cancel.index, 0u);
  EXPECT_EQ(ready_cancel.got, std::optional<int>(5));
  EXPECT_EQ(ready_cancel.got_at, 1_ms);
}
