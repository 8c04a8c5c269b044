// Software interrupts for the firmware tests on the MPS2 TrustZone images (AN505): lines
// 120-122, which have no peripheral behind them in QEMU or in the tests (named by number in
// mote/sse200/interrupts.hpp).
#pragma once

namespace mote_test {
inline constexpr unsigned kSoftIrqA = 120;
inline constexpr unsigned kSoftIrqB = 121;
inline constexpr unsigned kSoftIrqC = 122;
}  // namespace mote_test

#define MOTE_TEST_SOFT_IRQ_A_HANDLER sse200_irq120_irq
#define MOTE_TEST_SOFT_IRQ_B_HANDLER sse200_irq121_irq
#define MOTE_TEST_SOFT_IRQ_C_HANDLER sse200_irq122_irq
