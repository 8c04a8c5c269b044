// Join handles (mote/join.hpp): join, values, cancellation in every state, detaching, moves.
#include <memory>
#include <utility>
#include <vector>

#include "test_support.hpp"

using namespace mote::literals;

namespace {

using mote_test::Gate;
using mote_test::in_use;

// Counts destructions: a cancelled task's locals must be destroyed.
struct Tracker {
  int* destroyed;
  explicit Tracker(int* d) : destroyed(d) {}
  Tracker(Tracker&& o) noexcept : destroyed(std::exchange(o.destroyed, nullptr)) {}
  ~Tracker() {
    if (destroyed != nullptr) ++*destroyed;
  }
};

std::vector<int> events;

MOTE_TASK_RESULT(int, square, 2, int x) {
  co_await mote::yield_now();
  events.push_back(x);
  co_return x * x;
}

Gate gate;
int destroyed = 0;
bool after_gate = false;
MOTE_TASK(waits_on_gate, 1) {
  Tracker t(&destroyed);
  co_await gate.wait();
  after_gate = true;
}

mote::Signal<int> g_signal;
int signal_seen = -1;
MOTE_TASK_RESULT(int, waits_on_signal, 1) {
  Tracker t(&destroyed);
  const int v = co_await g_signal.wait();
  signal_seen = v;
  co_return v;
}


MOTE_TASK(sleeper, 1) {
  Tracker t(&destroyed);
  co_await mote::Timer::after(1_s);
  after_gate = true;
}

mote::JoinHandle* self_handle = nullptr;
bool ran_past_self_cancel = false;
int self_steps = 0;
MOTE_TASK(cancels_itself, 1) {
  Tracker t(&destroyed);
  ++self_steps;
  self_handle->cancel();  // from inside: it ends at the next await
  ++self_steps;           // still running until then
  co_await mote::yield_now();
  ran_past_self_cancel = true;
}

bool joiner_done = false;
mote::Result<int, mote::Cancelled> joined = mote::Err{mote::Cancelled{}};
MOTE_TASK(joiner, 1, mote::Static<mote::JoinHandleOf<int>&> h) {
  joined = co_await h->join();
  joiner_done = true;
}

bool void_joined_ok = false;
MOTE_TASK(void_joiner, 1, mote::Static<mote::JoinHandle&> h) {
  auto r = co_await h->join();
  void_joined_ok = r.has_value();
}

MOTE_TASK(quick, 2) { co_return; }

bool join_timed_out = false;
MOTE_TASK(timed_joiner, 1, mote::Static<mote::JoinHandle&> h) {
  auto r = co_await mote::with_timeout(10_ms, h->join());
  join_timed_out = !r.has_value();
}

class Join : public mote_test::VirtualTime {
 protected:
  void SetUp() override {
    VirtualTime::SetUp();
    events.clear();
    gate = {};
    destroyed = 0;
    after_gate = false;
    signal_seen = -1;
    joiner_done = false;
    joined = mote::Err{mote::Cancelled{}};
  }
};

}  // namespace

TEST_F(Join, JoinYieldsTheValueOnceTheTaskHasFinished) {
  // Shows: join() waits for the task's end and yields what it returned; is_finished follows.
  mote::Executor ex;
  auto h = ex.spawner().spawn_joinable(square(7)).unwrap();
  EXPECT_FALSE(h.is_finished());
  ex.spawner().must_spawn(joiner(mote::Static<mote::JoinHandleOf<int>&>(h)));
  ex.run();
  EXPECT_TRUE(joiner_done);
  ASSERT_TRUE(joined.has_value());
  EXPECT_EQ(*joined, 49);
  EXPECT_TRUE(h.is_finished());
  EXPECT_EQ(in_use("square"), 0u);
}

TEST_F(Join, JoiningAFinishedTaskCompletesAtOnce) {
  // Shows: the value is kept in the handle after the task's frame is gone.
  mote::Executor ex;
  auto h = ex.spawner().spawn_joinable(square(3)).unwrap();
  ex.run();  // square finished, no joiner yet
  ASSERT_TRUE(h.is_finished());
  EXPECT_EQ(in_use("square"), 0u);
  ex.spawner().must_spawn(joiner(mote::Static<mote::JoinHandleOf<int>&>(h)));
  ex.run();
  ASSERT_TRUE(joined.has_value());
  EXPECT_EQ(*joined, 9);
}

TEST_F(Join, VoidTaskJoins) {
  mote::Executor ex;
  auto h = ex.spawner().spawn_joinable(quick()).unwrap();
  void_joined_ok = false;
  ex.spawner().must_spawn(void_joiner(mote::Static<mote::JoinHandle&>(h)));
  ex.run();
  EXPECT_TRUE(void_joined_ok);
}

TEST_F(Join, CancelWhileSuspendedDestroysTheTaskAtItsAwait) {
  // Shows: cancel() ends a task waiting on a future that never completes: its locals are
  // destroyed, its slot is freed, the code after the await never runs, join yields Cancelled.
  mote::Executor ex;
  auto h = ex.spawner().spawn_joinable(waits_on_gate()).unwrap();
  ex.poll();  // runs up to the gate
  ASSERT_EQ(in_use("waits_on_gate"), 1u);
  ASSERT_EQ(destroyed, 0);

  h.cancel();
  EXPECT_FALSE(h.is_finished());  // deferred to the executor
  ex.run();

  EXPECT_TRUE(h.is_finished());
  EXPECT_EQ(destroyed, 1);
  EXPECT_FALSE(after_gate);
  EXPECT_EQ(in_use("waits_on_gate"), 0u);
  EXPECT_EQ(ex.live_tasks(), 0u);
  gate.release();  // the stale waker it left in the gate: waking a finished task is a no-op
  ex.run();
  EXPECT_FALSE(after_gate);
  // The slot is reusable.
  auto again = ex.spawner().spawn_joinable(waits_on_gate()).unwrap();
  ex.run();
  EXPECT_TRUE(after_gate);
  EXPECT_TRUE(again.is_finished());
}

TEST_F(Join, CancelledWaiterLosesNothingForTheNextOne) {
  // Shows: a task cancelled while waiting on a Signal leaves the signal's value for the next
  // waiter; join yields Cancelled, not a value.
  mote::Executor ex;
  auto h = ex.spawner().spawn_joinable(waits_on_signal()).unwrap();
  ex.poll();
  h.cancel();
  g_signal.signal(5);  // after the cancel, before the executor ran: the cancelled task must not take it
  ex.spawner().must_spawn(joiner(mote::Static<mote::JoinHandleOf<int>&>(h)));
  ex.poll();
  EXPECT_TRUE(joiner_done);
  EXPECT_FALSE(joined.has_value());
  EXPECT_EQ(signal_seen, -1);
  EXPECT_EQ(destroyed, 1);
  ASSERT_TRUE(g_signal.try_take().has_value());  // still there for whoever waits next
}

TEST_F(Join, CancelWhileQueuedBeforeItEverRan) {
  // Shows: a task cancelled between its spawn and its first run never runs its body.
  mote::Executor ex;
  auto h = ex.spawner().spawn_joinable(square(4)).unwrap();
  h.cancel();
  ex.run();
  EXPECT_TRUE(events.empty());
  EXPECT_TRUE(h.is_finished());
  EXPECT_EQ(in_use("square"), 0u);
  ex.spawner().must_spawn(joiner(mote::Static<mote::JoinHandleOf<int>&>(h)));
  ex.run();
  EXPECT_FALSE(joined.has_value());
}

TEST_F(Join, CancelWhileSleepingRemovesItsTimer) {
  mote::Executor ex;
  auto h = ex.spawner().spawn_joinable(sleeper()).unwrap();
  ex.poll();
  EXPECT_EQ(mote::detail::timer_queue_size(), 1u);
  h.cancel();
  ex.run();  // returns: nothing alive (a leftover timer would not keep it, but the queue must be empty)
  EXPECT_EQ(mote::detail::timer_queue_size(), 0u);
  EXPECT_EQ(destroyed, 1);
  EXPECT_FALSE(after_gate);
}

TEST_F(Join, CancelFromItselfEndsItAtItsNextAwait) {
  // Shows: a task that cancels itself runs on to its next await and is destroyed there.
  mote::Executor ex;
  auto h = ex.spawner().spawn_joinable(cancels_itself()).unwrap();
  self_handle = &h;
  self_steps = 0;
  ran_past_self_cancel = false;
  ex.run();
  EXPECT_EQ(self_steps, 2);
  EXPECT_FALSE(ran_past_self_cancel);
  EXPECT_EQ(destroyed, 1);
  EXPECT_TRUE(h.is_finished());
  EXPECT_EQ(in_use("cancels_itself"), 0u);
  self_handle = nullptr;
}

TEST_F(Join, CancelAfterFinishingKeepsTheValueAndCancelTwiceIsHarmless) {
  mote::Executor ex;
  auto h = ex.spawner().spawn_joinable(square(6)).unwrap();
  ex.run();
  h.cancel();  // finished: no effect
  h.cancel();
  ex.spawner().must_spawn(joiner(mote::Static<mote::JoinHandleOf<int>&>(h)));
  ex.run();
  ASSERT_TRUE(joined.has_value());
  EXPECT_EQ(*joined, 36);

  auto g = ex.spawner().spawn_joinable(waits_on_gate()).unwrap();
  ex.poll();
  g.cancel();
  g.cancel();  // the second request changes nothing
  ex.run();
  EXPECT_EQ(destroyed, 1);
  EXPECT_EQ(in_use("waits_on_gate"), 0u);
}

TEST_F(Join, DroppingTheHandleDetaches) {
  // Shows: the task runs on to its end after its handle is gone; its value is dropped.
  mote::Executor ex;
  {
    auto h = ex.spawner().spawn_joinable(square(2)).unwrap();
  }
  ex.run();
  EXPECT_EQ(events, std::vector<int>{2});
  EXPECT_EQ(in_use("square"), 0u);
}

TEST_F(Join, MovedHandleStillJoins) {
  mote::Executor ex;
  auto first = ex.spawner().spawn_joinable(square(5)).unwrap();
  mote::JoinHandleOf<int> moved(std::move(first));
  EXPECT_TRUE(first.is_finished());  // empty now
  mote::JoinHandleOf<int> assigned;
  assigned = std::move(moved);
  ex.spawner().must_spawn(joiner(mote::Static<mote::JoinHandleOf<int>&>(assigned)));
  ex.run();
  ASSERT_TRUE(joined.has_value());
  EXPECT_EQ(*joined, 25);
}

TEST_F(Join, AFullPoolIsASpawnError) {
  mote::Executor ex;
  auto a = ex.spawner().spawn_joinable(square(1));
  auto b = ex.spawner().spawn_joinable(square(2));
  auto c = ex.spawner().spawn_joinable(square(3));
  ASSERT_TRUE(a.has_value());
  ASSERT_TRUE(b.has_value());
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error(), mote::SpawnError::Busy);
  ex.run();
  EXPECT_EQ(events, (std::vector<int>{1, 2}));
}

TEST_F(Join, PlainSpawnOfAValueTaskDropsTheValue) {
  mote::Executor ex;
  ASSERT_TRUE(ex.spawner().spawn(square(9)).has_value());
  ex.run();
  EXPECT_EQ(events, std::vector<int>{9});
}

TEST_F(Join, ATimedOutJoinForgetsItsWaiter) {
  // Shows: a join future destroyed by with_timeout unregisters; the handle can be joined again
  // by another task later.
  mote::Executor ex;
  auto h = ex.spawner().spawn_joinable(waits_on_gate()).unwrap();
  join_timed_out = false;
  void_joined_ok = false;
  ex.spawner().must_spawn(timed_joiner(mote::Static<mote::JoinHandle&>(h)));
  // Runs until only waits_on_gate is left alive (timed_joiner gave up after 10 ms).
  while (ex.live_tasks() > 1) {
    ex.poll();
    ex.idle();
  }
  EXPECT_TRUE(join_timed_out);
  EXPECT_FALSE(h.is_finished());
  ex.spawner().must_spawn(void_joiner(mote::Static<mote::JoinHandle&>(h)));  // a second joiner is fine
  gate.release();
  ex.run();
  EXPECT_TRUE(h.is_finished());
  EXPECT_TRUE(void_joined_ok);
}
