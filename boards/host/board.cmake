# The host board: Linux, for tests and simulation. Programs run as ordinary processes.
set(MOTE_PLATFORM host)
set(MOTE_BOARD_TICK_HZ 1000000)          # 1 us ticks
set(MOTE_BOARD_ARENA_BYTES 262144)       # x86_64 frames are about twice a Cortex-M's
find_program(MOTE_SIZE_TOOL size)

# How run-<name> starts a program on this board.
function(mote_board_run_command out elf)
  set(${out} ${elf} PARENT_SCOPE)
endfunction()
