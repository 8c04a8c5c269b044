# BBC micro:bit (v1): Nordic nRF51822, Cortex-M0 (Armv6-M) at 16 MHz, 256 KiB flash, 16 KiB RAM.
# Runs under QEMU's microbit machine; see docs/boards/microbit.md.
set(MOTE_PLATFORM cortex-m)
set(MOTE_CHIP nrf51)                     # chips/nrf51: vector table, console, time driver
set(MOTE_ARM_CPU cortex-m0)              # read by the toolchain file; Armv6-M: no CAS
set(MOTE_BOARD_TICK_HZ 16000000)         # TIMER0 at the core clock: 1 tick = 62.5 ns (any 16 MHz / 2^n)
set(MOTE_BOARD_ARENA_BYTES 4096)         # task frames: the seed demo uses about 600 bytes
set(MOTE_BOARD_SOURCES "${CMAKE_CURRENT_LIST_DIR}/board.cpp")
set(MOTE_BOARD_LINKER_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/linker.ld")
set(MOTE_SIZE_TOOL arm-none-eabi-size)
set(MOTE_CORTEX_M_NO_SYSTICK ON)         # the nRF51 has no SysTick: its clock is TIMER0
set(CMAKE_TOOLCHAIN_FILE "${MOTE_ROOT}/cmake/toolchain-arm-none-eabi.cmake" CACHE FILEPATH "Toolchain of the board")

# Per firmware: the memory map, and a map file next to the ELF (where flash and RAM go).
function(mote_board_configure_firmware target)
  target_link_options(${target} PRIVATE "-T${MOTE_BOARD_LINKER_SCRIPT}" "-Wl,-Map=$<TARGET_FILE:${target}>.map")
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS "${MOTE_BOARD_LINKER_SCRIPT}")
endfunction()

# How run-<name> (and the board's tests) start a firmware: under QEMU, exit status from
# semihosting, one instruction = 1 ns of virtual time (deterministic), and a halted CPU (WFI)
# jumps straight to the next timer event.
function(mote_board_run_command out elf)
  set(${out} qemu-system-arm -M microbit -nographic -semihosting-config enable=on,target=native
      -icount shift=0,sleep=off -kernel ${elf} PARENT_SCOPE)
endfunction()

# How the executor sleeps (platform/cortex-m/src/port.cpp): WFI with interrupts masked by
# default; OFF selects WFE + SEV. QEMU 7.2 runs WFE as a busy yield, so WFI stays the default.
option(MOTE_CORTEX_M_IDLE_WFI "Executor sleeps with WFI (interrupts masked) instead of WFE" ON)
add_compile_definitions(MOTE_CORTEX_M_IDLE_WFI=$<BOOL:${MOTE_CORTEX_M_IDLE_WFI}>)
