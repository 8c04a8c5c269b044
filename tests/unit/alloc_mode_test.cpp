// Alloc mode (MOTE_ALLOC=1): frames come from the heap, so a task function's pool size does
// not limit how many instances run, and nested Async frames need no budget.
#include <cstddef>

#include "test_support.hpp"

using namespace mote::literals;

static_assert(MOTE_ALLOC == 1, "this test is built only in alloc mode");

namespace {
int finished = 0;

mote::Async<int> nested(int depth) {
  co_await mote::yield_now();
  if (depth == 0) co_return 1;
  co_return 1 + co_await nested(depth - 1);
}

// Pool size 1, but alloc mode ignores it.
MOTE_TASK(many, 1, int delay_ms) {
  co_await mote::Timer::after(mote::Duration::from_millis(static_cast<std::uint64_t>(delay_ms)));
  const int depth = co_await nested(20);  // 21 nested frames, no async_bytes declared
  if (depth == 21) ++finished;
}
}  // namespace

class AllocMode : public mote_test::VirtualTime {};

// 500 instances of a pool-of-one task all spawn and finish; the arena stays untouched.
TEST_F(AllocMode, PoolSizeDoesNotLimitInstances) {
  mote::Executor ex;
  for (int i = 0; i < 500; ++i) ASSERT_TRUE(ex.spawner().spawn(many(i % 7)));
  EXPECT_EQ(ex.live_tasks(), 500u);
  ex.run();
  EXPECT_EQ(finished, 500);
  EXPECT_EQ(mote::arena_stats().used_bytes, 0u);
  const auto info = mote::task_info("many");
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->peak_in_use, 500u);
  EXPECT_EQ(info->in_use, 0u);
}
