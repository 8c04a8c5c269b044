# The host board: Linux, for tests and simulation. Programs run as ordinary processes.
set(MOTE_PLATFORM host)
set(MOTE_BOARD_TICK_HZ 1000000)          # 1 us ticks
# The frame arena: a static array (a process has no fixed RAM to fill). 16 MiB: what fits the
# largest board (mps2, 4 MiB) fits here too, x86_64 frames being about twice a Cortex-M's, and
# untouched .bss pages cost nothing.
set(MOTE_BOARD_ARENA_BYTES 16777216)
find_program(MOTE_SIZE_TOOL size)

# How run-<name> starts a program on this board.
function(mote_board_run_command out elf)
  set(${out} ${elf} PARENT_SCOPE)
endfunction()

# mote::net on the host: a TAP device (boards/host/net/tap.cpp) in a private network namespace,
# for the test tests/net_host (docs/net.md). Built only where a test links mote::net.
set(MOTE_BOARD_NET_SOURCES "${CMAKE_CURRENT_LIST_DIR}/net/tap.cpp")
set(MOTE_BOARD_LWIPOPTS_DIR "${CMAKE_CURRENT_LIST_DIR}/net")
set(MOTE_BOARD_NET_NIC tap)
