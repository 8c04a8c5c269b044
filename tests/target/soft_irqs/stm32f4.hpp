// Software interrupts for the firmware tests on the STM32F4: the four CAN1 interrupts' first
// three, which no board here uses (CAN is unclocked; QEMU does not model it either).
#pragma once

namespace mote_test {
inline constexpr unsigned kSoftIrqA = 19;  // CAN1 TX
inline constexpr unsigned kSoftIrqB = 20;  // CAN1 RX0
inline constexpr unsigned kSoftIrqC = 21;  // CAN1 RX1
}  // namespace mote_test

#define MOTE_TEST_SOFT_IRQ_A_HANDLER stm32f4_can1_tx_irq
#define MOTE_TEST_SOFT_IRQ_B_HANDLER stm32f4_can1_rx0_irq
#define MOTE_TEST_SOFT_IRQ_C_HANDLER stm32f4_can1_rx1_irq
