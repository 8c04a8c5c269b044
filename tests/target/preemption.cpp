// Firmware test: a task on an interrupt executor preempts a busy task of lower priority.
//
// Phase 1: a thread-mode task spins (no await) until a flag is set. A task on an interrupt
// executor at level 1, waiting for a timer that expires during the spin, runs inside the spin:
// it records the time, sets the flag, and the test prints how late after its deadline it ran.
// Phase 2: the same between two interrupt executors: a task at the least urgent level spins
// inside its handler and a level-1 task, woken by its timer, preempts it. (The least urgent
// level, so that on every chip the alarm interrupt, at level 1, can still preempt the spin.)
// Both phases also check that the preempted task still finds itself as the current task (its
// nested Async frames come from its own budget) once the preempting executor is done.
#include <mote/mote.hpp>

#include <cstdio>

#include "soft_irqs.hpp"

using namespace mote::literals;

namespace {

constexpr std::uint64_t kMaxLateTicks = mote::Duration::from_micros(20).ticks();
constexpr mote::Duration kSpinLimit = 20_ms;  // the spin gives up after this: the test fails

mote::InterruptExecutor high;    // level 1
mote::InterruptExecutor low;   // the least urgent level

// What the preempting task saw, written in its handler, read by the preempted task.
struct Observation {
  volatile bool fired = false;
  volatile bool saw_spin = false;     // the spinning task was inside its spin
  volatile int irq = -1;              // where the preempting task ran (mote_test::current_irq)
  volatile std::uint64_t ran_at = 0;  // ticks
};
Observation g_obs;
volatile bool g_spinning = false;
volatile bool g_ok = true;

void check(bool condition, const char* what) noexcept {
  if (!condition) {
    std::printf("FAILED: %s\n", what);
    g_ok = false;
  }
}

mote::Async<int> twice(int v) { co_return 2 * v; }

// Spins, with no await, until the preempting task has run (or the limit passes). Returns the
// number of loop iterations and when the spin ended.
std::uint32_t spin(mote::Instant& ended) noexcept {
  const mote::Instant limit = mote::Instant::now() + kSpinLimit;
  std::uint32_t spins = 0;
  g_spinning = true;
  while (!g_obs.fired && mote::Instant::now() < limit) ++spins;
  ended = mote::Instant::now();
  g_spinning = false;
  return spins;
}

// Prints and checks what one phase observed.
void report(const char* who, mote::Instant deadline, mote::Instant spin_end, std::uint32_t spins,
            unsigned expected_irq) noexcept {
  check(g_obs.fired, "the preempting task never ran during the spin");
  if (!g_obs.fired) return;
  const mote::Instant ran = mote::Instant::from_ticks(g_obs.ran_at);
  const std::uint64_t late = ran >= deadline ? (ran - deadline).ticks() : 0;
  std::printf("%s: ran %lu ticks (%lu ns) after its deadline, in interrupt %lu, %s the spin (%lu iterations)\n", who,
              static_cast<unsigned long>(late), static_cast<unsigned long>(late * 1000000000u / mote::kTickHz),
              static_cast<unsigned long>(g_obs.irq), g_obs.saw_spin ? "inside" : "OUTSIDE",
              static_cast<unsigned long>(spins));
  check(ran >= deadline, "the preempting task ran before its deadline");
  check(late <= kMaxLateTicks, "the preempting task ran late");
  check(g_obs.saw_spin && ran <= spin_end, "the preempting task did not run before the spin ended");
  check(g_obs.irq == static_cast<int>(expected_irq), "the preempting task did not run in its executor's interrupt");
}

// Runs on `high`: wakes at `deadline`, in the middle of someone else's spin.
MOTE_TASK(preempter, mote::pool(1).async_bytes(64), mote::Instant deadline) {
  co_await mote::Timer::at(deadline);
  g_obs.ran_at = mote::Instant::now().ticks();
  g_obs.irq = mote_test::current_irq();
  g_obs.saw_spin = g_spinning;
  const int v = co_await twice(4);  // a nested frame from this task's budget
  check(v == 8, "nested Async in the preempting task");
  g_obs.fired = true;
}

// Phase 2's victim: runs on `low` and spins inside its handler.
MOTE_TASK(low_spinner, mote::pool(1).async_bytes(64), mote::Instant deadline) {
  mote::detail::TaskHeader* const me = mote::detail::current_task;
  mote::Instant spin_end;
  const std::uint32_t spins = spin(spin_end);
  check(mote::detail::current_task == me, "current task restored after preemption (interrupt executor)");
  const int v = co_await twice(21);
  check(v == 42, "nested Async after preemption (interrupt executor)");
  char who[64];
  std::snprintf(who, sizeof who, "level-1 task preempting a level-%u task",
                mote_test::priority_level(low.irq()));
  report(who, deadline, spin_end, spins, high.irq());
}

MOTE_TASK(thread_spinner, mote::pool(1).async_bytes(64), mote::Spawner high_spawner, mote::Spawner low_spawner) {
  // Phase 1: thread mode spins, level 1 preempts.
  {
    g_obs = Observation{};
    const mote::Instant deadline = mote::Instant::now() + 1_ms;
    high_spawner.must_spawn(preempter(deadline));  // runs at once (its interrupt): arms its timer
    mote::detail::TaskHeader* const me = mote::detail::current_task;
    mote::Instant spin_end;
    const std::uint32_t spins = spin(spin_end);
    check(mote::detail::current_task == me, "current task restored after preemption (thread mode)");
    const int v = co_await twice(21);
    check(v == 42, "nested Async after preemption (thread mode)");
    report("level-1 task preempting thread mode", deadline, spin_end, spins, high.irq());
  }
  // Phase 2: the least urgent level spins in its handler, level 1 preempts it. Both tasks start
  // at once as they are spawned; the second spawn returns once the spinning task is done.
  {
    g_obs = Observation{};
    const mote::Instant deadline = mote::Instant::now() + 1_ms;
    high_spawner.must_spawn(preempter(deadline));
    low_spawner.must_spawn(low_spinner(deadline));
    co_await mote::Timer::after(1_ms);  // let both finish (they already have)
    check(high.live_tasks() == 0 && low.live_tasks() == 0, "interrupt executor tasks finished");
  }
  std::printf("priority levels: %u; %s\n", mote_test::priority_levels(high.irq()), g_ok ? "ok" : "FAILED");
  mote::exit(g_ok ? 0 : 1);
}

}  // namespace

MOTE_INTERRUPT_EXECUTOR_HANDLER(high, MOTE_TEST_SOFT_IRQ_A_HANDLER)
MOTE_INTERRUPT_EXECUTOR_HANDLER(low, MOTE_TEST_SOFT_IRQ_B_HANDLER)

MOTE_MAIN(spawner) {
  const mote::Spawner high_spawner = high.start(mote_test::kSoftIrqA, 1);
  const unsigned least_urgent = mote_test::priority_levels(mote_test::kSoftIrqB) - 1;
  const mote::Spawner low_spawner = low.start(mote_test::kSoftIrqB, least_urgent);
  spawner.must_spawn(thread_spinner(high_spawner, low_spawner));
  co_return;
}
