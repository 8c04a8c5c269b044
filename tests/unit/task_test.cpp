// Task functions: spawning, pool limits (Busy), arena exhaustion (NoMemory), error messages,
// must_spawn panics, dropped tokens, parameter copies and tasks that spawn tasks.
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "test_support.hpp"

namespace {

using mote_test::Gate;

Gate pair_gate;
int pair_sum = 0;
MOTE_TASK(busy_pair, 2, int id) {
  co_await pair_gate.wait();
  pair_sum += id;
}

int after_huge_value = 0;
MOTE_TASK(huge_pool, 100000) { co_return; }
MOTE_TASK(after_huge, 1, int v) {
  after_huge_value = v;
  co_return;
}

MOTE_TASK(die_busy, 1) { co_return; }
MOTE_TASK(die_huge, 100000) { co_return; }

MOTE_TASK(dropped_task, 1, std::shared_ptr<int> runs) {
  ++*runs;
  co_return;
}

int seen_n = 0;
std::string seen_s;
MOTE_TASK(copy_params, 1, int n, std::string s) {
  co_await mote::yield_now();  // read the parameters only after the caller changed its own
  seen_n = n;
  seen_s = s;
}

int seen_ref = 0;
MOTE_TASK(static_ref, 1, mote::Static<int&> r) {
  seen_ref = *r;
  co_return;
}

std::vector<int> child_log;
std::optional<mote::SpawnError> third_child_error;
std::size_t live_seen_by_parent = 0;
std::vector<int> log_after_parent_yield;
MOTE_TASK(child_task, 2, int id) {
  child_log.push_back(id);
  co_return;
}
MOTE_TASK(parent_task, 1, mote::Spawner sp) {
  sp.must_spawn(child_task(1));
  sp.must_spawn(child_task(2));
  auto third = sp.spawn(child_task(3));  // both children are alive (queued), the pool holds 2
  if (!third) third_child_error = third.error();
  live_seen_by_parent = sp.executor().live_tasks();
  co_await mote::yield_now();  // the children were woken first, so they run before we resume
  log_after_parent_yield = child_log;
}

using mote_test::in_use;

}  // namespace

class Task : public mote_test::VirtualTime {};
class TaskDeathTest : public mote_test::VirtualTime {};

TEST_F(Task, FullPoolIsBusyAndSlotsAreReusedAfterTasksFinish) {
  // Shows: a pool of 2 accepts two live instances, refuses a third with Busy, and takes new
  // instances once the first two have finished.
  mote::Executor ex;
  const mote::Spawner sp = ex.spawner();
  pair_gate = {};
  pair_sum = 0;
  ASSERT_TRUE(sp.spawn(busy_pair(1)).has_value());
  ASSERT_TRUE(sp.spawn(busy_pair(2)).has_value());

  auto third = sp.spawn(busy_pair(4));

  ASSERT_FALSE(third.has_value());
  EXPECT_EQ(third.error(), mote::SpawnError::Busy);
  EXPECT_EQ(ex.live_tasks(), 2u);
  EXPECT_EQ(in_use("busy_pair"), 2u);
  pair_gate.release();
  ex.run();
  EXPECT_EQ(pair_sum, 3);  // the refused instance never ran
  EXPECT_EQ(in_use("busy_pair"), 0u);
  ASSERT_TRUE(sp.spawn(busy_pair(10)).has_value());
  ASSERT_TRUE(sp.spawn(busy_pair(20)).has_value());
  ex.run();
  EXPECT_EQ(pair_sum, 33);
}

TEST_F(Task, PoolTooBigForTheArenaIsNoMemoryAndOtherTasksStillSpawn) {
  // Shows: a pool that cannot fit fails with NoMemory without using arena bytes, keeps failing
  // with NoMemory (not Busy) on retry, and leaves the arena usable for other tasks.
  mote::Executor ex;
  const mote::Spawner sp = ex.spawner();
  after_huge_value = 0;
  const mote::ArenaStats before = mote::arena_stats();

  auto huge = sp.spawn(huge_pool());

  ASSERT_FALSE(huge.has_value());
  EXPECT_EQ(huge.error(), mote::SpawnError::NoMemory);
  EXPECT_EQ(mote::arena_stats().used_bytes, before.used_bytes);
  EXPECT_FALSE(mote::task_info("huge_pool").has_value());  // never reserved, so not listed
  EXPECT_GT(huge_pool.pool().wanted_bytes(), before.total_bytes);
  auto retry = sp.spawn(huge_pool());
  ASSERT_FALSE(retry.has_value());
  EXPECT_EQ(retry.error(), mote::SpawnError::NoMemory);
  ASSERT_TRUE(sp.spawn(after_huge(5)).has_value());
  ex.run();
  EXPECT_EQ(after_huge_value, 5);
}

TEST_F(Task, ErrorMessagesDescribeEachError) {
  // Shows: each SpawnError has its own human-readable text.
  EXPECT_STREQ(mote::error_message(mote::SpawnError::Busy), "task pool full (all instances alive)");
  EXPECT_STREQ(mote::error_message(mote::SpawnError::NoMemory),
               "out of frame memory (arena too small for the task's pool)");
}

TEST_F(TaskDeathTest, MustSpawnOnAFullPoolPanicsNamingTheTask) {
  // Shows: must_spawn of a Busy token stops the program with the task's name and pool figures.
  EXPECT_DEATH(
      {
        mote::Executor ex;
        auto held = die_busy();  // occupies the only slot
        ex.spawner().must_spawn(die_busy());
      },
      "panicked: cannot spawn task 'die_busy': its pool is full \\(1 of 1 alive\\); raise its pool size");
}

TEST_F(TaskDeathTest, MustSpawnWithoutArenaMemoryPanicsNamingTheTaskAndTheBytes) {
  // Shows: must_spawn of a NoMemory token names the task, the bytes its pool needs, the
  // arena's free and total bytes, and how to fix it.
  EXPECT_DEATH(
      {
        mote::Executor ex;
        ex.spawner().must_spawn(die_huge());
      },
      "panicked: cannot spawn task 'die_huge': out of frame memory: its pool needs [0-9]+ bytes, the arena has "
      "[0-9]+ of 1048576 free \\(shrink pools or static data");
}

TEST_F(TaskDeathTest, UnwrappingAFailedSpawnPanicsWithTheErrorMessage) {
  // Shows: Result::unwrap on a Busy spawn panics with error_message(Busy).
  EXPECT_DEATH(
      {
        mote::Executor ex;
        auto held = die_busy();
        ex.spawner().spawn(die_busy()).unwrap();
      },
      "panicked: unwrap on an error: task pool full \\(all instances alive\\)");
}

TEST_F(Task, DroppedTokenFreesItsSlotAndItsParameters) {
  // Shows: a token dropped unspawned never runs, gives its slot back and destroys the copies
  // of its parameters.
  auto runs = std::make_shared<int>(0);
  {
    auto token = dropped_task(runs);
    ASSERT_TRUE(token.valid());
    EXPECT_EQ(in_use("dropped_task"), 1u);
    EXPECT_EQ(runs.use_count(), 2);  // the frame holds a copy
    EXPECT_FALSE(dropped_task(runs).valid());  // the pool of one is taken by `token`
  }

  EXPECT_EQ(in_use("dropped_task"), 0u);
  EXPECT_EQ(runs.use_count(), 1);
  EXPECT_EQ(*runs, 0);
  mote::Executor ex;
  ASSERT_TRUE(ex.spawner().spawn(dropped_task(runs)).has_value());
  ex.run();
  EXPECT_EQ(*runs, 1);
  EXPECT_EQ(runs.use_count(), 1);  // the finished task's frame released its copy too
}

TEST_F(Task, ParametersAreCopiedIntoTheFrame) {
  // Shows: the task sees the arguments as they were at the call, not the caller's later values.
  int n = 1;
  std::string s = "first value, long enough to live on the heap";
  mote::Executor ex;
  auto token = copy_params(n, s);
  n = 2;
  s = "second";

  ex.spawner().must_spawn(std::move(token));
  ex.run();

  EXPECT_EQ(seen_n, 1);
  EXPECT_EQ(seen_s, "first value, long enough to live on the heap");
}

TEST_F(Task, StaticReferenceParameterSeesTheCallersLaterValue) {
  // Shows: by contrast, a mote::Static<int&> parameter refers to the caller's variable.
  static int x = 1;
  mote::Executor ex;
  auto token = static_ref(mote::Static<int&>(x));
  x = 2;

  ex.spawner().must_spawn(std::move(token));
  ex.run();

  EXPECT_EQ(seen_ref, 2);
}

TEST_F(Task, TaskTakingASpawnerSpawnsOtherTasks) {
  // Shows: a task can spawn tasks on its executor; they count as live at once, obey their pool
  // limit, and run (in wake order) before the spawning task resumes from a yield.
  mote::Executor ex;
  child_log.clear();
  third_child_error.reset();
  ex.spawner().must_spawn(parent_task(ex.spawner()));

  ex.run();

  EXPECT_EQ(child_log, (std::vector<int>{1, 2}));
  ASSERT_TRUE(third_child_error.has_value());
  EXPECT_EQ(*third_child_error, mote::SpawnError::Busy);
  EXPECT_EQ(live_seen_by_parent, 3u);
  EXPECT_EQ(log_after_parent_yield, (std::vector<int>{1, 2}));
  EXPECT_EQ(ex.live_tasks(), 0u);
}
