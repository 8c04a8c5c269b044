// Software interrupts for the firmware tests on the MPS2 CMSDK images (AN385, AN386): lines
// 25-27, which have no peripheral behind them in QEMU or in the tests (named by number in
// chips/cmsdk/src/vectors.cpp).
#pragma once

namespace mote_test {
inline constexpr unsigned kSoftIrqA = 25;
inline constexpr unsigned kSoftIrqB = 26;
inline constexpr unsigned kSoftIrqC = 27;
}  // namespace mote_test

#define MOTE_TEST_SOFT_IRQ_A_HANDLER cmsdk_irq25_irq
#define MOTE_TEST_SOFT_IRQ_B_HANDLER cmsdk_irq26_irq
#define MOTE_TEST_SOFT_IRQ_C_HANDLER cmsdk_irq27_irq
