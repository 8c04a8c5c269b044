// Software interrupts for the firmware tests on RISC-V: three of the port's software interrupts
// (mote/riscv/soft_irq.hpp), whose handlers are the weak mote_riscv_soft_irqN. The PLIC's
// sources cannot be pended by software, so these stand in for the Cortex-M's spare NVIC lines.
#pragma once

namespace mote_test {
inline constexpr unsigned kSoftIrqA = 0;
inline constexpr unsigned kSoftIrqB = 1;
inline constexpr unsigned kSoftIrqC = 2;
}  // namespace mote_test

#define MOTE_TEST_SOFT_IRQ_A_HANDLER mote_riscv_soft_irq0
#define MOTE_TEST_SOFT_IRQ_B_HANDLER mote_riscv_soft_irq1
#define MOTE_TEST_SOFT_IRQ_C_HANDLER mote_riscv_soft_irq2
