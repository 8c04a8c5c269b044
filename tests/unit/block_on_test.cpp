// block_on: running futures to completion from ordinary code.
#include <cstdlib>
#include <memory>
#include <tuple>

#include "test_support.hpp"

using namespace mote::literals;

namespace {

// A future that is ready at once with a value.
struct Ready {
  int value;
  bool poll(mote::Waker) noexcept { return true; }
  int take() noexcept { return value; }
};

// A void future that needs `left` polls, waking its task after each pending one.
struct CountDown {
  int left;
  int* polls;
  bool poll(mote::Waker w) noexcept {
    ++*polls;
    if (--left <= 0) return true;
    w.wake();
    return false;
  }
  void take() const noexcept {}
};

mote::Async<int> twice_later(int v) {
  co_await mote::yield_now();
  co_return 2 * v;
}
mote::Async<int> twice_plus_one(int v) { co_return co_await twice_later(v) + 1; }

bool void_async_ran = false;
mote::Async<void> set_flag_after(mote::Duration d) {
  co_await mote::Timer::after(d);
  void_async_ran = true;
}

mote::Async<std::unique_ptr<int>> boxed(int v) {
  co_await mote::yield_now();
  co_return std::make_unique<int>(v);
}

mote::Channel<int, 2> block_ch;

}  // namespace

class BlockOn : public mote_test::VirtualTime {};
class BlockOnDeathTest : public mote_test::VirtualTime {};

TEST_F(BlockOn, ReturnsTheValueOfAReadyFuture) {
  // Shows: block_on hands back the value a future yields.
  EXPECT_EQ(mote::block_on(Ready{7}), 7);
}

TEST_F(BlockOn, ReturnsAValueAlreadyInAChannel) {
  // Shows: block_on works with library futures (a channel receive that is ready at once).
  ASSERT_TRUE(block_ch.try_send(5).has_value());
  EXPECT_EQ(mote::block_on(block_ch.receive()), 5);
  EXPECT_TRUE(block_ch.is_empty());
}

TEST_F(BlockOn, DrivesAVoidFutureUntilItIsReady) {
  // Shows: block_on keeps polling a pending void future (woken each time) until it is ready.
  int polls = 0;
  mote::block_on(CountDown{4, &polls});
  EXPECT_EQ(polls, 4);
}

TEST_F(BlockOn, RunsAnAsync) {
  // Shows: an Async (itself awaiting a nested Async) runs to completion under block_on.
  EXPECT_EQ(mote::block_on(twice_plus_one(20)), 41);
}

TEST_F(BlockOn, RunsAVoidAsyncAndAMoveOnlyResult) {
  // Shows: Async<void> and an Async returning a move-only value work under block_on.
  void_async_ran = false;
  mote::block_on(set_flag_after(1_ms));
  EXPECT_TRUE(void_async_ran);
  const std::unique_ptr<int> box = mote::block_on(boxed(3));
  ASSERT_NE(box, nullptr);
  EXPECT_EQ(*box, 3);
}

TEST_F(BlockOn, WaitsForATimerOnTheVirtualClock) {
  // Shows: block_on sleeps until a timer is due; the virtual clock moves exactly that far.
  const mote::Instant start = mote::Instant::now();
  mote::block_on(mote::Timer::after(5_ms));
  EXPECT_EQ((mote::Instant::now() - start).as_micros(), 5000u);
}

TEST_F(BlockOn, WaitsForEveryFutureOfAJoin) {
  // Shows: a join under block_on yields every result and ends with its slowest future.
  const mote::Instant start = mote::Instant::now();

  auto [timer, doubled, ready] = mote::block_on(mote::join(mote::Timer::after(3_ms), twice_later(8), Ready{2}));

  EXPECT_EQ(timer, mote::Unit{});
  EXPECT_EQ(doubled, 16);
  EXPECT_EQ(ready, 2);
  EXPECT_EQ((mote::Instant::now() - start).as_micros(), 3000u);
}

TEST_F(BlockOn, TimeoutEndsASlowerFuture) {
  // Shows: with_timeout under block_on returns Elapsed at the timeout, not at the inner deadline.
  const mote::Instant start = mote::Instant::now();
  auto r = mote::block_on(mote::with_timeout(2_ms, mote::Timer::after(10_ms)));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error(), mote::TimeoutError::Elapsed);
  EXPECT_EQ((mote::Instant::now() - start).as_micros(), 2000u);
}

TEST_F(BlockOnDeathTest, RepeatedCallsDoNotLeakTheirTaskSlot) {
  // Shows: block_on can be called more often than its pool size (4) even when the future
  // leaves a wake-up queued as it completes (select: yield_now wakes, then Ready wins).
  EXPECT_EXIT(
      {
        for (int i = 0; i < 5; ++i) {
          if (mote::block_on(mote::select(mote::yield_now(), Ready{i})).index() != 1) std::exit(2);
        }
        std::exit(0);
      },
      testing::ExitedWithCode(0), "");
}
