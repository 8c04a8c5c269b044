// Memory statistics: task_info, for_each_task, arena_stats and memory_report.
#include <array>
#include <cstring>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "test_support.hpp"

namespace {

using mote_test::Gate;

// Bytes one instance of a task function occupies in the arena (frame + budget and its head;
// in alloc mode the pool pointer in front).
std::size_t slot_bytes(const mote::TaskInfo& t) {
  return mote::detail::kPrefixBytes + mote::align_up(t.frame_bytes) +
         (t.async_budget == 0 ? 0 : mote::detail::kAsyncStackBytes + t.async_budget);
}

Gate info_gate;
MOTE_TASK(mem_info_task, mote::pool(3).async_bytes(128)) { co_await info_gate.wait(); }

volatile int sink = 0;
unsigned char* escaped = nullptr;
MOTE_TASK(mem_big_frame, 1) {
  std::array<unsigned char, 1000> buf{};
  buf[999] = 7;
  escaped = buf.data();  // its address escapes, so no compiler can shrink it to one byte
  co_await mote::yield_now();  // buf lives across the suspension, so it is in the frame
  sink = escaped[999];
}

mote::Async<int> mem_leaf() {
  co_await mote::yield_now();
  co_return 1;
}
MOTE_TASK(mem_async_user, mote::pool(1).async_bytes(512)) { sink = co_await mem_leaf(); }

MOTE_TASK(order_c, 1) { co_return; }
MOTE_TASK(order_a, 1) { co_return; }
MOTE_TASK(order_b, 1) { co_return; }

Gate arena_gate;
MOTE_TASK(mem_arena_task, 4) { co_await arena_gate.wait(); }

MOTE_TASK(mem_report_task, mote::pool(2).async_bytes(64)) { co_return; }

}  // namespace

class Memory : public mote_test::VirtualTime {};

TEST_F(Memory, TaskInfoDescribesAPoolAndItsUse) {
  // Shows: task_info reports the pool's layout and its current and peak use.
  mote::Executor ex;
  info_gate = {};
  ex.spawner().must_spawn(mem_info_task());
  ex.spawner().must_spawn(mem_info_task());

  const auto live = mote::task_info("mem_info_task");

  ASSERT_TRUE(live.has_value());
  EXPECT_STREQ(live->name, "mem_info_task");
  EXPECT_GT(live->frame_bytes, 0u);
  EXPECT_EQ(live->pool_size, 3u);
  EXPECT_EQ(live->async_budget, 128u);
  EXPECT_EQ(live->reserved_bytes, 3 * slot_bytes(*live));
  EXPECT_EQ(live->in_use, 2u);
  EXPECT_EQ(live->peak_in_use, 2u);
  EXPECT_EQ(live->async_peak, 0u);
  info_gate.release();
  ex.run();
  const auto after = mote::task_info("mem_info_task");
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->in_use, 0u);
  EXPECT_EQ(after->peak_in_use, 2u);  // the peak is remembered
  ex.spawner().must_spawn(mem_info_task());
  ex.run();
  EXPECT_EQ(mote::task_info("mem_info_task")->peak_in_use, 2u);  // one more at a time: no new peak
}

TEST_F(Memory, FrameBytesIncludeLocalsKeptAcrossAwaits) {
  // Shows: frame_bytes is the real coroutine frame, which holds a 1000-byte local.
  mote::Executor ex;
  ex.spawner().must_spawn(mem_big_frame());
  ex.run();

  const auto info = mote::task_info("mem_big_frame");

  ASSERT_TRUE(info.has_value());
  EXPECT_GE(info->frame_bytes, 1000u);
  EXPECT_EQ(info->reserved_bytes, slot_bytes(*info));
}

TEST_F(Memory, AsyncPeakRecordsNestedFrameUse) {
  // Shows: awaiting an Async raises async_peak above zero, within the task's budget.
  mote::Executor ex;
  ex.spawner().must_spawn(mem_async_user());
  ex.run();

  const auto info = mote::task_info("mem_async_user");

  ASSERT_TRUE(info.has_value());
  EXPECT_GT(info->async_peak, 0u);
  EXPECT_LE(info->async_peak, info->async_budget);
  EXPECT_EQ(sink, 1);
}

TEST_F(Memory, ForEachTaskVisitsInFirstSpawnOrder) {
  // Shows: for_each_task lists task functions in the order of their first spawn.
  mote::Executor ex;
  ex.spawner().must_spawn(order_c());
  ex.spawner().must_spawn(order_a());
  ex.spawner().must_spawn(order_b());
  ex.run();
  ex.spawner().must_spawn(order_a());  // a later spawn does not move it
  ex.run();

  std::vector<std::string> names;
  mote::for_each_task([&](const mote::TaskInfo& t) {
    if (std::strncmp(t.name, "order_", 6) == 0) names.emplace_back(t.name);
  });

  EXPECT_EQ(names, (std::vector<std::string>{"order_c", "order_a", "order_b"}));
}

TEST_F(Memory, ArenaGrowsByTheWholePoolOnTheFirstSpawnOnly) {
  // Shows: before its first spawn a task is not listed; the first spawn reserves exactly
  // pool_size x slot bytes; later spawns reserve nothing, whether the earlier instance is
  // alive or finished.
  if (mote::task_info("mem_arena_task")) GTEST_SKIP() << "the first spawn already happened in this process";
  mote::Executor ex;
  arena_gate = {};
  const mote::ArenaStats before = mote::arena_stats();
  EXPECT_EQ(before.total_bytes, 1048576u);

  ex.spawner().must_spawn(mem_arena_task());

  const mote::ArenaStats first = mote::arena_stats();
  const auto info = mote::task_info("mem_arena_task");
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(first.used_bytes - before.used_bytes, info->reserved_bytes);
  EXPECT_EQ(info->reserved_bytes, 4 * slot_bytes(*info));
  EXPECT_EQ(first.free_bytes(), first.total_bytes - first.used_bytes);
  ex.spawner().must_spawn(mem_arena_task());
  EXPECT_EQ(mote::arena_stats().used_bytes, first.used_bytes);
  arena_gate.release();
  ex.run();
  ex.spawner().must_spawn(mem_arena_task());
  ex.run();
  EXPECT_EQ(mote::arena_stats().used_bytes, first.used_bytes);
}

TEST_F(Memory, ReportListsEveryTaskAndTheArenaTotals) {
  // Shows: memory_report prints one row per task function (name, frame, pool, async budget,
  // reserved bytes, peak) and the arena's total, used and free bytes.
  mote::Executor ex;
  ex.spawner().must_spawn(mem_report_task());
  ex.run();

  testing::internal::CaptureStdout();
  mote::memory_report();
  const std::string out = testing::internal::GetCapturedStdout();

  std::vector<mote::TaskInfo> tasks;
  mote::for_each_task([&](const mote::TaskInfo& t) { tasks.push_back(t); });
  ASSERT_FALSE(tasks.empty());
  for (const mote::TaskInfo& t : tasks) {
    std::istringstream lines(out);
    std::string line, found;
    while (std::getline(lines, line)) {
      if (line.rfind(std::string(t.name) + " ", 0) == 0) found = line;
    }
    ASSERT_FALSE(found.empty()) << "no row for " << t.name << " in:\n" << out;
    std::istringstream row(found);
    std::string name;
    std::size_t frame = 0, pool = 0, async = 0, reserved = 0, peak = 0;
    row >> name >> frame >> pool >> async >> reserved >> peak;
    EXPECT_EQ(frame, t.frame_bytes) << found;
    EXPECT_EQ(pool, t.pool_size) << found;
    EXPECT_EQ(async, t.async_budget) << found;
    EXPECT_EQ(reserved, t.reserved_bytes) << found;
    EXPECT_EQ(peak, t.peak_in_use) << found;
  }
  const mote::ArenaStats a = mote::arena_stats();
  EXPECT_NE(out.find("arena: 1048576 bytes, " + std::to_string(a.used_bytes) + " used, " +
                     std::to_string(a.free_bytes()) + " free"),
            std::string::npos)
      << out;
}
