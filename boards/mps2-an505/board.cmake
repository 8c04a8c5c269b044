# Arm MPS2 with the AN505 FPGA image: Cortex-M33 (Armv8-M mainline, TrustZone, single-precision
# FPU) at 20 MHz on the IoTKit subsystem, 4 MiB code SSRAM, 4 MiB data SSRAM, CMSDK UARTs and
# timers, four PL081 DMA controllers. Runs under QEMU's mps2-an505 machine, in the Secure state
# where the M33 starts; see docs/boards/mps2.md. The chip directory (chips/sse200) is meant to
# serve the AN521 (SSE-200, dual M33) too.
include("${MOTE_ROOT}/cmake/cortex-m-board.cmake")
mote_cortex_m_board(
  CHIP sse200 CPU cortex-m33 MACHINE mps2-an505
  # Hard float: float arguments in s0-s15, FPU instructions inline. The reset handler enables the
  # FPU (CPACR) before anything can use it; lazy stacking stays on (as on the AN386).
  FLOAT_FLAGS "-mfloat-abi=hard -mfpu=fpv5-sp-d16"
  TICK_HZ 20000000                       # one tick per core clock cycle (50 ns)
  LINKER_SCRIPT linker.ld SOURCES board.cpp)
