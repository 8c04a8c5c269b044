// Firmware test (must fail): an integer division by zero (a UsageFault, since the reset handler
// sets CCR.DIV_0_TRP; escalated to HardFault) makes the fault handler print PC, LR, CFSR and
// HFSR, then stop QEMU with a failure status. (A load from unmapped memory would be the obvious
// fault, but QEMU's lm3s6965evb reads 0 there without faulting.)
#include <mote/mote.hpp>

#include <cstdio>

namespace {
volatile int g_divisor = 0;
}

MOTE_TASK(faulty, 1) {
  std::printf("dividing by zero\n");
  const int q = 100 / g_divisor;
  std::printf("100 / 0 = %d: no fault?\n", q);
  mote::exit(0);
  co_return;
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(faulty());
  co_return;
}
