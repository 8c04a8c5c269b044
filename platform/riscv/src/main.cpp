// The RISC-V main(): bring the board up, then run the application's MOTE_MAIN task on the
// thread-mode executor. Reached from mote_riscv_reset with interrupts enabled (mie empty).
#include "mote/executor.hpp"
#include "mote/main.hpp"
#include "mote/riscv.hpp"

int main() {
  mote::board::init();
  static mote::Executor executor;  // .bss, for the program's whole life
  executor.spawner().must_spawn(mote::detail::main_task(executor.spawner()));
  executor.run();  // never returns
  return 0;        // -ffreestanding: main is an ordinary function, and must say so
}
