// mote/riscv/interrupt_executor.hpp: an executor polled from a software interrupt, for
// priorities. The same API as on Cortex-M (mote/cortex_m/interrupt_executor.hpp):
//
//   mote::InterruptExecutor urgent;                                 // static: one per interrupt
//   MOTE_INTERRUPT_EXECUTOR_HANDLER(urgent, mote_riscv_soft_irq0)   // its interrupt polls it
//
//   MOTE_MAIN(spawner) {
//     mote::Spawner high = urgent.start(0, 1);  // soft interrupt 0, level 1 (most urgent)
//     high.must_spawn(control_loop());          // preempts thread-mode tasks when woken
//     ...
//
// The interrupt is one of the port's software interrupts (mote/riscv/soft_irq.hpp): RISC-V
// without the CLIC has no software-pendable external interrupt (the PLIC's pending bits are
// read-only), so the port runs a small controller with levels on the CLINT's MSIP. Waking a task
// of this executor pends its software interrupt; the handler polls the ready tasks with
// interrupts enabled, so the time driver, the PLIC drivers and more urgent executors still
// preempt it. Rules as on Cortex-M: level 1 or more (level 0 is the hardware handlers'); tasks
// may await anything but must be created in thread mode; share data through sync primitives
// with the default CriticalSectionRawMutex; run() and idle() of its executor panic.
#pragma once

#include <cstddef>
#include <cstdint>

#include "mote/executor.hpp"
#include "mote/riscv/soft_irq.hpp"

namespace mote {

class InterruptExecutor {
 public:
  /// Not started: nothing happens until start(). Constant-initialised.
  constexpr InterruptExecutor() noexcept = default;
  InterruptExecutor(const InterruptExecutor&) = delete;
  InterruptExecutor& operator=(const InterruptExecutor&) = delete;

  /// Takes software interrupt `irq` (0..7, its handler routed here by
  /// MOTE_INTERRUPT_EXECUTOR_HANDLER) at `level` (1..7), enables it, and returns the Spawner
  /// for this executor. Panics on level 0, a level or irq that does not exist, or a second
  /// start. Call once, from thread mode, before spawning on it. Not ISR-safe.
  Spawner start(unsigned irq, unsigned level) noexcept;

  /// The interrupt's work: runs the tasks that are ready until none is. Panics if it runs for
  /// another interrupt (a misrouted handler) or before start(). Only from the handler of this
  /// executor's interrupt (MOTE_INTERRUPT_EXECUTOR_HANDLER).
  void on_interrupt() noexcept {
    if (riscv::soft_irq::current() != static_cast<int>(irq_plus_1_) - 1 || irq_plus_1_ == 0) [[unlikely]] {
      wrong_context();
    }
    executor_.drain();
  }

  /// The Spawner for this executor. Panics before start(). ISR-safe.
  Spawner spawner() noexcept;
  /// Whether start() has run. ISR-safe.
  bool started() const noexcept { return irq_plus_1_ != 0; }
  /// The software interrupt it owns (meaningful after start()). ISR-safe.
  unsigned irq() const noexcept { return irq_plus_1_ - 1u; }
  /// Tasks spawned on it that have not finished. ISR-safe.
  std::size_t live_tasks() const noexcept { return executor_.live_tasks(); }

 private:
  [[noreturn, gnu::cold]] void wrong_context() const noexcept;

  Executor executor_;
  std::uint32_t irq_plus_1_ = 0;  // 0 until start()
};

}  // namespace mote

/// Defines the software interrupt handler `handler` (mote_riscv_soft_irq0..7) to poll
/// `executor`, an InterruptExecutor with static storage. At namespace scope, once per executor.
#define MOTE_INTERRUPT_EXECUTOR_HANDLER(executor, handler) \
  extern "C" void handler() noexcept { (executor).on_interrupt(); }
