// mote/cortex_m/interrupt_executor.hpp: an executor polled from an interrupt, for priorities.
//
//   mote::InterruptExecutor urgent;                            // static: one per interrupt
//   MOTE_INTERRUPT_EXECUTOR_HANDLER(urgent, lm3s6965_pwm0_irq)  // its interrupt polls it
//
//   MOTE_MAIN(spawner) {
//     mote::Spawner high = urgent.start(10, 1);  // IRQ 10 (PWM0, unused), priority level 1
//     high.must_spawn(control_loop());           // preempts thread-mode tasks when woken
//     spawner.must_spawn(logger());              // thread mode, as before
//     co_return;
//   }
//
// The thread-mode executor (the one MOTE_MAIN runs on) polls its tasks in turn and sleeps when
// none is ready. An InterruptExecutor instead owns an interrupt the application does not use
// otherwise: waking one of its tasks makes that interrupt pending, and the handler polls the
// ready tasks. So its tasks run as soon as they are woken, preempting every thread-mode task
// (which can only yield at an await) and every interrupt executor of a less urgent level.
// Tasks of one executor never preempt each other. Priorities: see docs/interrupt-executor.md.
//
// - Levels (mote/cortex_m/nvic_priority.hpp): 0 is the most urgent and belongs to the time
//   base (the SysTick clock's wrap counter must never be interrupted by a reader of the
//   clock), so an interrupt executor takes level 1 or more; every chip has at least levels 1..3.
// - Tasks on an interrupt executor run inside its handler: they may await anything (timers,
//   channels, signals, Async calls) and wake tasks of any executor, but must not create tasks
//   (call a task function): creating is thread-mode work. Create and spawn them from thread
//   mode; a Spawner may target any executor.
// - Share data with other executors through sync primitives with the default
//   CriticalSectionRawMutex (NoopRawMutex is for one executor only).
// - It never sleeps: run() and idle() of its executor panic.
#pragma once

#include <cstddef>
#include <cstdint>

#include "mote/executor.hpp"

namespace mote {

class InterruptExecutor {
 public:
  /// Not started: nothing happens until start(). Constant-initialised (no static constructor).
  constexpr InterruptExecutor() noexcept = default;
  InterruptExecutor(const InterruptExecutor&) = delete;
  InterruptExecutor& operator=(const InterruptExecutor&) = delete;

  /// Takes interrupt `irq` (one the application does not use otherwise, with its handler routed
  /// here by MOTE_INTERRUPT_EXECUTOR_HANDLER) at priority `level` (1 .. levels - 1, see
  /// mote/cortex_m/nvic_priority.hpp), enables it, and returns the Spawner for this executor.
  /// Panics on level 0, a level the chip does not have, or a second start. Call once, from
  /// thread mode (a task or board code), before spawning on it. Not ISR-safe.
  Spawner start(unsigned irq, unsigned level) noexcept;

  /// The interrupt's work: runs the tasks that are ready until none is (each hands over to the
  /// next directly; a task woken by a more urgent interrupt meanwhile runs in the same turn). Panics if it runs in another
  /// interrupt's handler (a misrouted handler) or before start(). Call only from the handler
  /// of this executor's interrupt (MOTE_INTERRUPT_EXECUTOR_HANDLER does).
  void on_interrupt() noexcept {
    std::uint32_t ipsr;
    __asm volatile("mrs %0, ipsr" : "=r"(ipsr));
    if (ipsr != exception_) [[unlikely]] wrong_context(ipsr);
    executor_.drain();
  }

  /// The Spawner for this executor (the one start() returned). Panics before start(). ISR-safe.
  Spawner spawner() noexcept;
  /// Whether start() has run. ISR-safe.
  bool started() const noexcept { return exception_ != 0; }
  /// The interrupt it owns (meaningful after start()). ISR-safe.
  unsigned irq() const noexcept { return exception_ - 16u; }
  /// Tasks spawned on it that have not finished. ISR-safe.
  std::size_t live_tasks() const noexcept { return executor_.live_tasks(); }

 private:
  [[noreturn, gnu::cold]] void wrong_context(std::uint32_t ipsr) const noexcept;

  Executor executor_;
  // Interrupt n is exception 16 + n, the number IPSR shows in its handler; 0 (thread mode, never
  // a handler's) until start(), which also keeps a static executor in .bss.
  std::uint32_t exception_ = 0;
};

}  // namespace mote

/// Defines the interrupt handler `handler` (a name from the chip's vector table, e.g.
/// lm3s6965_pwm0_irq) to poll `executor`, an InterruptExecutor with static storage. Write it at
/// namespace scope, once per interrupt executor, after the executor's declaration.
#define MOTE_INTERRUPT_EXECUTOR_HANDLER(executor, handler) \
  extern "C" void handler() noexcept { (executor).on_interrupt(); }
