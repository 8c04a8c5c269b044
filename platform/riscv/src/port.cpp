// The RISC-V port: the executor's sleep loop. (Semihosting and stopping the program: exit.cpp.)
#include <mote/platform/port.hpp>

#include "mote/executor.hpp"
#include "mote/trace.hpp"
#include "mote/panic.hpp"
#include "mote/riscv.hpp"

namespace mote {

namespace {

[[noreturn]] void not_thread_mode_executor() noexcept {
  MOTE_PANIC("run()/idle() called on an interrupt executor");
}

// Sleeps until an interrupt has called pend() (or any interrupt was taken).
//
// Why no wake-up is lost: mstatus.MIE is cleared before the flag is checked, so no handler (the
// only callers of pend() while thread mode runs here) can run between the check and the WFI. WFI
// does not look at mstatus.MIE: it ends as soon as an interrupt is pending in mip and enabled in
// mie. So an interrupt that arrives after the check still ends the WFI, and its handler runs the
// moment MIE is restored, then run() polls again. Checking with MIE set instead would let the
// handler run between the check and the WFI and the hart would sleep with a task queued.
volatile std::uint32_t g_idle_sleeps = 0;  // idle_sleeps(); written by thread mode only

void sleep_until_pended(platform::Pender& pender) noexcept {
  const platform::CsState cs = platform::cs_enter();
  if (!pender.take_pending()) {
    g_idle_sleeps = g_idle_sleeps + 1;
    MOTE_TRACE_EVENT(IdleEnter, nullptr, 0);
    __asm volatile("wfi" ::: "memory");
    MOTE_TRACE_EVENT(IdleLeave, nullptr, 0);
  }
  platform::cs_exit(cs);
}

}  // namespace

std::uint32_t riscv::idle_sleeps() noexcept { return g_idle_sleeps; }

void Executor::idle() noexcept {
  if (pender_.uses_interrupt()) not_thread_mode_executor();
  sleep_until_pended(pender_);
}

void Executor::run() noexcept {
  if (pender_.uses_interrupt()) not_thread_mode_executor();
  chaining_ = MOTE_SYMMETRIC_TRANSFER;
  for (;;) {
    while (detail::TaskHeader* const task = next_ready()) resume(task);
    sleep_until_pended(pender_);
  }
}

}  // namespace mote
