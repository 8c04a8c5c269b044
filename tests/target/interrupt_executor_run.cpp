// Firmware test (must fail): an interrupt executor is polled by its interrupt and never sleeps,
// so calling run() (or idle()) on it is a bug that stops the program with a clear message.
#include <mote/mote.hpp>

#include "soft_irqs.hpp"

namespace {
mote::InterruptExecutor high;
}

MOTE_INTERRUPT_EXECUTOR_HANDLER(high, MOTE_TEST_SOFT_IRQ_A_HANDLER)

MOTE_MAIN(spawner) {
  static_cast<void>(spawner);
  high.start(mote_test::kSoftIrqA, 1).executor().run();  // panics
  co_return;                                             // not reached
}
