// The RISC-V interrupt executor: an Executor whose pender pends a software interrupt.
#include "mote/riscv/interrupt_executor.hpp"

#include "mote/panic.hpp"
#include "mote/riscv/soft_irq.hpp"

namespace mote {

Spawner InterruptExecutor::start(unsigned irq, unsigned level) noexcept {
  if (started()) MOTE_PANIC("interrupt executor (irq {}) started twice", this->irq());
  if (irq >= riscv::soft_irq::kCount) MOTE_PANIC("interrupt executor: no soft interrupt {} on RISC-V", irq);
  if (level == 0) MOTE_PANIC("interrupt executor (irq {}): level 0 is the time base's; use 1 or more", irq);
  riscv::soft_irq::set_level(irq, level);  // panics if there is no such level
  riscv::soft_irq::clear_pending(irq);     // requests from before belong to nobody
  executor_.pender().use_interrupt(irq);
  irq_plus_1_ = irq + 1;
  riscv::soft_irq::enable(irq);
  return executor_.spawner();
}

Spawner InterruptExecutor::spawner() noexcept {
  if (!started()) MOTE_PANIC("interrupt executor used before start()");
  return executor_.spawner();
}

void InterruptExecutor::wrong_context() const noexcept {
  if (!started()) MOTE_PANIC("interrupt executor polled before start()");
  MOTE_PANIC("interrupt executor (irq {}) polled from soft interrupt {}: misrouted handler", irq(),
              riscv::soft_irq::current());
}

}  // namespace mote
