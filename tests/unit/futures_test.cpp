// Tests of mote/futures.hpp: select, join, with_timeout / with_deadline, yield_now, poll_once.
#include <array>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

#include "test_support.hpp"

using namespace mote::literals;
using mote::Duration;
using mote::Instant;

namespace {

/// A future that never completes and records its destruction (moved-from shells do not count).
struct Never {
  bool* destroyed;
  explicit Never(bool* d) noexcept : destroyed(d) {}
  Never(Never&& o) noexcept : destroyed(std::exchange(o.destroyed, nullptr)) {}
  ~Never() {
    if (destroyed != nullptr) *destroyed = true;
  }
  bool poll(mote::Waker) noexcept { return false; }
  int take() noexcept { return 0; }
};

/// A future that is ready at once with its value.
struct Ready {
  int value;
  bool poll(mote::Waker) noexcept { return true; }
  int take() noexcept { return value; }
};

mote::Async<int> after(Duration d, int v) {
  co_await mote::Timer::after(d);
  co_return v;
}

constexpr auto kAsync = mote::pool(1).async_bytes(2048);

Instant t0;
Duration since_start() { return Instant::now() - t0; }

mote::Channel<int, 4> ch;

/// Sends `v` on `ch` after `d`.
MOTE_TASK(send_later, 2, Duration d, int v) {
  co_await mote::Timer::after(d);
  ch.try_send(v).unwrap();
}

// ---- select ---------------------------------------------------------------------------

struct {
  std::size_t index = 99;
  int value = 0;
  Duration at;
} sel;

MOTE_TASK(select_two, kAsync) {
  auto r = co_await mote::select(after(7_ms, 1), after(3_ms, 2));
  sel.index = r.index();
  sel.value = r.index() == 1 ? std::get<1>(r) : -1;
  sel.at = since_start();
}

struct {
  std::size_t timers = 99, ready = 99, channels = 99;
  int ready_value = 0, channel_value = 0;
} tie;
mote::Channel<int, 1> tie_a, tie_b;

MOTE_TASK(select_tie, 1) {
  tie.timers = (co_await mote::select(mote::Timer::after(5_ms), mote::Timer::after(5_ms))).index();
  auto r = co_await mote::select(Ready{1}, Ready{2});
  tie.ready = r.index();
  tie.ready_value = std::get<0>(r);
  auto c = co_await mote::select(tie_a.receive(), tie_b.receive());
  tie.channels = c.index();
  tie.channel_value = std::get<0>(c);
}

struct {
  bool before = true, loser1 = false, loser2 = false, after1 = false, after2 = false;
  std::size_t index = 99;
} cancel;

MOTE_TASK(select_cancel, 1) {
  auto s = mote::select(Never{&cancel.loser1}, mote::Timer::after(5_ms), Never{&cancel.loser2});
  cancel.before = cancel.loser1 || cancel.loser2;
  auto r = co_await s;
  // `s` is still alive here: only its cancelling them can have destroyed the losers.
  cancel.after1 = cancel.loser1;
  cancel.after2 = cancel.loser2;
  cancel.index = r.index();
}

struct {
  std::size_t index3 = 99, index4 = 99;
  int value3 = 0;
  bool unit4 = false;
  Duration at3, at4;
} many;

MOTE_TASK(select_many, kAsync) {
  auto r3 = co_await mote::select(after(9_ms, 1), ch.receive(), mote::Timer::after(20_ms));
  many.index3 = r3.index();
  many.value3 = r3.index() == 1 ? std::get<1>(r3) : -1;
  many.at3 = since_start();
  auto r4 = co_await mote::select(Never{nullptr}, Never{nullptr}, mote::Timer::after(3_ms), after(5_ms, 9));
  static_assert(std::is_same_v<decltype(r4), std::variant<int, int, mote::Unit, int>>);
  many.index4 = r4.index();
  many.unit4 = r4.index() == 2 && std::get<2>(r4) == mote::Unit{};
  many.at4 = since_start();
}

// ---- join -----------------------------------------------------------------------------

struct {
  int a = 0, c = 0;
  bool unit = false;
  Duration at;
} joined;

MOTE_TASK(join_three, kAsync) {
  auto r = co_await mote::join(after(3_ms, 1), mote::Timer::after(7_ms), ch.receive());
  static_assert(std::is_same_v<decltype(r), std::tuple<int, mote::Unit, int>>);
  joined.a = std::get<0>(r);
  joined.unit = std::get<1>(r) == mote::Unit{};
  joined.c = std::get<2>(r);
  joined.at = since_start();
}

// ---- with_timeout / with_deadline -------------------------------------------------------

struct {
  std::optional<int> async_value, channel_value;
  bool void_ok = false;
  Duration at;
} in_time;

MOTE_TASK(timeout_in_time, kAsync) {
  auto a = co_await mote::with_timeout(10_ms, after(3_ms, 5));
  if (a) in_time.async_value = *a;
  auto b = co_await mote::with_deadline(t0 + 10_ms, ch.receive());  // sent at 6 ms
  if (b) in_time.channel_value = *b;
  auto c = co_await mote::with_timeout(10_ms, mote::Timer::after(1_ms));
  in_time.void_ok = c.has_value();
  in_time.at = since_start();
}

struct {
  bool never_elapsed = false, never_destroyed = false, receive_elapsed = false;
  Duration never_at, receive_at;
} late;

MOTE_TASK(timeout_late, 1) {
  bool destroyed = false;
  auto w = mote::with_timeout(5_ms, Never{&destroyed});
  auto r = co_await w;
  late.never_destroyed = destroyed;  // `w` is still alive: it cancelled its future itself
  late.never_elapsed = !r.has_value() && r.error() == mote::TimeoutError::Elapsed;
  late.never_at = since_start();
  auto q = co_await mote::with_deadline(t0 + 8_ms, ch.receive());
  late.receive_elapsed = !q.has_value() && q.error() == mote::TimeoutError::Elapsed;
  late.receive_at = since_start();
}

struct {
  bool first_elapsed = false;
  Duration first_at;
  std::optional<int> second;
  Duration second_at;
} leftover;

MOTE_TASK(timeout_receive_first, 1) {
  auto r = co_await mote::with_timeout(5_ms, ch.receive());
  leftover.first_elapsed = !r.has_value();
  leftover.first_at = since_start();
}
MOTE_TASK(timeout_receive_second, 1) {
  co_await mote::Timer::after(10_ms);
  auto r = co_await mote::with_timeout(100_ms, ch.receive());  // bounded: fails instead of hanging
  if (r) leftover.second = *r;
  leftover.second_at = since_start();
}

// ---- yield_now, poll_once ---------------------------------------------------------------

std::string yield_log;

MOTE_TASK(yield_first, 1) {
  yield_log += 'a';
  co_await mote::yield_now();
  yield_log += 'A';
}
MOTE_TASK(yield_second, 1) {
  yield_log += 'b';
  co_return;
}

struct {
  std::optional<int> ready, channel;
  bool timer = false;
} once_ready;

MOTE_TASK(poll_once_ready, 1) {
  once_ready.ready = co_await mote::poll_once(Ready{7});
  once_ready.timer = (co_await mote::poll_once(mote::Timer::at(Instant::now()))).has_value();
  ch.try_send(3).unwrap();
  once_ready.channel = co_await mote::poll_once(ch.receive());
}

struct {
  bool never_empty = false, never_destroyed = false, receive_empty = false;
  std::optional<int> later;
} once_pending;

MOTE_TASK(poll_once_pending, 1) {
  bool destroyed = false;
  once_pending.never_empty = !(co_await mote::poll_once(Never{&destroyed})).has_value();
  once_pending.never_destroyed = destroyed;
  once_pending.receive_empty = !(co_await mote::poll_once(ch.receive())).has_value();
}
MOTE_TASK(poll_once_later_receiver, 1) {
  co_await mote::Timer::after(1_ms);
  auto r = co_await mote::with_timeout(100_ms, ch.receive());
  if (r) once_pending.later = *r;
}

bool self_wake_empty = false;

// ---- select / join over arrays and spans ---------------------------------------------------

/// A future ready or not from the start, with a value, recording its destruction.
struct Flagged {
  bool* destroyed;
  bool ready;
  int value;
  Flagged(bool* d, bool r, int v) noexcept : destroyed(d), ready(r), value(v) {}
  Flagged(Flagged&& o) noexcept : destroyed(std::exchange(o.destroyed, nullptr)), ready(o.ready), value(o.value) {}
  ~Flagged() {
    if (destroyed != nullptr) *destroyed = true;
  }
  bool poll(mote::Waker) noexcept { return ready; }
  int take() noexcept { return value; }
};

struct {
  std::size_t index = 99;
  int value = 0;
  Duration at;
  std::size_t flagged_index = 99;
  int flagged_value = 0;
  bool losers_destroyed_inside = false, winner_destroyed_inside = false;
} sel_array;

MOTE_TASK(select_array_task, kAsync) {
  // Named first: GCC 12 destroys brace-initialised temporaries inside co_await twice.
  std::array<mote::Async<int>, 3> timers{after(7_ms, 1), after(3_ms, 2), after(5_ms, 3)};
  auto r = co_await mote::select_array(std::move(timers));
  sel_array.index = r.index;
  sel_array.value = r.value;
  sel_array.at = since_start();

  bool d[3] = {false, false, false};
  std::array<Flagged, 3> flagged{Flagged{&d[0], false, 10}, Flagged{&d[1], true, 11}, Flagged{&d[2], true, 12}};
  auto s = mote::select_array(std::move(flagged));
  auto f = co_await s;  // `s` is alive: only its cancelling them can have destroyed the others
  sel_array.flagged_index = f.index;
  sel_array.flagged_value = f.value;
  sel_array.losers_destroyed_inside = d[0] && d[2];
  sel_array.winner_destroyed_inside = d[1];
}

mote::Channel<int, 1> span_a, span_b, span_c;
struct {
  std::size_t first = 99, second = 99;
  int first_value = 0, second_value = 0;
  Duration first_at, second_at;
} sel_span;

MOTE_TASK(select_span_task, 1) {
  using Receive = decltype(span_a.receive());
  std::array<Receive, 3> receives{span_a.receive(), span_b.receive(), span_c.receive()};
  auto r = co_await mote::select_span(std::span<Receive>(receives));
  sel_span.first = r.index;
  sel_span.first_value = r.value;
  sel_span.first_at = since_start();
  // The losers are still the caller's, and still waiting: select again over them.
  auto q = co_await mote::select_span(std::span<Receive>(receives).first(2));
  sel_span.second = q.index;
  sel_span.second_value = q.value;
  sel_span.second_at = since_start();
}
MOTE_TASK(select_span_feeder, 1) {
  co_await mote::Timer::after(2_ms);
  span_c.try_send(30).unwrap();
  co_await mote::Timer::after(2_ms);
  span_b.try_send(20).unwrap();
}

struct {
  std::array<int, 3> values{};
  Duration at;
  std::array<std::optional<int>, 3> span_results;
  Duration span_at;
} joined_many;

MOTE_TASK(join_array_task, kAsync) {
  std::array<mote::Async<int>, 3> timers{after(3_ms, 1), after(1_ms, 2), after(2_ms, 3)};
  joined_many.values = co_await mote::join_array(std::move(timers));
  joined_many.at = since_start();

  using Receive = decltype(span_a.receive());
  std::array<Receive, 3> receives{span_a.receive(), span_b.receive(), span_c.receive()};
  co_await mote::join_span(std::span<Receive>(receives), std::span<std::optional<int>>(joined_many.span_results));
  joined_many.span_at = since_start();
}
MOTE_TASK(join_span_feeder, 1) {
  co_await mote::Timer::after(4_ms);
  span_c.try_send(3).unwrap();
  co_await mote::Timer::after(1_ms);
  span_a.try_send(1).unwrap();
  co_await mote::Timer::after(1_ms);
  span_b.try_send(2).unwrap();
}

void reset_state() {
  sel_array = {};
  sel_span = {};
  joined_many = {};
  sel = {};
  tie = {};
  cancel = {};
  many = {};
  joined = {};
  in_time = {};
  late = {};
  leftover = {};
  yield_log.clear();
  once_ready = {};
  once_pending = {};
  self_wake_empty = false;
}

MOTE_TASK(poll_once_self_wake, 1) {
  // yield_now wakes its task when first polled, then reports not ready.
  self_wake_empty = !(co_await mote::poll_once(mote::yield_now())).has_value();
}

}  // namespace

class Futures : public mote_test::VirtualTime {
 protected:
  void SetUp() override {
    VirtualTime::SetUp();
    t0 = Instant::now();
    reset_state();
  }
  void TearDown() override {
    EXPECT_TRUE(ch.is_empty());
    ch.clear();
    VirtualTime::TearDown();
  }
  mote::Executor ex;
};

// select yields a variant whose index() names the first future to finish and holds its value.
TEST_F(Futures, SelectReportsWinnerIndexAndValue) {
  ex.spawner().must_spawn(select_two());
  ex.run();
  EXPECT_EQ(sel.index, 1u);
  EXPECT_EQ(sel.value, 2);
  EXPECT_EQ(sel.at, 3_ms);
}

// When several futures are ready in the same poll, the earliest argument wins and the
// losing channel receive takes nothing.
TEST_F(Futures, SelectTieGoesToEarlierArgument) {
  tie_a.try_send(10).unwrap();
  tie_b.try_send(20).unwrap();
  ex.spawner().must_spawn(select_tie());
  ex.run();
  EXPECT_EQ(tie.timers, 0u);
  EXPECT_EQ(tie.ready, 0u);
  EXPECT_EQ(tie.ready_value, 1);
  EXPECT_EQ(tie.channels, 0u);
  EXPECT_EQ(tie.channel_value, 10);
  EXPECT_TRUE(tie_a.is_empty());
  EXPECT_EQ(tie_b.try_receive(), std::optional<int>(20));
}

// The losers are destroyed by the time the winner's result is delivered, while the select
// object itself is still alive.
TEST_F(Futures, SelectDestroysLosersAsSoonAsWinnerFinishes) {
  ex.spawner().must_spawn(select_cancel());
  ex.run();
  EXPECT_FALSE(cancel.before);
  EXPECT_EQ(cancel.index, 1u);
  EXPECT_TRUE(cancel.after1);
  EXPECT_TRUE(cancel.after2);
}

// select takes three and four futures of mixed kinds; a void future's result is mote::Unit.
TEST_F(Futures, SelectThreeAndFourFutures) {
  ex.spawner().must_spawn(send_later(4_ms, 40));
  ex.spawner().must_spawn(select_many());
  ex.run();
  EXPECT_EQ(many.index3, 1u);
  EXPECT_EQ(many.value3, 40);
  EXPECT_EQ(many.at3, 4_ms);
  EXPECT_EQ(many.index4, 2u);
  EXPECT_TRUE(many.unit4);
  EXPECT_EQ(many.at4, 7_ms);
}

// join yields every result in argument order (Unit for void) once the slowest is done.
TEST_F(Futures, JoinWaitsForAllAndKeepsOrder) {
  ex.spawner().must_spawn(send_later(5_ms, 30));
  ex.spawner().must_spawn(join_three());
  ex.run();
  EXPECT_EQ(joined.a, 1);
  EXPECT_TRUE(joined.unit);
  EXPECT_EQ(joined.c, 30);
  EXPECT_EQ(joined.at, 7_ms);
}

// with_timeout / with_deadline yield the future's value when it finishes in time.
TEST_F(Futures, WithTimeoutYieldsValueBeforeDeadline) {
  ex.spawner().must_spawn(send_later(6_ms, 8));
  ex.spawner().must_spawn(timeout_in_time());
  ex.run();
  EXPECT_EQ(in_time.async_value, std::optional<int>(5));
  EXPECT_EQ(in_time.channel_value, std::optional<int>(8));
  EXPECT_TRUE(in_time.void_ok);
  EXPECT_EQ(in_time.at, 7_ms);
}

// When time runs out first they yield TimeoutError::Elapsed exactly at the deadline and
// destroy the inner future at once.
TEST_F(Futures, WithTimeoutElapsesAtDeadline) {
  ex.spawner().must_spawn(timeout_late());
  ex.run();
  EXPECT_TRUE(late.never_elapsed);
  EXPECT_TRUE(late.never_destroyed);
  EXPECT_EQ(late.never_at, 5_ms);
  EXPECT_TRUE(late.receive_elapsed);
  EXPECT_EQ(late.receive_at, 8_ms);
}

// A receive that timed out leaves no waiter behind: a value sent later wakes the next
// receiver instead of a dead one.
TEST_F(Futures, TimedOutReceiveLeavesNoWaiterBehind) {
  ex.spawner().must_spawn(timeout_receive_first());
  ex.spawner().must_spawn(timeout_receive_second());
  ex.spawner().must_spawn(send_later(20_ms, 42));
  ex.run();
  EXPECT_TRUE(leftover.first_elapsed);
  EXPECT_EQ(leftover.first_at, 5_ms);
  EXPECT_EQ(leftover.second, std::optional<int>(42));
  EXPECT_EQ(leftover.second_at, 20_ms);
}

// yield_now lets another ready task run before the yielding task continues.
TEST_F(Futures, YieldNowLetsAnotherReadyTaskRun) {
  ex.spawner().must_spawn(yield_first());
  ex.spawner().must_spawn(yield_second());
  ex.run();
  EXPECT_EQ(yield_log, "abA");
}

// poll_once yields the result of a future that is ready on its first poll.
TEST_F(Futures, PollOnceReady) {
  ex.spawner().must_spawn(poll_once_ready());
  ex.run();
  EXPECT_EQ(once_ready.ready, std::optional<int>(7));
  EXPECT_TRUE(once_ready.timer);
  EXPECT_EQ(once_ready.channel, std::optional<int>(3));
}

// poll_once yields nothing for a future that is not ready, and drops it (a dropped receive
// leaves no waiter: a later receiver gets the next value).
TEST_F(Futures, PollOnceNotReady) {
  ex.spawner().must_spawn(poll_once_pending());
  ex.spawner().must_spawn(poll_once_later_receiver());
  ex.spawner().must_spawn(send_later(2_ms, 11));
  ex.run();
  EXPECT_TRUE(once_pending.never_empty);
  EXPECT_TRUE(once_pending.never_destroyed);
  EXPECT_TRUE(once_pending.receive_empty);
  EXPECT_EQ(once_pending.later, std::optional<int>(11));
}

// A task that finishes with a wake-up still pending (poll_once(yield_now()) woke it) gives
// its frame back to its pool when the executor's run() returns, so it can be spawned again.
TEST_F(Futures, TaskFinishingWithPendingWakeIsFreed) {
  ex.spawner().must_spawn(poll_once_self_wake());
  ex.run();
  EXPECT_TRUE(self_wake_empty);
  EXPECT_EQ(poll_once_self_wake.pool().in_use(), 0u);
  mote::Executor again;
  EXPECT_TRUE(again.spawner().spawn(poll_once_self_wake()).has_value());
  again.run();
}

// select_array yields the index and value of the first future of an array to finish, and
// destroys the others at once (the winner too, once its value is taken).
TEST_F(Futures, SelectArrayReportsIndexAndCancelsTheRest) {
  ex.spawner().must_spawn(select_array_task());
  ex.run();
  EXPECT_EQ(sel_array.index, 1u);
  EXPECT_EQ(sel_array.value, 2);
  EXPECT_EQ(sel_array.at, 3_ms);
  EXPECT_EQ(sel_array.flagged_index, 1u);  // two are ready: the earlier wins
  EXPECT_EQ(sel_array.flagged_value, 11);
  EXPECT_TRUE(sel_array.losers_destroyed_inside);
  EXPECT_TRUE(sel_array.winner_destroyed_inside);
}

// select_span polls futures the caller owns; the losers stay alive, still waiting, and can be
// selected over again.
TEST_F(Futures, SelectSpanLeavesLosersToTheCaller) {
  ex.spawner().must_spawn(select_span_task());
  ex.spawner().must_spawn(select_span_feeder());
  ex.run();
  EXPECT_EQ(sel_span.first, 2u);
  EXPECT_EQ(sel_span.first_value, 30);
  EXPECT_EQ(sel_span.first_at, 2_ms);
  EXPECT_EQ(sel_span.second, 1u);
  EXPECT_EQ(sel_span.second_value, 20);
  EXPECT_EQ(sel_span.second_at, 4_ms);
  EXPECT_TRUE(span_a.is_empty() && span_b.is_empty() && span_c.is_empty());
}

// join_array yields every result in array order; join_span writes them to the caller's span.
TEST_F(Futures, JoinArrayAndJoinSpanKeepOrder) {
  ex.spawner().must_spawn(join_array_task());
  ex.spawner().must_spawn(join_span_feeder());
  ex.run();
  EXPECT_EQ(joined_many.values, (std::array<int, 3>{1, 2, 3}));
  EXPECT_EQ(joined_many.at, 3_ms);
  EXPECT_EQ(joined_many.span_results, (std::array<std::optional<int>, 3>{1, 2, 3}));
  EXPECT_EQ(joined_many.span_at, 6_ms);
}
