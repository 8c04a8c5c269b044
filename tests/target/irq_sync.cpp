// Firmware test: channels and signals fed from interrupt handlers wake thread-mode tasks, and
// tasks of the thread-mode executor and of an interrupt executor wake each other.
//
// 1. A plain interrupt handler (a software-pended interrupt) try_sends into a channel until it
//    is full (the value that does not fit comes back in the error), while the thread-mode task
//    that receives is asleep: the executor sleeps in WFI and the handler's wake-up must reach it.
// 2. The same handler signals a Signal another sleeping thread-mode task waits on.
// 3. Ping-pong: a thread-mode task and a task on an interrupt executor at level 1 pass a counter
//    back and forth through two channels.
#include <mote/mote.hpp>

#include <cstdio>

#include "soft_irqs.hpp"

using namespace mote::literals;

namespace {

constexpr int kCapacity = 4;
constexpr int kRounds = 3;
constexpr int kRoundTrips = 100;

mote::Channel<int, kCapacity> g_from_irq;
mote::Signal<int> g_signal;
mote::Channel<int, 1> g_to_high;
mote::Channel<int, 1> g_to_thread;
mote::InterruptExecutor high;

// The handler's work per pend: fill the channel (one value more than fits) and signal.
volatile int g_next_value = 0;
volatile int g_rejected = 0;  // values try_send handed back because the channel was full
volatile int g_signal_value = 0;
volatile bool g_ok = true;

void check(bool condition, const char* what) noexcept {
  if (!condition) {
    std::printf("FAILED: %s\n", what);
    g_ok = false;
  }
}

void pend_soft_irq() noexcept { mote_test::pend(mote_test::kSoftIrqC); }

// Waits for the handler's values; asleep (the executor in WFI) when the interrupt comes.
MOTE_TASK(channel_receiver, 1) {
  int expected = 0;
  for (int round = 0; round < kRounds; ++round) {
    for (int i = 0; i < kCapacity; ++i) {
      const int v = co_await g_from_irq.receive();
      if (v != expected) {
        std::printf("FAILED: received %d, expected %d\n", v, expected);
        g_ok = false;
      }
      expected = v + 1;
    }
  }
  const bool ok = expected == kRounds * kCapacity && g_rejected == kRounds;
  std::printf("channel from an interrupt: %d values in order, %d refused while full, %s\n", expected,
              static_cast<int>(g_rejected), ok ? "ok" : "FAILED");
  if (!ok) g_ok = false;
}

MOTE_TASK(signal_waiter, 1) {
  int last = 0;
  for (int round = 0; round < kRounds; ++round) {
    const int v = co_await g_signal.wait();
    check(v == 100 + round, "signal value");
    last = v;
  }
  std::printf("signal from an interrupt: %d signals, last %d, %s\n", kRounds, last, g_ok ? "ok" : "FAILED");
}

// Runs on `high`: echoes every value + 1.
MOTE_TASK(echo, 1) {
  for (;;) {
    const int v = co_await g_to_high.receive();
    if (v < 0) break;
    co_await g_to_thread.send(v + 1);
  }
}

MOTE_TASK(driver, 1, mote::Spawner spawner, mote::Spawner high_spawner) {
  // 1 + 2: the receivers are asleep when the handler runs (it runs a while later, from here).
  spawner.must_spawn(channel_receiver());
  spawner.must_spawn(signal_waiter());
  for (int round = 0; round < kRounds; ++round) {
    co_await mote::Timer::after(100_us);
    pend_soft_irq();  // the handler preempts us at once
    co_await mote::Timer::after(100_us);
  }
  co_await mote::Timer::after(1_ms);
  check(channel_receiver.pool().in_use() == 0 && signal_waiter.pool().in_use() == 0, "receivers finished");

  // 3: ping-pong across executors.
  high_spawner.must_spawn(echo());
  int v = 0;
  const mote::Instant start = mote::Instant::now();
  for (int i = 0; i < kRoundTrips; ++i) {
    co_await g_to_high.send(v);
    v = co_await g_to_thread.receive();
  }
  const mote::Duration took = mote::Instant::now() - start;
  co_await g_to_high.send(-1);  // ends echo
  co_await mote::Timer::after(100_us);
  const bool ok = v == kRoundTrips && high.live_tasks() == 0;
  std::printf("round trips with level 1: %d, %lu ticks each, %s\n", v,
              static_cast<unsigned long>(took.ticks() / kRoundTrips), ok ? "ok" : "FAILED");
  if (!ok) g_ok = false;
  std::printf("%s\n", g_ok ? "ok" : "FAILED");
  mote::exit(g_ok ? 0 : 1);
}

}  // namespace

// A plain handler, no executor: what a driver's interrupt does.
extern "C" void MOTE_TEST_SOFT_IRQ_C_HANDLER() noexcept {
  for (;;) {
    const int value = g_next_value;
    const auto sent = g_from_irq.try_send(value);
    if (!sent.has_value()) {
      // Full: the value comes back in the error; it is sent first next time.
      if (sent.error().value != value) g_ok = false;
      g_rejected = g_rejected + 1;
      break;
    }
    g_next_value = value + 1;
  }
  g_signal.signal(100 + g_signal_value);
  g_signal_value = g_signal_value + 1;
}

MOTE_INTERRUPT_EXECUTOR_HANDLER(high, MOTE_TEST_SOFT_IRQ_A_HANDLER)

MOTE_MAIN(spawner) {
  mote_test::enable(mote_test::kSoftIrqC, 2);
  spawner.must_spawn(driver(spawner, high.start(mote_test::kSoftIrqA, 1)));
  co_return;
}
