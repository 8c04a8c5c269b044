// The executor: run() and poll(), live task count, wake order, fairness, spurious and stale
// wake-ups.
#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "test_support.hpp"

namespace {

using mote_test::Gate;

using mote_test::in_use;

int sleepers_done = 0;
MOTE_TASK(sleeper, 3, int ms) {
  co_await mote::Timer::after(mote::Duration::from_millis(static_cast<std::uint64_t>(ms)));
  ++sleepers_done;
}

Gate live_gate;
MOTE_TASK(live_quick, 1) { co_return; }
MOTE_TASK(live_waiter, 1) { co_await live_gate.wait(); }

Gate fifo_gates[3];
std::vector<int> fifo_log;
MOTE_TASK(fifo_task, 3, int id) {
  fifo_log.push_back(id);
  co_await fifo_gates[id].wait();
  fifo_log.push_back(10 + id);
}

std::string yield_log;
MOTE_TASK(yielder, 2, char name, int rounds) {
  for (int i = 0; i < rounds; ++i) {
    yield_log += name;
    co_await mote::yield_now();
  }
}

bool stepper_done = false;
int spins = 0;
MOTE_TASK(spinner, 1) {
  while (!stepper_done) {
    ++spins;
    co_await mote::yield_now();
  }
}
MOTE_TASK(stepper, 1) {
  for (int i = 0; i < 3; ++i) co_await mote::yield_now();
  stepper_done = true;
}

Gate spurious_gate;
bool spurious_resumed = false;
MOTE_TASK(spurious_task, 1) {
  co_await spurious_gate.wait();
  spurious_resumed = true;
}

// A future that is ready at once and keeps the waker it was polled with.
mote::Waker kept_waker;
struct CaptureWaker {
  bool poll(mote::Waker w) noexcept {
    kept_waker = w;
    return true;
  }
  void take() const noexcept {}
};
int short_lived_runs = 0;
MOTE_TASK(short_lived, 1) {
  co_await CaptureWaker{};
  ++short_lived_runs;
}

Gate reuse_gate;
MOTE_TASK(reused_slot, 1, bool wait) {
  if (wait) {
    co_await reuse_gate.wait();
  } else {
    co_await CaptureWaker{};
  }
}

Gate many_gate;
MOTE_TASK(many_wakes, 1) { co_await many_gate.wait(); }

int wake_then_finish_runs = 0;
MOTE_TASK(wake_then_finish, 1) {
  // yield_now wakes this task, then the past timer makes the select ready at once: the task
  // finishes while a wake-up for it is queued.
  co_await mote::select(mote::yield_now(), mote::Timer::at(mote::Instant::from_ticks(0)));
  ++wake_then_finish_runs;
}

// Two tasks hand over to each other many times; the stack pointer sampled in a function they
// call must never move: a hand-over that is not a tail call would leave a frame behind each time.
std::uintptr_t depth_first_sp = 0;
std::uintptr_t depth_deepest_sp = UINTPTR_MAX;
int depth_samples = 0;
[[gnu::noinline]] void sample_stack_depth() {
  const auto sp = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
  if (depth_samples++ == 0) depth_first_sp = sp;
  depth_deepest_sp = std::min(depth_deepest_sp, sp);
}
MOTE_TASK(hand_over, 2) {
  for (int i = 0; i < 100000; ++i) {
    sample_stack_depth();
    co_await mote::yield_now();
  }
}

}  // namespace

class ExecutorTest : public mote_test::VirtualTime {};

TEST_F(ExecutorTest, RunReturnsOnceEveryTaskFinished) {
  // Shows: run() keeps going until the last task is done (here the 7 ms sleeper), then returns.
  mote::Executor ex;
  sleepers_done = 0;
  const mote::Instant start = mote::Instant::now();
  ex.spawner().must_spawn(sleeper(3));
  ex.spawner().must_spawn(sleeper(7));
  ex.spawner().must_spawn(sleeper(5));

  ex.run();

  EXPECT_EQ(sleepers_done, 3);
  EXPECT_EQ(ex.live_tasks(), 0u);
  EXPECT_EQ((mote::Instant::now() - start).as_micros(), 7000u);
  EXPECT_FALSE(ex.poll());  // nothing left queued
}

TEST_F(ExecutorTest, LiveTasksCountsSpawnedUnfinishedTasks) {
  // Shows: live_tasks() counts from spawn to finish, not only tasks in the run queue.
  mote::Executor ex;
  live_gate = {};
  ex.spawner().must_spawn(live_quick());
  ex.spawner().must_spawn(live_waiter());
  EXPECT_EQ(ex.live_tasks(), 2u);

  EXPECT_TRUE(ex.poll());
  EXPECT_EQ(ex.live_tasks(), 1u);  // live_quick finished, live_waiter waits
  EXPECT_FALSE(ex.poll());         // a waiting task is alive but not queued
  EXPECT_EQ(ex.live_tasks(), 1u);
  live_gate.release();
  ex.run();

  EXPECT_EQ(ex.live_tasks(), 0u);
}

TEST_F(ExecutorTest, TasksRunInWakeOrder) {
  // Shows: the first batch runs in spawn order, later ones in the order the tasks were woken.
  mote::Executor ex;
  fifo_log.clear();
  for (Gate& g : fifo_gates) g = {};
  for (int id = 0; id < 3; ++id) ex.spawner().must_spawn(fifo_task(id));
  ex.poll();
  ASSERT_EQ(fifo_log, (std::vector<int>{0, 1, 2}));

  fifo_gates[2].release();
  fifo_gates[0].release();
  fifo_gates[1].release();
  ex.poll();

  EXPECT_EQ(fifo_log, (std::vector<int>{0, 1, 2, 12, 10, 11}));
  EXPECT_EQ(ex.live_tasks(), 0u);
}

TEST_F(ExecutorTest, YieldingTasksInterleave) {
  // Shows: a task that yields goes to the back of the queue, so two yielding tasks alternate.
  mote::Executor ex;
  yield_log.clear();
  ex.spawner().must_spawn(yielder('a', 3));
  ex.spawner().must_spawn(yielder('b', 3));

  ex.run();

  EXPECT_EQ(yield_log, "ababab");
}

TEST_F(ExecutorTest, SelfWakingTaskDoesNotStarveAnother) {
  // Shows: a task that keeps waking itself runs once per batch, so another ready task makes
  // progress at the same pace (the spinner stops as soon as the stepper has finished).
  mote::Executor ex;
  stepper_done = false;
  spins = 0;
  ex.spawner().must_spawn(spinner());
  ex.spawner().must_spawn(stepper());

  ex.run();

  EXPECT_TRUE(stepper_done);
  EXPECT_EQ(spins, 4);  // one spin per batch: 3 yields of the stepper + the batch it finished in
}

TEST_F(ExecutorTest, PollRunsEachReadyTaskOncePerBatch) {
  // Shows: one poll() is one batch, even for a task that woke itself during it.
  mote::Executor ex;
  yield_log.clear();
  ex.spawner().must_spawn(yielder('c', 3));

  EXPECT_TRUE(ex.poll());
  EXPECT_EQ(yield_log, "c");
  EXPECT_TRUE(ex.poll());
  EXPECT_EQ(yield_log, "cc");

  ex.run();
  EXPECT_EQ(yield_log, "ccc");
}

TEST_F(ExecutorTest, SpuriousWakePollsTheFutureButDoesNotResumeTheTask) {
  // Shows: waking a task whose future is not ready re-polls the future only.
  mote::Executor ex;
  spurious_gate = {};
  spurious_resumed = false;
  ex.spawner().must_spawn(spurious_task());
  ex.poll();
  ASSERT_EQ(spurious_gate.polls, 1);
  ASSERT_FALSE(spurious_gate.waiters.empty());

  spurious_gate.waiters.front().wake();
  EXPECT_TRUE(ex.poll());

  EXPECT_EQ(spurious_gate.polls, 2);
  EXPECT_FALSE(spurious_resumed);
  EXPECT_EQ(ex.live_tasks(), 1u);
  spurious_gate.release();
  ex.run();
  EXPECT_EQ(spurious_gate.polls, 3);
  EXPECT_TRUE(spurious_resumed);
}

TEST_F(ExecutorTest, WakingAFinishedTaskDoesNothing) {
  // Shows: a Waker kept after its task ended is harmless: nothing is queued or run, and the
  // dead frame is not touched beyond its header (ASan would report it).
  mote::Executor ex;
  short_lived_runs = 0;
  kept_waker = {};
  ex.spawner().must_spawn(short_lived());
  ex.run();
  ASSERT_EQ(short_lived_runs, 1);
  ASSERT_TRUE(kept_waker);

  kept_waker.wake();
  kept_waker.wake();

  EXPECT_FALSE(ex.poll());
  ex.run();
  EXPECT_EQ(short_lived_runs, 1);
  EXPECT_EQ(ex.live_tasks(), 0u);
  EXPECT_EQ(in_use("short_lived"), 0u);
}

TEST_F(ExecutorTest, StaleWakerOfAReusedSlotIsOnlyASpuriousWake) {
  // Shows: a Waker of a finished task whose slot now holds a new instance only re-polls the
  // new instance's future; it does not resume it.
  mote::Executor ex;
  reuse_gate = {};
  kept_waker = {};
  ex.spawner().must_spawn(reused_slot(false));
  ex.run();
  const mote::Waker stale = kept_waker;
  ex.spawner().must_spawn(reused_slot(true));
  ex.poll();
  ASSERT_EQ(reuse_gate.polls, 1);
  ASSERT_EQ(reuse_gate.waiters.front(), stale);  // a pool of one: the same slot, the same header

  stale.wake();
  ex.poll();

  EXPECT_EQ(reuse_gate.polls, 2);
  EXPECT_EQ(ex.live_tasks(), 1u);
  reuse_gate.release();
  ex.run();
  EXPECT_EQ(ex.live_tasks(), 0u);
}

TEST_F(ExecutorTest, ManyWakesBeforeARunPollOnce) {
  // Shows: a task woken several times while queued is queued (and polled) once.
  mote::Executor ex;
  many_gate = {};
  ex.spawner().must_spawn(many_wakes());
  ex.poll();
  ASSERT_EQ(many_gate.polls, 1);
  const mote::Waker w = many_gate.waiters.front();

  for (int i = 0; i < 5; ++i) w.wake();
  EXPECT_TRUE(ex.poll());

  EXPECT_EQ(many_gate.polls, 2);
  EXPECT_FALSE(ex.poll());
  many_gate.release();
  ex.run();
  EXPECT_EQ(many_gate.polls, 3);
}

TEST_F(ExecutorTest, TaskWokenDuringItsLastPollStillFreesItsSlot) {
  // Shows: a task that finishes while a wake-up for it is queued gives its pool slot back by
  // the time run() returns, so the task function can be spawned again.
  mote::Executor ex;
  wake_then_finish_runs = 0;
  ex.spawner().must_spawn(wake_then_finish());

  ex.run();

  EXPECT_EQ(wake_then_finish_runs, 1);
  EXPECT_EQ(ex.live_tasks(), 0u);
  EXPECT_EQ(in_use("wake_then_finish"), 0u);
  auto again = ex.spawner().spawn(wake_then_finish());
  EXPECT_TRUE(again.has_value());
  ex.run();
  EXPECT_EQ(wake_then_finish_runs, again.has_value() ? 2 : 1);
}

TEST_F(ExecutorTest, HandingOverBetweenTasksDoesNotGrowTheStack) {
  // Shows: 200,000 hand-overs (symmetric transfer where the build enables it, the run loop
  // otherwise) leave the stack where it was.
  mote::Executor ex;
  depth_samples = 0;
  depth_deepest_sp = UINTPTR_MAX;
  ex.spawner().must_spawn(hand_over());
  ex.spawner().must_spawn(hand_over());
  ex.run();
  EXPECT_EQ(depth_samples, 200000);
  // A few words between entry paths at most; a leak per hand-over would be megabytes.
  EXPECT_LE(depth_first_sp - depth_deepest_sp, 64u);
}
