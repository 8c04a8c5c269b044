// Firmware test (must fail, RISC-V): an illegal instruction traps, and the trap handler prints
// mcause (2: illegal instruction), mepc (where it happened) and mtval (the instruction's bits),
// then stops QEMU with a failure status. (RISC-V does not trap on a division by zero, which the
// Cortex-M hardfault test uses: the result is defined, -1.)
#include <mote/mote.hpp>

#include <cstdio>

extern "C" void riscv_trap_illegal();  // defined below, so the test can print its address
__asm__(
    ".section .text.riscv_trap_illegal\n"
    ".globl riscv_trap_illegal\n"
    ".balign 4\n"
    "riscv_trap_illegal:\n"
    "  .word 0x00000000\n"  // all zeros: defined as illegal in every RISC-V encoding
    "  ret\n");

MOTE_TASK(faulty, 1) {
  std::printf("illegal instruction at 0x%lx\n", reinterpret_cast<unsigned long>(&riscv_trap_illegal));
  riscv_trap_illegal();
  std::printf("no trap?\n");
  mote::exit(0);
  co_return;
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(faulty());
  co_return;
}
