# BBC micro:bit (v1): Nordic nRF51822, Cortex-M0 (Armv6-M: no CAS) at 16 MHz, 256 KiB flash,
# 16 KiB RAM. Runs under QEMU's microbit machine; see docs/boards/microbit.md.
include("${MOTE_ROOT}/cmake/cortex-m-board.cmake")
mote_cortex_m_board(
  CHIP nrf51 CPU cortex-m0 MACHINE microbit
  NO_SYSTICK                             # the nRF51 has no SysTick: its clock is TIMER0
  TICK_HZ 16000000                       # TIMER0 at the core clock: 1 tick = 62.5 ns (any 16 MHz / 2^n)
  LINKER_SCRIPT linker.ld SOURCES board.cpp)
