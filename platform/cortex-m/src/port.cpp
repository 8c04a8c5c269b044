// The Cortex-M port: the executor's sleep loop. (Stopping the program: exit.cpp.)
#include <mote/platform/port.hpp>

#include "mote/cortex_m.hpp"
#include "mote/trace.hpp"
#include "mote/executor.hpp"
#include "mote/panic.hpp"

namespace mote {

// Two ways to sleep without losing a wake-up (see idle()); MOTE_CORTEX_M_IDLE_WFI=1, the
// default, selects WFI. Both are correct on hardware; they differ under QEMU 7.2, which executes
// WFE as a mere yield: the idle loop keeps running and virtual time passes only by executing it
// (about 0.1 s of virtual time per second of wall time), while WFI halts the CPU and -icount
// sleep=off jumps straight to the next timer event. WFE+SEV remains for designs that want
// events from other bus masters.
#ifndef MOTE_CORTEX_M_IDLE_WFI
#define MOTE_CORTEX_M_IDLE_WFI 1
#endif

namespace {

[[noreturn]] void not_thread_mode_executor() noexcept {
  MOTE_PANIC("run()/idle() called on an interrupt executor");
}

}  // namespace

// The thread-mode executor's sleep.
void Executor::sleep() noexcept {
#if MOTE_CORTEX_M_IDLE_WFI
  // With interrupts masked, nothing can queue a task between the look at the queue and the WFI;
  // an interrupt that becomes pending still ends the WFI (masking only delays its handler), and
  // its handler runs as soon as the mask is lifted. So a wake-up is never lost, and pend() needs
  // no flag for thread mode (see Pender::pend).
  const platform::CsState cs = platform::cs_enter();
  if (queue_.empty()) {
    MOTE_TRACE_EVENT(IdleEnter, nullptr, 0);
    platform::wait_for_interrupt_in_cs();
    MOTE_TRACE_EVENT(IdleLeave, nullptr, 0);
  }
  platform::cs_exit(cs);
#else
  if (pender_.take_pending()) return;  // a task was queued since the last look: poll it
  // WFE sleeps until the event register is set, then clears it. pend() sets its flag and then
  // executes SEV, which sets the event register. So if an interrupt queues a task after the
  // check above but before the WFE, the event register is already set and the WFE returns at
  // once: the wake-up cannot be lost. (Taking any interrupt also ends a WFE; run() then finds
  // nothing to poll and comes back here.)
  __asm volatile("wfe" ::: "memory");
#endif
}

void Executor::idle() noexcept {
  // An interrupt executor's pender requests its interrupt and never sets the flag slept on here:
  // sleeping would hang, so misuse stops loudly instead.
  if (pender_.uses_interrupt()) not_thread_mode_executor();
  sleep();
}

void Executor::run() noexcept {
  if (pender_.uses_interrupt()) not_thread_mode_executor();
  chaining_ = MOTE_SYMMETRIC_TRANSFER;
  // Never returns: firmware has nothing to return to. With no task left the executor just sleeps
  // (interrupt handlers still run); a program that is done calls mote::exit. The loop is only
  // entered when no task is ready: a suspending task hands over to the next ready one itself.
#if MOTE_CORTEX_M_IDLE_WFI
  // One critical section takes the next task or, if there is none, sleeps (see sleep() for why
  // that loses no wake-up); interrupt handlers that ended the WFI run when it ends, and the next
  // turn takes what they queued.
  for (;;) {
    const platform::CsState cs = platform::cs_enter();
    detail::TaskHeader* const task = queue_.pop_locked();
    if (task == nullptr) {
      MOTE_TRACE_EVENT(IdleEnter, nullptr, 0);
      platform::wait_for_interrupt_in_cs();
      MOTE_TRACE_EVENT(IdleLeave, nullptr, 0);
      platform::cs_exit(cs);
      continue;
    }
    platform::cs_exit(cs);
    if (task->poll_fn != nullptr && !ready_slow(task)) continue;
    detail::current_task = task;
    resume(task);
  }
#else
  for (;;) {
    while (detail::TaskHeader* const task = next_ready()) resume(task);
    sleep();
  }
#endif
}

}  // namespace mote
