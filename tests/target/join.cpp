// Firmware test: join handles (mote/join.hpp) on the real executor, its time driver and an
// interrupt handler.
//
// 1. Values: three MOTE_TASK_RESULT workers sleep for different times; joining them in spawn
//    order yields each one's value.
// 2. Cancel from an interrupt: a task sleeps on a 1 s timer; a software-pended interrupt
//    handler (level 2, above thread mode) cancels it. Its join yields Cancelled within a few
//    milliseconds (not after the second), its local's destructor ran, its pool slot is free and
//    its timer is gone from the queue.
// 3. Cancel from an interrupt while the task is queued: the handler wakes the task through a
//    Signal and cancels it in the same handler: the value it was handed stays in the Signal.
// 4. Cancel twice and cancel after finishing: no effect beyond the first.
#include <mote/mote.hpp>

#include <cstdio>

#include "soft_irqs.hpp"
#include "check.hpp"

using namespace mote::literals;

namespace {

using target_test::check;
using target_test::g_ok;

int g_destroyed = 0;
struct Tracker {
  ~Tracker() { ++g_destroyed; }
};

MOTE_TASK_RESULT(int, worker, 3, int id, mote::Duration sleep) {
  co_await mote::Timer::after(sleep);
  co_return id * 10;
}

bool g_woke_after_timer = false;
MOTE_TASK(sleeper, 1) {
  Tracker t;
  co_await mote::Timer::after(1_s);
  g_woke_after_timer = true;
}

mote::Signal<int> g_signal;
int g_signal_taken = -1;
MOTE_TASK(signal_waiter, 1) {
  Tracker t;
  g_signal_taken = co_await g_signal.wait();
}

// The handle the interrupt handler cancels, and what it does besides.
mote::JoinHandle* volatile g_to_cancel = nullptr;
volatile bool g_signal_first = false;

}  // namespace

extern "C" void MOTE_TEST_SOFT_IRQ_C_HANDLER() noexcept {
  if (g_signal_first) g_signal.signal(5);  // wakes signal_waiter (queued with the value)...
  if (mote::JoinHandle* h = g_to_cancel) {
    h->cancel();  // ...and cancels it before it ran
    h->cancel();  // a second request changes nothing
  }
}

MOTE_MAIN(spawner) {
  mote_test::enable(mote_test::kSoftIrqC, 2);

  // 1. Values.
  auto a = spawner.spawn_joinable(worker(1, 30_ms)).unwrap();
  auto b = spawner.spawn_joinable(worker(2, 10_ms)).unwrap();
  auto c = spawner.spawn_joinable(worker(3, 20_ms)).unwrap();
  auto ra = co_await a.join();
  auto rb = co_await b.join();
  auto rc = co_await c.join();
  const bool values_ok = ra && rb && rc && *ra == 10 && *rb == 20 && *rc == 30;
  std::printf("joined 3 workers: %d %d %d %s\n", ra ? *ra : -1, rb ? *rb : -1, rc ? *rc : -1, values_ok ? "ok" : "FAILED");
  check(values_ok, "worker values");
  check(worker.pool().in_use() == 0, "worker slots free");

  // 2. Cancel a sleeping task from an interrupt.
  g_destroyed = 0;
  mote::JoinHandle s = spawner.spawn_joinable(sleeper()).unwrap();
  co_await mote::Timer::after(5_ms);  // it sleeps now
  check(mote::detail::timer_queue_size() == 1, "the sleeper's timer is queued");
  const mote::Instant cancelled_at = mote::Instant::now();
  g_to_cancel = &s;
  mote_test::pend(mote_test::kSoftIrqC);
  auto rs = co_await s.join();
  g_to_cancel = nullptr;
  const auto took = mote::Instant::now() - cancelled_at;
  const bool cancel_ok = !rs && rs.error() == mote::Cancelled{} && !g_woke_after_timer && g_destroyed == 1 &&
                         sleeper.pool().in_use() == 0 && mote::detail::timer_queue_size() == 0 && took < 100_ms;
  std::printf("cancelled from an interrupt while sleeping: join after %lu us, destructor ran %d time(s), slot %s, %s\n",
              static_cast<unsigned long>(took.as_micros()), g_destroyed, sleeper.pool().in_use() == 0 ? "free" : "held",
              cancel_ok ? "ok" : "FAILED");
  check(cancel_ok, "cancel while sleeping");

  // 3. Cancel from an interrupt right after waking it through a Signal.
  g_destroyed = 0;
  mote::JoinHandle w = spawner.spawn_joinable(signal_waiter()).unwrap();
  co_await mote::yield_now();  // it waits on the signal now
  g_signal_first = true;
  g_to_cancel = &w;
  mote_test::pend(mote_test::kSoftIrqC);
  auto rw = co_await w.join();
  g_to_cancel = nullptr;
  g_signal_first = false;
  const auto left = g_signal.try_take();
  const bool queued_ok = !rw && g_signal_taken == -1 && g_destroyed == 1 && left.has_value() && *left == 5;
  std::printf("cancelled from an interrupt while queued: value %s, %s\n",
              left.has_value() ? "left in the signal" : "lost", queued_ok ? "ok" : "FAILED");
  check(queued_ok, "cancel while queued");

  // 4. Cancel after finishing keeps the value.
  auto d = spawner.spawn_joinable(worker(4, 1_ms)).unwrap();
  co_await mote::Timer::after(5_ms);
  d.cancel();
  d.cancel();
  auto rd = co_await d.join();
  const bool after_ok = rd && *rd == 40;
  std::printf("cancel after finishing: value %d %s\n", rd ? *rd : -1, after_ok ? "ok" : "FAILED");
  check(after_ok, "cancel after finishing");

  std::printf("%s\n", g_ok ? "ok" : "FAILED");
  mote::exit(g_ok ? 0 : 1);
}
