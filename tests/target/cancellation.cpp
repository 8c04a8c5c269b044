// Firmware test: cancelling a future (destroying it) leaves the primitive it waited on intact,
// also when an interrupt's wake-up for it is in flight.
//
// 1. select(Timer, channel.receive()) where the timer wins: the cancelled receive leaves no
//    waiter behind, so a value sent afterwards is taken by the next receive.
// 2. with_timeout on a Signal wait times out at its deadline, never before (the ticks late are
//    printed), and a signal sent later is still delivered to the next wait.
// 3. Races with an interrupt: a thread-mode task awaits select(Timer::at(deadline), receive())
//    (or a Signal wait) while a software-pended interrupt handler try_sends (or signals) at
//    deadline + delta, delta swept from -kSweep to +kSweep ticks. Around delta = 0 the handler's
//    wake-up arrives while the task is being woken by its timer, and the select cancels a waiter
//    that has just been woken. Whichever wins, every value must arrive exactly once, in order,
//    and no waiter may be left queued. The handler is pended at its instant by a task on an
//    interrupt executor (level 1); the handler itself runs at level 2, above thread mode.
#include <mote/mote.hpp>

#include <cstdio>

#include "soft_irqs.hpp"

using namespace mote::literals;

namespace {

constexpr std::uint64_t kMaxLateTicks = mote::Duration::from_micros(20).ticks();
// Sweep range in ticks: wide enough to cover the alarm-to-resume path (a few hundred
// instructions, i.e. a few hundred ns) on every board's tick rate.
constexpr std::int64_t kSweep = static_cast<std::int64_t>(mote::Duration::from_micros(2).ticks());
constexpr std::int64_t kSteps = 40;

mote::Channel<int, 4> g_channel;
mote::Signal<int> g_signal;
mote::InterruptExecutor high;

bool g_ok = true;
volatile int g_irq_value = 0;
volatile bool g_irq_uses_signal = false;
volatile int g_irq_refused = 0;

void check(bool condition, const char* what) noexcept {
  if (!condition) {
    std::printf("FAILED: %s\n", what);
    g_ok = false;
  }
}

// Runs on `high`: pends the plain handler at `at`.
MOTE_TASK(pend_at, 1, mote::Instant at) {
  co_await mote::Timer::at(at);
  mote_test::pend(mote_test::kSoftIrqC);
}

MOTE_TASK(check_all, 1, mote::Spawner high_spawner) {
  // 1. The timer wins a select against a receive.
  {
    const auto r = co_await mote::select(mote::Timer::after(1_ms), g_channel.receive());
    check(r.index() == 0, "the timer won");
    check(g_channel.try_send(7).has_value(), "try_send after the cancelled receive");
    const int v = co_await g_channel.receive();
    check(v == 7 && g_channel.is_empty(), "the next receive got the value");
    std::printf("select(timer, receive), timer won: later value %d received by the next receive\n", v);
  }

  // 2. with_timeout on a Signal wait.
  {
    const mote::Duration timeout = 10_ms;
    const mote::Instant start = mote::Instant::now();
    const auto r = co_await mote::with_timeout(timeout, g_signal.wait());
    const mote::Instant woke = mote::Instant::now();
    const mote::Instant deadline = start + timeout;  // with_timeout read the clock just after `start`
    const bool timed_out = !r.has_value() && r.error() == mote::TimeoutError::Elapsed;
    const bool early = woke < deadline;
    const std::uint64_t late = (woke - deadline).ticks();
    std::printf("with_timeout(10 ms, signal.wait()): %s, late %lu ticks%s\n", timed_out ? "timed out" : "NOT timed out",
                static_cast<unsigned long>(late), early ? " EARLY" : "");
    check(timed_out && !early && late <= kMaxLateTicks, "timed out at the deadline");
    g_signal.signal(11);
    const auto again = co_await mote::with_timeout(1_ms, g_signal.wait());
    check(again.has_value() && *again == 11, "a later signal is delivered");
    std::printf("a later signal is delivered: %d\n", again.has_value() ? *again : -1);
  }

  // 3. Cancellation racing an interrupt's wake-up.
  for (int kind = 0; kind < 2; ++kind) {
    const bool use_signal = kind == 1;
    g_irq_uses_signal = use_signal;
    int received_in_select = 0, in_flight = 0, received_after = 0;
    for (std::int64_t step = 0; step <= kSteps; ++step) {
      const std::int64_t delta = -kSweep + 2 * kSweep * step / kSteps;
      const int value = 1000 + static_cast<int>(step);
      g_irq_value = value;
      const mote::Instant deadline = mote::Instant::now() + 100_us;
      high_spawner.must_spawn(pend_at(mote::Instant::from_ticks(deadline.ticks() + static_cast<std::uint64_t>(delta))));
      int got = -1;
      if (use_signal) {
        const auto r = co_await mote::select(mote::Timer::at(deadline), g_signal.wait());
        if (r.index() == 1) {
          got = std::get<1>(r);
          ++received_in_select;
        }
      } else {
        const auto r = co_await mote::select(mote::Timer::at(deadline), g_channel.receive());
        if (r.index() == 1) {
          got = std::get<1>(r);
          ++received_in_select;
        }
      }
      if (got < 0) {
        // The timer won: the value was sent just before (the handler's wake-up was in flight
        // when the select cancelled the waiter), or is about to be. Either way it is still there
        // for the next wait, and nothing else is.
        if (use_signal ? g_signal.signaled() : !g_channel.is_empty()) ++in_flight;
        if (use_signal) {
          const auto r = co_await mote::with_timeout(1_ms, g_signal.wait());
          got = r.has_value() ? *r : -1;
        } else {
          const auto r = co_await mote::with_timeout(1_ms, g_channel.receive());
          got = r.has_value() ? *r : -1;
        }
        ++received_after;
      }
      co_await mote::Timer::after(50_us);  // the handler and pend_at are done
      if (got != value || !g_channel.is_empty() || g_signal.signaled() || pend_at.pool().in_use() != 0) {
        std::printf("FAILED: delta %ld ticks: got %d, expected %d\n", static_cast<long>(delta), got, value);
        g_ok = false;
      }
    }
    std::printf("%s raced with select's timer over %ld ticks: %d taken by the select, %d by the next wait "
                "(%d of them sent while the cancelled waiter's wake-up was in flight), none lost or doubled\n",
                use_signal ? "Signal::signal" : "Channel::try_send", static_cast<long>(2 * kSweep),
                received_in_select, received_after, in_flight);
  }
  check(g_irq_refused == 0, "the channel never filled up");
  std::printf("%s\n", g_ok ? "ok" : "FAILED");
  mote::exit(g_ok ? 0 : 1);
}

}  // namespace

// A plain handler: what a driver's interrupt does.
extern "C" void MOTE_TEST_SOFT_IRQ_C_HANDLER() noexcept {
  if (g_irq_uses_signal) {
    g_signal.signal(g_irq_value);
  } else if (!g_channel.try_send(g_irq_value).has_value()) {
    g_irq_refused = g_irq_refused + 1;
  }
}

MOTE_INTERRUPT_EXECUTOR_HANDLER(high, MOTE_TEST_SOFT_IRQ_A_HANDLER)

MOTE_MAIN(spawner) {
  mote_test::enable(mote_test::kSoftIrqC, 2);
  spawner.must_spawn(check_all(high.start(mote_test::kSoftIrqA, 1)));
  co_return;
}
