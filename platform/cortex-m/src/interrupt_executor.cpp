// The Cortex-M interrupt executor: an Executor whose pender pends an interrupt.
#include "mote/cortex_m/interrupt_executor.hpp"

#include "mote/cortex_m.hpp"
#include "mote/cortex_m/nvic_priority.hpp"
#include "mote/panic.hpp"

namespace mote {

Spawner InterruptExecutor::start(unsigned irq, unsigned level) noexcept {
  using namespace cortex_m;
  if (started()) MOTE_PANIC("interrupt executor (irq {}) started twice", this->irq());
  if (irq > 495) MOTE_PANIC("interrupt executor: no irq {} on Cortex-M", irq);
  // Level 0 is the time base's: the SysTick clock's wrap handler must not be interrupted by
  // anything that reads the clock, and every task may read it.
  if (level == 0) MOTE_PANIC("interrupt executor (irq {}): level 0 is the time base's; use 1 or more", irq);
  set_priority_level(irq, level);  // panics if the chip has no such level
  // Pending requests from before belong to nobody: drop them, then route wake-ups here.
  nvic::clear_pending(irq);
  executor_.pender().use_interrupt(irq);
  exception_ = 16 + irq;
  nvic::enable(irq);
  return executor_.spawner();
}

Spawner InterruptExecutor::spawner() noexcept {
  if (!started()) MOTE_PANIC("interrupt executor used before start()");
  return executor_.spawner();
}

void InterruptExecutor::wrong_context(std::uint32_t ipsr) const noexcept {
  if (!started()) MOTE_PANIC("interrupt executor polled before start()");
  MOTE_PANIC("interrupt executor (irq {}) polled from exception {}: misrouted handler", irq(),
              static_cast<unsigned long>(ipsr));
}

}  // namespace mote
