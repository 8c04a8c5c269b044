// Firmware test: the sync issue's stress test on a board. 1,000,000 numbered messages reach two
// consumer tasks through one Channel<uint32_t, 32> from three producers:
//   0. a periodic hardware timer interrupt (the least urgent level), try_send in bursts;
//   1. a software interrupt at a more urgent level, pended by the timer handler in the middle of
//      its burst, so it preempts a producer inside the channel's critical sections' reach;
//   2. a thread-mode task whose sends wait while the channel is full.
// Bursts (24 + 24) exceed the capacity (32), so try_send meets a full channel often; a refused
// value comes back in the error and is sent first next time. The consumers share the thread-mode
// executor and check each value as its receive completes, against one expected-next counter per
// producer: a lost, duplicated or reordered message is caught at once.
#include <mote/mote.hpp>

#include <cstdint>
#include <cstdio>

#include "soft_irqs.hpp"
#include MOTE_TEST_PERIODIC_TIMER_HEADER

namespace {

constexpr std::uint32_t kQuota[3] = {400000, 300000, 300000};
constexpr std::uint32_t kTotal = kQuota[0] + kQuota[1] + kQuota[2];
constexpr std::uint32_t kBurst = 24;
constexpr std::uint32_t kPeriodUs = 20;

mote::Channel<std::uint32_t, 32> g_channel;

// Producer state, each written only by its own producer.
volatile std::uint32_t g_sent[3] = {0, 0, 0};
volatile std::uint32_t g_refused[2] = {0, 0};  // try_send found the channel full
volatile bool g_refund_ok = true;              // a refused value came back unchanged

// Consumer state (thread mode only).
std::uint32_t g_expected[3] = {0, 0, 0};
std::uint32_t g_received = 0;
std::uint32_t g_bad = 0;  // out of order, duplicated, or from no producer
std::uint32_t g_per_consumer[2] = {0, 0};

// One burst of producer `p`: values are (p << 24) | sequence number.
void burst(unsigned p) noexcept {
  for (std::uint32_t i = 0; i < kBurst && g_sent[p] < kQuota[p]; ++i) {
    const std::uint32_t value = (p << 24) | g_sent[p];
    auto r = g_channel.try_send(value);
    if (!r.has_value()) {
      if (r.error().value != value) g_refund_ok = false;
      g_refused[p] = g_refused[p] + 1;
      return;
    }
    g_sent[p] = g_sent[p] + 1;
    if (p == 0 && i == kBurst / 2) mote_test::pend(mote_test::kSoftIrqB);  // preempts us here
  }
}

MOTE_TASK(task_producer, 1) {
  for (std::uint32_t i = 0; i < kQuota[2]; ++i) {
    co_await g_channel.send((2u << 24) | i);
    g_sent[2] = i + 1;
  }
}

MOTE_TASK(consumer, 2, int id) {
  for (;;) {
    const std::uint32_t v = co_await g_channel.receive();
    const std::uint32_t p = v >> 24;
    if (p > 2 || (v & 0xFFFFFF) != g_expected[p]) {
      if (g_bad++ < 5) std::printf("FAILED: consumer %d got producer %lu #%lu, expected #%lu\n", id,
                                   static_cast<unsigned long>(p), static_cast<unsigned long>(v & 0xFFFFFF),
                                   static_cast<unsigned long>(p > 2 ? 0 : g_expected[p]));
    }
    if (p <= 2) g_expected[p] = (v & 0xFFFFFF) + 1;
    ++g_per_consumer[id];
    if (++g_received == kTotal) break;
  }
  mote_test::stop_periodic_timer();
  bool ok = g_bad == 0 && g_refund_ok && g_channel.is_empty();
  for (unsigned p = 0; p < 3; ++p) ok = ok && g_expected[p] == kQuota[p] && g_sent[p] == kQuota[p];
  // Both consumers took part, and the interrupt producers met a full channel (the test's point).
  ok = ok && g_per_consumer[0] > 0 && g_per_consumer[1] > 0 && g_refused[0] > 0 && g_refused[1] > 0;
  std::printf("%lu messages: timer interrupt %lu, nested interrupt %lu, task %lu; consumers took %lu + %lu\n",
              static_cast<unsigned long>(g_received), static_cast<unsigned long>(g_expected[0]),
              static_cast<unsigned long>(g_expected[1]), static_cast<unsigned long>(g_expected[2]),
              static_cast<unsigned long>(g_per_consumer[0]), static_cast<unsigned long>(g_per_consumer[1]));
  std::printf("refused while full: %lu (timer), %lu (nested); %lu lost, duplicated or out of order; %s\n",
              static_cast<unsigned long>(g_refused[0]), static_cast<unsigned long>(g_refused[1]),
              static_cast<unsigned long>(g_bad), ok ? "ok" : "FAILED");
  mote::exit(ok ? 0 : 1);
}

}  // namespace

extern "C" void MOTE_TEST_PERIODIC_TIMER_HANDLER() noexcept {
  mote_test::ack_periodic_timer();
  burst(0);
}

extern "C" void MOTE_TEST_SOFT_IRQ_B_HANDLER() noexcept { burst(1); }

MOTE_MAIN(spawner) {
  // The timer's interrupt is the least urgent the chip has; the nested one is half-way up
  // (adjacent levels may differ only in sub-priority, which does not preempt).
  const unsigned levels = mote_test::priority_levels(mote_test::kPeriodicTimerIrq);
  mote_test::enable(mote_test::kPeriodicTimerIrq, levels - 1);
  mote_test::enable(mote_test::kSoftIrqB, levels / 2);
  spawner.must_spawn(consumer(0));
  spawner.must_spawn(consumer(1));
  spawner.must_spawn(task_producer());
  mote_test::start_periodic_timer(kPeriodUs);
  co_return;
}
