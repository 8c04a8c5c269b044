# Arm MPS2 (V2M-MPS2) with the AN386 FPGA image: Cortex-M4F at 25 MHz (single-precision FPU,
# hard-float ABI), 4 MiB code SSRAM, 4 MiB data SSRAM, CMSDK peripherals: the AN385 board with
# the other core. Runs under QEMU's mps2-an386 machine; see docs/boards/mps2.md.
set(MOTE_PLATFORM cortex-m)
set(MOTE_CHIP cmsdk)                     # chips/cmsdk: vector table, console, time driver
set(MOTE_ARM_CPU cortex-m4)              # read by the toolchain file, as is the next line
# Hard float: float arguments in s0-s15, FPU instructions inline. The reset handler enables the
# FPU (CPACR) before anything can use it; lazy stacking stays on (docs/boards/mps2.md).
set(MOTE_ARM_FLOAT_FLAGS "-mfloat-abi=hard -mfpu=fpv4-sp-d16")
set(MOTE_BOARD_TICK_HZ 25000000)         # one tick per core clock cycle (40 ns)
set(MOTE_BOARD_ARENA_BYTES 4096)         # task frames: the seed demo uses about 600 bytes
set(MOTE_BOARD_SOURCES "${CMAKE_CURRENT_LIST_DIR}/board.cpp")
set(MOTE_BOARD_LINKER_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/linker.ld")
set(MOTE_SIZE_TOOL arm-none-eabi-size)
set(CMAKE_TOOLCHAIN_FILE "${MOTE_ROOT}/cmake/toolchain-arm-none-eabi.cmake" CACHE FILEPATH "Toolchain of the board")

# Per firmware: the memory map, and a map file next to the ELF (where code and RAM go).
function(mote_board_configure_firmware target)
  target_link_options(${target} PRIVATE "-T${MOTE_BOARD_LINKER_SCRIPT}" "-Wl,-Map=$<TARGET_FILE:${target}>.map")
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS "${MOTE_BOARD_LINKER_SCRIPT}")
endfunction()

# How run-<name> (and the board's tests) start a firmware: under QEMU, exit status from
# semihosting, one instruction = 1 ns of virtual time (deterministic), and a halted CPU (WFI)
# jumps straight to the next timer event.
function(mote_board_run_command out elf)
  set(${out} qemu-system-arm -M mps2-an386 -nographic -semihosting-config enable=on,target=native
      -icount shift=0,sleep=off -kernel ${elf} PARENT_SCOPE)
endfunction()

# How the executor sleeps (platform/cortex-m/src/port.cpp): WFI with interrupts masked by
# default; OFF selects WFE + SEV. QEMU 7.2 runs WFE as a busy yield but halts on WFI and skips
# the idle time (see docs/boards/lm3s6965evb.md).
option(MOTE_CORTEX_M_IDLE_WFI "Executor sleeps with WFI (interrupts masked) instead of WFE" ON)
add_compile_definitions(MOTE_CORTEX_M_IDLE_WFI=$<BOOL:${MOTE_CORTEX_M_IDLE_WFI}>)
