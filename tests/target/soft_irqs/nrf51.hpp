// Software interrupts for the firmware tests on the nRF51: SWI0-SWI2, the chip's interrupts made
// for exactly this (no peripheral raises them).
#pragma once

namespace mote_test {
inline constexpr unsigned kSoftIrqA = 20;  // SWI0
inline constexpr unsigned kSoftIrqB = 21;  // SWI1
inline constexpr unsigned kSoftIrqC = 22;  // SWI2
}  // namespace mote_test

#define MOTE_TEST_SOFT_IRQ_A_HANDLER nrf51_swi0_irq
#define MOTE_TEST_SOFT_IRQ_B_HANDLER nrf51_swi1_irq
#define MOTE_TEST_SOFT_IRQ_C_HANDLER nrf51_swi2_irq
