// Firmware test (Cortex-M): every pair of adjacent priority levels preempts. A handler at each
// level pends the interrupt one level more urgent and checks that its handler ran before the
// pend returned. Under QEMU 7.2 (8 priority bits on Armv7-M) this failed while levels counted
// sub-priority steps: raw priorities 0xFE and 0xFF do not preempt each other with PRIGROUP 0.
#include <mote/cortex_m.hpp>
#include <mote/cortex_m/nvic_priority.hpp>
#include <mote/mote.hpp>

#include <cstdio>

#include "soft_irqs.hpp"

namespace {
volatile bool g_inner_ran = false;
volatile bool g_preempted = false;
}  // namespace

extern "C" void MOTE_TEST_SOFT_IRQ_A_HANDLER() noexcept { g_inner_ran = true; }

extern "C" void MOTE_TEST_SOFT_IRQ_B_HANDLER() noexcept {
  g_inner_ran = false;
  mote_test::pend(mote_test::kSoftIrqA);
  __asm volatile("dsb\n isb" ::: "memory");  // the pend takes effect before the next instruction
  g_preempted = g_inner_ran;
}

MOTE_MAIN(spawner) {
  (void)spawner;
  const unsigned levels = mote_test::priority_levels(mote_test::kSoftIrqA);
  unsigned failures = 0;
  // The pairs at the least urgent end (where sub-priority bits live) and at the urgent end.
  const unsigned outers[] = {levels - 1, levels - 2, 2};
  for (unsigned outer : outers) {
    mote_test::enable(mote_test::kSoftIrqB, outer);
    mote_test::enable(mote_test::kSoftIrqA, outer - 1);
    g_preempted = false;
    mote_test::pend(mote_test::kSoftIrqB);
    __asm volatile("dsb\n isb" ::: "memory");
    std::printf("level %u preempts level %u: %s\n", outer - 1, outer, g_preempted ? "yes" : "NO");
    if (!g_preempted) ++failures;
  }
  std::printf("%u levels; %s\n", levels, failures == 0 ? "ok" : "FAILED");
  mote::exit(failures == 0 ? 0 : 1);
  co_return;
}
