# SiFive HiFive1 (rev A): the FE310-G000, an rv32imac microcontroller with 16 KiB of RAM (DTIM at
# 0x80000000) and code in SPI flash mapped at 0x20000000 (the image starts at 0x20400000, where
# the mask ROM jumps). Runs under QEMU's sifive_e machine; see docs/boards/riscv.md.
include("${MOTE_ROOT}/cmake/riscv-board.cmake")
mote_riscv_board(
  CHIP fe310 MACHINE sifive_e
  MTIME_HZ 10000000                      # QEMU 7.2's CLINT on sifive_e: 10 MHz (the chip: 32768 Hz)
  TICK_HZ 10000000
  LINKER_SCRIPT linker.ld SOURCES board.cpp)
