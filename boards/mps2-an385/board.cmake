# Arm MPS2 (V2M-MPS2) with the AN385 FPGA image: Cortex-M3 at 25 MHz, 4 MiB code SSRAM, 4 MiB data
# SSRAM, CMSDK peripherals. Runs under QEMU's mps2-an385 machine; see docs/boards/mps2.md.
include("${MOTE_ROOT}/cmake/cortex-m-board.cmake")
mote_cortex_m_board(
  CHIP cmsdk CPU cortex-m3 MACHINE mps2-an385
  TICK_HZ 25000000                       # one tick per core clock cycle (40 ns)
  LINKER_SCRIPT linker.ld SOURCES board.cpp)
# The LAN9118 Ethernet controller (mote::net only: docs/net.md).
set(MOTE_BOARD_NET_SOURCES "${CMAKE_CURRENT_LIST_DIR}/network.cpp" "${MOTE_ROOT}/chips/cmsdk/net/lan9118.cpp")
set(MOTE_BOARD_LWIPOPTS_DIR "${CMAKE_CURRENT_LIST_DIR}/net")
set(MOTE_BOARD_NET_NIC lan9118)
