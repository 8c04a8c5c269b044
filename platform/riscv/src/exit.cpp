// Stopping a RISC-V program: mote::exit, panics and the trap report all end in stop().
//
// With semihosting (MOTE_SEMIHOSTING=ON, the default) stop() asks the debugger or QEMU to end
// the session with a status, which is how the emulated boards' tests pass or fail. Without it
// (an image for a chip with no debugger attached, where the marked EBREAK would trap) the
// default, MOTE_STOP=reset, stops the chip's way (chip_stop: virt's test device, which keeps the
// status; the FE310's watchdog reset, so a device in the field starts again); MOTE_STOP=halt
// masks interrupts and sleeps for good, keeping the state for a debugger (on a bench).
#include <mote/platform/port.hpp>


#include "mote/panic.hpp"
#include "mote/riscv.hpp"

#ifndef MOTE_STOP_HALT
#define MOTE_STOP_HALT 0
#endif

namespace mote {
namespace riscv {

#if MOTE_SEMIHOSTING
std::uint32_t semihosting::call(std::uint32_t op, std::uintptr_t arg) noexcept {
  register std::uint32_t a0 __asm__("a0") = op;
  register std::uintptr_t a1 __asm__("a1") = arg;
  // The marker pair around EBREAK tells a semihosting host (QEMU) this is a call, not a
  // breakpoint. Uncompressed, and 16-byte aligned so the three cannot straddle a page. The
  // alignment comes before `.option norvc`: there the assembler may still pad with a compressed
  // nop (clang-16's integrated assembler, after norvc, padded with an illegal 2-byte zero and
  // reserved too little relaxation padding for GNU ld).
  __asm volatile(
      ".balign 16\n\t"
      ".option push\n\t"
      ".option norvc\n\t"
      "slli x0, x0, 0x1f\n\t"
      "ebreak\n\t"
      "srai x0, x0, 7\n\t"
      ".option pop\n\t"
      : "+r"(a0)
      : "r"(a1)
      : "memory");
  return a0;
}

void semihosting::exit(bool success) noexcept {
  interrupts_disable();
  call(kSysExit, success ? kAdpStoppedApplicationExit : kAdpStoppedRunTimeErrorUnknown);
  halt();  // only reached if a debugger resumes after the exit request: stay stopped
}
#endif

void halt() noexcept {
  interrupts_disable();
  for (;;) {
    __asm volatile("wfi");  // a pending interrupt ends a WFI even with MIE clear: sleep again
  }
}

void stop(bool success) noexcept {
  interrupts_disable();
#if MOTE_SEMIHOSTING
  semihosting::exit(success);
#else
#if !MOTE_STOP_HALT
  chip_stop(success);
#else
  static_cast<void>(success);  // nobody to tell
#endif
  halt();
#endif
}

}  // namespace riscv

namespace platform {

void panic_begin() noexcept {
  riscv::interrupts_disable();  // nothing else may run (or print) once the program is broken
  riscv::console_write("panicked: ", 10);
}

void panic_write(const char* text, std::size_t length) noexcept { riscv::console_write(text, length); }

void panic_end() noexcept {
  riscv::console_write("\n", 1);
  riscv::console_flush();
  riscv::stop(false);
}

void exit_program(int code) noexcept {
  riscv::console_flush();
  riscv::stop(code == 0);
}

}  // namespace platform
}  // namespace mote

// Static destructors never run on firmware (it stops or runs forever), so registering them
// would only cost RAM and flash.
extern "C" int atexit(void (*)()) { return 0; }
// The C++ library calls abort() when it cannot go on without exceptions: report it as a panic.
extern "C" [[noreturn]] void abort() { MOTE_PANIC("abort() called"); }
