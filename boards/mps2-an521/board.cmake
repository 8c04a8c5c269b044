# Arm MPS2 with the AN521 FPGA image: the SSE-200 subsystem, two Cortex-M33 (Armv8-M mainline,
# TrustZone) at 20 MHz, the same memory map and FPGA peripherals as the AN505 (chips/sse200).
# Core 0 boots; core 1 waits until mote::start_core1 releases it (mote/multicore.hpp). Runs
# under QEMU's mps2-an521 machine in the Secure state; docs/drivers/mps2-an521.md.
include("${MOTE_ROOT}/cmake/cortex-m-board.cmake")
mote_cortex_m_board(
  CHIP sse200 CPU cortex-m33 MACHINE mps2-an521
  # Soft float: the AN521's core 0 has no FPU on the real FPGA image (core 1 has one), and
  # newer QEMU models it so; one image runs on both cores.
  TICK_HZ 20000000                       # one tick per core clock cycle (50 ns)
  LINKER_SCRIPT linker.ld SOURCES board.cpp)
# Two cores: cross-core critical sections, per-core thread-local storage, the doorbell
# (platform/cortex-m/include/mote/platform/port.hpp). The CPU identity register gives the
# core's number (the SSE-200's CPU_IDENTITY block, secure alias).
add_compile_definitions(MOTE_MULTICORE=2 MOTE_CORTEX_M_CPUID_ADDRESS=0x5001F000)
set(MOTE_MULTICORE 2)
