# Arm MPS2 (V2M-MPS2) with the AN386 FPGA image: Cortex-M4F at 25 MHz (single-precision FPU,
# hard-float ABI), 4 MiB code SSRAM, 4 MiB data SSRAM, CMSDK peripherals: the AN385 board with
# the other core. Runs under QEMU's mps2-an386 machine; see docs/boards/mps2.md.
include("${MOTE_ROOT}/cmake/cortex-m-board.cmake")
mote_cortex_m_board(
  CHIP cmsdk CPU cortex-m4 MACHINE mps2-an386
  # Hard float: float arguments in s0-s15, FPU instructions inline. The reset handler enables the
  # FPU (CPACR) before anything can use it; lazy stacking stays on (docs/boards/mps2.md).
  FLOAT_FLAGS "-mfloat-abi=hard -mfpu=fpv4-sp-d16"
  TICK_HZ 25000000                       # one tick per core clock cycle (40 ns)
  LINKER_SCRIPT linker.ld SOURCES board.cpp)
# The LAN9118 Ethernet controller, as on the AN385 (same address, interrupt, network() and
# lwIP configuration): mote::net only, docs/net.md.
set(MOTE_BOARD_NET_SOURCES "${MOTE_ROOT}/boards/mps2-an385/network.cpp" "${MOTE_ROOT}/chips/cmsdk/net/lan9118.cpp")
set(MOTE_BOARD_LWIPOPTS_DIR "${MOTE_ROOT}/boards/mps2-an385/net")
set(MOTE_BOARD_NET_NIC lan9118)
