// Three interrupts the firmware tests may pend by software and handle themselves: kSoftIrqA/B/C,
// with the names of their handlers as MOTE_TEST_SOFT_IRQ_A/B/C_HANDLER (defining a function of
// that name overrides the chip's default handler). Each chip that runs these tests provides
// soft_irqs/<chip>.hpp; CMake passes it as MOTE_TEST_SOFT_IRQS_HEADER.
//
// The platform's side, the same names on every platform (so the tests are one source):
//   mote::InterruptExecutor                 the platform's interrupt executor
//   mote_test::pend(irq)                    makes a test interrupt pending
//   mote_test::enable(irq, level)           gives it a priority level and enables it
//   mote_test::priority_levels(irq)         how many levels there are (0 .. n - 1, 0 most urgent)
//   mote_test::priority_level(irq)          the level it has
//   mote_test::current_irq()                the interrupt whose handler runs now, or -1
// Cortex-M: NVIC lines and levels (mote/cortex_m/nvic_priority.hpp). RISC-V: the port's
// software interrupts (mote/riscv/soft_irq.hpp), since the PLIC cannot be pended by software.
#pragma once

#include <mote/platform/port.hpp>

#if defined(MOTE_PLATFORM_CORTEX_M)
#include <mote/cortex_m.hpp>
#include <mote/cortex_m/interrupt_executor.hpp>
#include <mote/cortex_m/nvic_priority.hpp>

namespace mote_test {
inline void pend(unsigned irq) noexcept { mote::cortex_m::nvic::set_pending(irq); }
inline void enable(unsigned irq, unsigned level) noexcept {
  mote::cortex_m::set_priority_level(irq, level);
  mote::cortex_m::nvic::enable(irq);
}
inline unsigned priority_levels(unsigned irq) noexcept { return mote::cortex_m::priority_levels(irq); }
inline unsigned priority_level(unsigned irq) noexcept { return mote::cortex_m::priority_level(irq); }
inline int current_irq() noexcept {
  std::uint32_t ipsr;
  __asm volatile("mrs %0, ipsr" : "=r"(ipsr));
  return ipsr >= 16 ? static_cast<int>(ipsr - 16) : -1;  // exceptions 0..15 are not interrupts
}
}  // namespace mote_test
#elif defined(MOTE_PLATFORM_RISCV)
#include <mote/riscv/interrupt_executor.hpp>
#include <mote/riscv/soft_irq.hpp>

namespace mote_test {
inline void pend(unsigned irq) noexcept { mote::riscv::soft_irq::set_pending(irq); }
inline void enable(unsigned irq, unsigned level) noexcept {
  mote::riscv::soft_irq::set_level(irq, level);
  mote::riscv::soft_irq::enable(irq);
}
inline unsigned priority_levels(unsigned) noexcept { return mote::riscv::soft_irq::kLevels; }
inline unsigned priority_level(unsigned irq) noexcept { return mote::riscv::soft_irq::level(irq); }
inline int current_irq() noexcept { return mote::riscv::soft_irq::current(); }
}  // namespace mote_test
#else
#error "soft_irqs.hpp: no test interrupts on this platform"
#endif

#include MOTE_TEST_SOFT_IRQS_HEADER

static_assert(mote_test::kSoftIrqA != mote_test::kSoftIrqB && mote_test::kSoftIrqB != mote_test::kSoftIrqC &&
                  mote_test::kSoftIrqA != mote_test::kSoftIrqC,
              "the three test interrupts must differ");
