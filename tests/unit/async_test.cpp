// Nested async functions (mote::Async): results, nesting, timers and channels inside them,
// the per-task frame budget, out-of-order frees and cancellation.
#include <array>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "test_support.hpp"

using namespace mote::literals;

namespace {

using mote_test::Gate;

std::size_t async_peak(const char* name) {
  const auto info = mote::task_info(name);
  return info ? info->async_peak : 0;
}

// ---- results ------------------------------------------------------------------------------

mote::Async<int> add_later(int a, int b) {
  co_await mote::yield_now();
  co_return a + b;
}
int int_result = 0;
MOTE_TASK(async_int_task, mote::pool(1).async_bytes(256)) { int_result = co_await add_later(2, 3); }

std::vector<int> void_log;
mote::Async<void> log_later(int v) {
  co_await mote::yield_now();
  void_log.push_back(v);
}
MOTE_TASK(async_void_task, mote::pool(1).async_bytes(256)) {
  co_await log_later(1);
  void_log.push_back(2);  // after the Async has completed
}

mote::Async<std::unique_ptr<int>> make_box(int v) {
  co_await mote::yield_now();
  co_return std::make_unique<int>(v);
}
mote::Async<int> unbox(std::unique_ptr<int> box) {
  co_await mote::yield_now();
  co_return *box + 1;
}
int move_only_result = 0;
MOTE_TASK(async_move_only_task, mote::pool(1).async_bytes(512)) {
  std::unique_ptr<int> box = co_await make_box(41);
  move_only_result = co_await unbox(std::move(box));
}

mote::Async<int> depth3(int v) {
  co_await mote::yield_now();
  co_return v + 1;
}
mote::Async<int> depth2(int v) {
  const int r = co_await depth3(v);
  co_await mote::yield_now();
  co_return r * 10;
}
mote::Async<int> depth1(int v) {
  const int r = co_await depth2(v);
  co_return r + 100;
}
int depth_result = 0;
MOTE_TASK(async_three_deep, mote::pool(1).async_bytes(1024)) { depth_result = co_await depth1(4); }

// ---- timers and channels ------------------------------------------------------------------

mote::Channel<int, 2> sum_ch;
mote::Async<int> sum_two_after(mote::Duration d) {
  co_await mote::Timer::after(d);
  const int a = co_await sum_ch.receive();
  const int b = co_await sum_ch.receive();
  co_return a + b;
}
int sum_result = 0;
mote::Instant sum_done_at;
MOTE_TASK(sum_receiver, mote::pool(1).async_bytes(512)) {
  sum_result = co_await sum_two_after(5_ms);
  sum_done_at = mote::Instant::now();
}
MOTE_TASK(sum_sender, 1) {
  co_await mote::Timer::after(3_ms);
  co_await sum_ch.send(1);
  co_await mote::Timer::after(4_ms);
  co_await sum_ch.send(20);
}

Gate nested_gate;
int nested_steps = 0;
mote::Async<int> gated_value() {
  ++nested_steps;
  co_await nested_gate.wait();
  ++nested_steps;
  co_return 9;
}
int nested_result = 0;
MOTE_TASK(async_spurious, mote::pool(1).async_bytes(256)) { nested_result = co_await gated_value(); }

// ---- the budget ---------------------------------------------------------------------------

// Reads the whole buffer through a call the optimiser cannot see into, so that all of it must
// live in the frame across the await (clang keeps only the bytes it sees used).
[[gnu::noinline]] int first_byte(const std::array<unsigned char, 200>& buf) { return buf[0]; }
mote::Async<int> big_frame() {
  std::array<unsigned char, 200> buf{};
  buf[0] = 1;
  co_await mote::yield_now();
  co_return first_byte(buf);
}
MOTE_TASK(tiny_budget, mote::pool(1).async_bytes(64)) { co_await big_frame(); }
MOTE_TASK(no_budget, 1) { co_await add_later(1, 1); }

mote::Async<int> leaf(int v) {
  co_await mote::yield_now();
  co_return v;
}
mote::Async<int> around_leaf(int v) { co_return co_await leaf(v) + 1; }
MOTE_TASK(peak_sequential, mote::pool(1).async_bytes(1024)) {
  co_await leaf(1);
  co_await leaf(2);
}
MOTE_TASK(peak_joined, mote::pool(1).async_bytes(1024)) { co_await mote::join(leaf(1), leaf(2)); }
MOTE_TASK(peak_nested, mote::pool(1).async_bytes(1024)) { co_await around_leaf(1); }

mote::Async<int> after_ms(int ms, int v) {
  std::array<unsigned char, 64> pad{};  // a different frame size from the other Async
  pad[1] = static_cast<unsigned char>(v);
  co_await mote::Timer::after(mote::Duration::from_millis(static_cast<std::uint64_t>(ms)));
  co_return pad[1];
}
mote::Async<int> yields(int n, int v) {
  for (int i = 0; i < n; ++i) co_await mote::yield_now();
  co_return v;
}
std::size_t ooo_first_peak = 0, ooo_last_peak = 0;
int ooo_select_winners = 0, ooo_join_sum = 0;
MOTE_TASK(out_of_order, mote::pool(1).async_bytes(1024)) {
  for (int i = 0; i < 20; ++i) {
    // The later (top) frame wins: select frees the earlier, lower frame first.
    auto won = co_await mote::select(after_ms(10, 1), yields(1, 2));
    ooo_select_winners += static_cast<int>(won.index());
    // The earlier frame finishes first and is freed while the later one is still alive.
    auto [a, b] = co_await mote::join(yields(1, 3), after_ms(1, 4));
    ooo_join_sum += a + b;
    if (i == 0) ooo_first_peak = async_peak("out_of_order");
  }
  ooo_last_peak = async_peak("out_of_order");
}

// ---- cancellation -------------------------------------------------------------------------

mote::Channel<int, 1> cancel_ch;
mote::Async<int> receive_one() { co_return co_await cancel_ch.receive(); }
bool cancel_timed_out = false;
int cancel_got = 0;
mote::Instant cancel_got_at;
MOTE_TASK(cancel_receiver, mote::pool(1).async_bytes(256)) {
  auto r = co_await mote::select(receive_one(), mote::Timer::after(5_ms));
  cancel_timed_out = r.index() == 1;
}
MOTE_TASK(late_receiver, 1) {
  co_await mote::Timer::after(7_ms);  // queues behind the cancelled receive, were it still there
  auto r = co_await mote::with_timeout(100_ms, cancel_ch.receive());
  cancel_got = r.has_value() ? *r : -1;
  cancel_got_at = mote::Instant::now();
}
MOTE_TASK(cancel_sender, 1, int ms, int value) {
  co_await mote::Timer::after(mote::Duration::from_millis(static_cast<std::uint64_t>(ms)));
  co_await cancel_ch.send(value);
}

mote::Channel<int, 1> tie_ch;
mote::Async<int> receive_tie() { co_return co_await tie_ch.receive(); }
bool tie_timer_won = false, tie_sent = false, tie_sent_before_select = false;
int tie_got = 0;
MOTE_TASK(tie_receiver, mote::pool(1).async_bytes(256)) {
  // The timer is polled first, so it wins although the value arrived in the same instant and
  // already woke the receive inside the Async.
  auto r = co_await mote::select(mote::Timer::after(5_ms), receive_tie());
  tie_timer_won = r.index() == 0;
  tie_sent_before_select = tie_sent;
  if (tie_timer_won) {
    tie_got = co_await tie_ch.receive();
  } else {
    tie_got = std::get<1>(r);
  }
}
MOTE_TASK(tie_sender, 1) {
  co_await mote::Timer::after(5_ms);
  co_await tie_ch.send(77);
  tie_sent = true;
}

}  // namespace

class AsyncTest : public mote_test::VirtualTime {};
class AsyncDeathTest : public mote_test::VirtualTime {};

TEST_F(AsyncTest, ReturnsAValue) {
  // Shows: an Async<int> that suspends once yields its co_return value to the task.
  mote::Executor ex;
  ex.spawner().must_spawn(async_int_task());
  ex.run();
  EXPECT_EQ(int_result, 5);
}

TEST_F(AsyncTest, VoidAsyncCompletesBeforeTheCallerContinues) {
  // Shows: an Async<void> runs to its end before the awaiting task resumes.
  mote::Executor ex;
  void_log.clear();
  ex.spawner().must_spawn(async_void_task());
  ex.run();
  EXPECT_EQ(void_log, (std::vector<int>{1, 2}));
}

TEST_F(AsyncTest, ReturnsAndTakesMoveOnlyValues) {
  // Shows: a unique_ptr can be returned from an Async and passed into another.
  mote::Executor ex;
  ex.spawner().must_spawn(async_move_only_task());
  ex.run();
  EXPECT_EQ(move_only_result, 42);
}

TEST_F(AsyncTest, NestsThreeDeep) {
  // Shows: Asyncs awaiting Asyncs (three levels, each suspending) compose their results.
  mote::Executor ex;
  ex.spawner().must_spawn(async_three_deep());
  ex.run();
  EXPECT_EQ(depth_result, (4 + 1) * 10 + 100);
}

TEST_F(AsyncTest, AwaitsTimersAndChannelReceives) {
  // Shows: an Async can wait on a timer (5 ms) and on channel values (sent at 3 and 7 ms);
  // it finishes exactly when the last value arrives.
  mote::Executor ex;
  const mote::Instant start = mote::Instant::now();
  ex.spawner().must_spawn(sum_receiver());
  ex.spawner().must_spawn(sum_sender());
  ex.run();
  EXPECT_EQ(sum_result, 21);
  EXPECT_EQ((sum_done_at - start).as_micros(), 7000u);
}

TEST_F(AsyncTest, SpuriousWakeDoesNotResumeANestedAsync) {
  // Shows: waking a task that waits inside an Async only re-polls the leaf future.
  mote::Executor ex;
  nested_gate = {};
  nested_steps = 0;
  ex.spawner().must_spawn(async_spurious());
  ex.poll();
  ASSERT_EQ(nested_gate.polls, 1);

  nested_gate.waiters.front().wake();
  ex.poll();

  EXPECT_EQ(nested_gate.polls, 2);
  EXPECT_EQ(nested_steps, 1);
  nested_gate.release();
  ex.run();
  EXPECT_EQ(nested_steps, 2);
  EXPECT_EQ(nested_result, 9);
}

TEST_F(AsyncDeathTest, BudgetOverflowPanicsNamingTheTaskAndTheBytes) {
  // Shows: an Async that does not fit the task's budget stops the program with the task's
  // name, the bytes needed and in use, and the MOTE_TASK line that would fit it.
  EXPECT_DEATH(
      {
        mote::Executor ex;
        ex.spawner().must_spawn(tiny_budget());
        ex.run();
      },
      "panicked: task 'tiny_budget' ran out of nested-frame memory: an Async needs [0-9]+ bytes, 0 of 64 are "
      "in use; raise it with MOTE_TASK\\(tiny_budget, mote::pool\\(1\\)\\.async_bytes\\([0-9]+\\), \\.\\.\\.\\)");
}

TEST_F(AsyncDeathTest, TaskWithoutABudgetCannotAwaitAnAsync) {
  // Shows: the default budget is zero, so a plain MOTE_TASK(name, 1) awaiting an Async panics.
  EXPECT_DEATH(
      {
        mote::Executor ex;
        ex.spawner().must_spawn(no_budget());
        ex.run();
      },
      "panicked: task 'no_budget' ran out of nested-frame memory: an Async needs [0-9]+ bytes, 0 of 0 are in use");
}

TEST_F(AsyncTest, AsyncPeakCountsFramesAliveAtOnce) {
  // Shows: async_peak is the most nested-frame bytes alive at once: sequential calls reuse
  // the same bytes, two joined calls need twice as much, a nested call more than one.
  mote::Executor ex;
  ex.spawner().must_spawn(peak_sequential());
  ex.spawner().must_spawn(peak_joined());
  ex.spawner().must_spawn(peak_nested());
  ex.run();

  const std::size_t one = async_peak("peak_sequential");

  EXPECT_GT(one, 0u);
  EXPECT_EQ(async_peak("peak_joined"), 2 * one);
  EXPECT_GT(async_peak("peak_nested"), one);
  EXPECT_LE(async_peak("peak_nested"), 1024u);
}

TEST_F(AsyncTest, FramesFreedOutOfOrderLeaveTheBudgetReusable) {
  // Shows: select and join free Async frames out of allocation order; all of it is reclaimed,
  // so twenty rounds use no more than the first (and never overflow the budget).
  mote::Executor ex;
  ooo_select_winners = ooo_join_sum = 0;
  ex.spawner().must_spawn(out_of_order());
  ex.run();

  EXPECT_EQ(ooo_select_winners, 20);  // the yielding Async (index 1) always won
  EXPECT_EQ(ooo_join_sum, 20 * 7);
  EXPECT_GT(ooo_first_peak, 0u);
  EXPECT_EQ(ooo_last_peak, ooo_first_peak);
}

TEST_F(AsyncTest, CancelledAsyncReleasesItsChannelReceive) {
  // Shows: an Async that loses a select against a timer is destroyed together with the receive
  // it waited on, so a value sent afterwards wakes and reaches another task's receive (the
  // dead receive neither takes the wake-up nor the value).
  mote::Executor ex;
  cancel_timed_out = false;
  cancel_got = 0;
  const mote::Instant start = mote::Instant::now();
  ex.spawner().must_spawn(cancel_receiver());
  ex.spawner().must_spawn(late_receiver());
  ex.spawner().must_spawn(cancel_sender(10, 42));
  ex.run();
  EXPECT_TRUE(cancel_timed_out);
  EXPECT_EQ(cancel_got, 42);
  EXPECT_EQ((cancel_got_at - start).as_micros(), 10000u);
  EXPECT_TRUE(cancel_ch.is_empty());
}

TEST_F(AsyncTest, ValueArrivingAsTheAsyncIsCancelledIsNotLost) {
  // Shows: when the value arrives (waking the receive inside the Async) in the instant the
  // timer wins, cancelling the Async leaves the value in the channel for the next receive.
  mote::Executor ex;
  tie_sent = tie_sent_before_select = tie_timer_won = false;
  ex.spawner().must_spawn(tie_sender());  // first in the timer queue: it sends before the select is polled
  ex.spawner().must_spawn(tie_receiver());
  ex.run();
  EXPECT_TRUE(tie_sent_before_select);
  EXPECT_TRUE(tie_timer_won);
  EXPECT_EQ(tie_got, 77);
  EXPECT_TRUE(tie_ch.is_empty());
}
