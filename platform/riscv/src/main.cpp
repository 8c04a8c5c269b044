// The RISC-V main(): bring the board up, then run the application's MOTE_MAIN task on the
// thread-mode executor. Reached from mote_riscv_reset with interrupts enabled (mie empty).
#include "mote/executor.hpp"
#include "mote/main.hpp"
#include "mote/riscv.hpp"

// The symbol the reset code calls (startup.cpp) is `main`. With -ffreestanding (the RISC-V
// toolchains use it: the borrowed C++ headers are used freestanding) clang treats main as an
// ordinary C++ function and mangles it (_Z4mainv); the label keeps the name under both compilers.
int main() __asm__("main");

int main() {
  mote::board::init();
  static mote::Executor executor;  // .bss, for the program's whole life
  mote::detail::start_main(executor.spawner());
  executor.run();  // never returns
  return 0;        // -ffreestanding: main is an ordinary function, and must say so
}
