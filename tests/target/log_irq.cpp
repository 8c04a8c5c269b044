// Firmware test: MOTE_LOG_* from an interrupt handler while a task logs too. A hardware timer
// interrupt (every 2 to 10 us, so it often arrives while the task writes a frame) logs 100
// frames; the task logs 300. Frames are written in a critical section, so none may be split:
// tests/log/check_log.py (mode irq) decodes the output and requires both sequences complete, in
// order, with no damaged frame, and interrupt frames landing between task frames.
#include <mote/log.hpp>
#include <mote/mote.hpp>

#include <cstdint>

#include "soft_irqs.hpp"
#include MOTE_TEST_PERIODIC_TIMER_HEADER

namespace {
constexpr int kTaskFrames = 300;
constexpr int kIrqFrames = 100;
volatile int g_irq_frames = 0;
}  // namespace

extern "C" void MOTE_TEST_PERIODIC_TIMER_HANDLER() noexcept {
  mote_test::ack_periodic_timer();
  if (g_irq_frames < kIrqFrames) {
    const int n = g_irq_frames;
    MOTE_LOG_INFO("irq {}", n);
    g_irq_frames = n + 1;
    // The next one 2..10 us later, varied: under QEMU -icount a fixed period would meet the
    // task's loop at the same point every time (and perhaps never inside a frame's write).
    mote_test::start_periodic_timer(2 + static_cast<std::uint32_t>(n * 7 % 9));
  } else {
    mote_test::stop_periodic_timer();
  }
}

MOTE_TASK(logger, 1) {
  for (int i = 0; i < kTaskFrames; ++i) MOTE_LOG_INFO("task {} of {}", i, kTaskFrames);
  while (g_irq_frames < kIrqFrames) co_await mote::Timer::after(mote::Duration::from_micros(100));
  mote_test::stop_periodic_timer();
  MOTE_LOG_INFO("done");
  mote::exit(0);
}

MOTE_MAIN(spawner) {
  const unsigned levels = mote_test::priority_levels(mote_test::kPeriodicTimerIrq);
  mote_test::enable(mote_test::kPeriodicTimerIrq, levels - 1);
  spawner.must_spawn(logger());
  mote_test::start_periodic_timer(5);
  co_return;
}
