// The RISC-V port: semihosting, stopping the program, and the executor's sleep loop.
#include <mote/platform/port.hpp>

#include <cstring>

#include "mote/executor.hpp"
#include "mote/panic.hpp"
#include "mote/riscv.hpp"

namespace mote {
namespace riscv::semihosting {

std::uint32_t call(std::uint32_t op, std::uintptr_t arg) noexcept {
  register std::uint32_t a0 __asm__("a0") = op;
  register std::uintptr_t a1 __asm__("a1") = arg;
  // The marker pair around EBREAK tells a semihosting host (QEMU) this is a call, not a
  // breakpoint. Uncompressed, and 16-byte aligned so the three cannot straddle a page.
  __asm volatile(
      ".option push\n\t"
      ".option norvc\n\t"
      ".balign 16\n\t"
      "slli x0, x0, 0x1f\n\t"
      "ebreak\n\t"
      "srai x0, x0, 7\n\t"
      ".option pop\n\t"
      : "+r"(a0)
      : "r"(a1)
      : "memory");
  return a0;
}

void exit(bool success) noexcept {
  interrupts_disable();
  call(kSysExit, success ? kAdpStoppedApplicationExit : kAdpStoppedRunTimeErrorUnknown);
  for (;;) {
    // Only reached if a debugger resumes after the exit request: stay stopped.
    __asm volatile("wfi");
  }
}

}  // namespace riscv::semihosting

namespace platform {

void panic_stop(const char* message) noexcept {
  riscv::interrupts_disable();  // nothing else may run (or print) once the program is broken
  riscv::console_write("panicked: ", 10);
  riscv::console_write(message, std::strlen(message));
  riscv::console_write("\n", 1);
  riscv::console_flush();
  riscv::semihosting::exit(false);
}

void exit_program(int code) noexcept {
  riscv::console_flush();
  riscv::semihosting::exit(code == 0);
}

}  // namespace platform

namespace {

[[noreturn]] void not_thread_mode_executor() noexcept {
  mote::panic("run()/idle() called on an interrupt executor (its interrupt polls it)");
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
    __asm volatile("wfi" ::: "memory");
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

// Static destructors never run on firmware (see platform/cortex-m/src/port.cpp).
extern "C" int atexit(void (*)()) { return 0; }
// The C++ library calls abort() when it cannot go on without exceptions: report it as a panic.
extern "C" [[noreturn]] void abort() { mote::panic("abort() called"); }
