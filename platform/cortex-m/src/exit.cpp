// Stopping a Cortex-M program: mote::exit, panics and the fault handler all end in stop().
//
// With semihosting (MOTE_SEMIHOSTING=ON, the default) stop() asks the debugger or QEMU to end
// the session with a status, which is how the emulated boards' tests pass or fail. Without it
// (an image for a chip with no debugger attached, where BKPT 0xAB would be a HardFault) there is
// nobody to report a status to: the default, MOTE_STOP=reset, resets the system, so a device in
// the field starts again instead of sitting dead; MOTE_STOP=halt masks interrupts and sleeps for
// good, keeping the state for a debugger to inspect (on a bench). Under QEMU, -no-reboot turns
// the reset into the end of the emulation.
#include <mote/platform/port.hpp>


#include "mote/cortex_m.hpp"
#include "mote/panic.hpp"

#ifndef MOTE_STOP_HALT
#define MOTE_STOP_HALT 0
#endif

namespace mote {
namespace cortex_m {

#if MOTE_SEMIHOSTING
void semihosting::exit(bool success) noexcept {
  __asm volatile("cpsid i" ::: "memory");
  call(kSysExit, success ? kAdpStoppedApplicationExit : kAdpStoppedRunTimeErrorUnknown);
  halt();  // only reached if a debugger resumes after the exit request: stay stopped
}
#endif

void system_reset() noexcept {
  // dsb before: the console's last writes reach the bus; after: the request is out before we
  // spin (the reset takes a few cycles to arrive).
  __asm volatile("dsb" ::: "memory");
  reg32(scb::kAircr) = scb::kAircrVectKey | scb::kAircrSysResetReq;
  __asm volatile("dsb" ::: "memory");
  for (;;) {
  }
}

void halt() noexcept {
  __asm volatile("cpsid i" ::: "memory");
  for (;;) {
    __asm volatile("wfi");  // a pending interrupt ends a WFI even when masked: sleep again
  }
}

void stop(bool success) noexcept {
  __asm volatile("cpsid i" ::: "memory");
#if MOTE_SEMIHOSTING
  semihosting::exit(success);
#else
  static_cast<void>(success);  // nobody to tell
#if MOTE_STOP_HALT
  halt();
#else
  system_reset();
#endif
#endif
}

}  // namespace cortex_m

namespace platform {

void panic_begin() noexcept {
  __asm volatile("cpsid i" ::: "memory");  // nothing else may run (or print) once the program is broken
  cortex_m::console_write("panicked: ", 10);
}

void panic_write(const char* text, std::size_t length) noexcept { cortex_m::console_write(text, length); }

void panic_end() noexcept {
  cortex_m::console_write("\n", 1);
  cortex_m::console_flush();
  cortex_m::stop(false);
}

void exit_program(int code) noexcept {
  cortex_m::console_flush();
  cortex_m::stop(code == 0);
}

}  // namespace platform
}  // namespace mote

// Static destructors never run on firmware (it stops or runs forever), so registering them
// (-fno-use-cxa-atexit makes GCC call atexit) would only cost RAM and flash.
extern "C" int atexit(void (*)()) { return 0; }
// The C++ library calls abort() when it cannot go on without exceptions (e.g. a bad
// std::variant access); picolibc's would need kill/getpid. Report it like any other panic.
extern "C" [[noreturn]] void abort() { MOTE_PANIC("abort() called"); }
