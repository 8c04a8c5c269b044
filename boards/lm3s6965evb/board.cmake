# TI Stellaris LM3S6965 evaluation board: Cortex-M3 at 50 MHz, 256 KiB flash, 64 KiB SRAM.
# Runs under QEMU's lm3s6965evb machine; see docs/boards/lm3s6965evb.md.
include("${MOTE_ROOT}/cmake/cortex-m-board.cmake")
mote_cortex_m_board(
  CHIP lm3s6965 CPU cortex-m3 MACHINE lm3s6965evb
  TICK_HZ 50000000                       # one tick per core clock cycle (20 ns)
  LINKER_SCRIPT linker.ld SOURCES board.cpp)
# The on-chip Ethernet controller (mote::net only: docs/net.md); QEMU's model is `stellaris`.
set(MOTE_BOARD_NET_SOURCES "${CMAKE_CURRENT_LIST_DIR}/network.cpp" "${MOTE_ROOT}/chips/lm3s6965/net/ethernet.cpp")
set(MOTE_BOARD_LWIPOPTS_DIR "${CMAKE_CURRENT_LIST_DIR}/net")
set(MOTE_BOARD_NET_NIC stellaris)
