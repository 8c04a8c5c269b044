# Arm MPS2 with the AN521 FPGA image: the SSE-200 subsystem, two Cortex-M33 (Armv8-M mainline,
# TrustZone) at 20 MHz, the same memory map and FPGA peripherals as the AN505 (chips/sse200).
# Core 0 boots; core 1 waits until mote::start_core1 releases it (mote/multicore.hpp). Runs
# under QEMU's mps2-an521 machine in the Secure state; docs/drivers/mps2-an521.md.
include("${MOTE_ROOT}/cmake/cortex-m-board.cmake")
mote_cortex_m_board(
  # No DSP extension and soft float: the AN521's core 0 has neither (core 1 has both), as on
  # the FPGA image; QEMU 7.2 models the missing DSP (clang's smmul for a division by a constant
  # faulted as an undefined instruction on core 0). One image runs on both cores.
  CHIP sse200 CPU cortex-m33+nodsp MACHINE mps2-an521
  TICK_HZ 20000000                       # one tick per core clock cycle (50 ns)
  LINKER_SCRIPT linker.ld SOURCES board.cpp)
# Two cores: cross-core critical sections, per-core thread-local storage, the doorbell
# (platform/cortex-m/include/mote/platform/port.hpp). The CPU identity register gives the
# core's number (the SSE-200's CPU_IDENTITY block, secure alias).
add_compile_definitions(MOTE_MULTICORE=2 MOTE_CORTEX_M_CPUID_ADDRESS=0x5001F000)
set(MOTE_MULTICORE 2)
