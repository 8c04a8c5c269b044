# Netduino Plus 2 (ST STM32F405RG): Cortex-M4F at 168 MHz, 1 MiB flash, 128 KiB SRAM (+ 64 KiB
# CCM, unused). Runs under QEMU's netduinoplus2 machine; see docs/boards/netduinoplus2.md.
set(MOTE_PLATFORM cortex-m)
set(MOTE_CHIP stm32f4)                   # chips/stm32f4: vector table, clock, console, time driver
set(MOTE_ARM_CPU cortex-m4)              # read by the toolchain file
# Hard-float ABI: floats travel in FPU registers. The reset handler turns the FPU on first.
set(MOTE_ARM_FLOAT_FLAGS "-mfloat-abi=hard -mfpu=fpv4-sp-d16")
set(MOTE_BOARD_TICK_HZ 1000000)          # 1 us ticks: TIM2 counts them exactly (any divisor of 4 MHz works)
set(MOTE_BOARD_ARENA_BYTES 4096)         # task frames: the seed demo uses 600 bytes
set(MOTE_BOARD_SOURCES "${CMAKE_CURRENT_LIST_DIR}/board.cpp")
set(MOTE_BOARD_LINKER_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/linker.ld")
set(MOTE_SIZE_TOOL arm-none-eabi-size)
set(CMAKE_TOOLCHAIN_FILE "${MOTE_ROOT}/cmake/toolchain-arm-none-eabi.cmake" CACHE FILEPATH "Toolchain of the board")

# Per firmware: the memory map, and a map file next to the ELF (where flash and RAM go).
function(mote_board_configure_firmware target)
  target_link_options(${target} PRIVATE "-T${MOTE_BOARD_LINKER_SCRIPT}" "-Wl,-Map=$<TARGET_FILE:${target}>.map")
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS "${MOTE_BOARD_LINKER_SCRIPT}")
endfunction()

# How run-<name> (and the board's tests) start a firmware: under QEMU, exit status from
# semihosting, one instruction = 1 ns of virtual time (deterministic), and a halted CPU (WFI)
# jumps straight to the next timer event. USART1 is QEMU's serial0, on stdout.
function(mote_board_run_command out elf)
  set(${out} qemu-system-arm -M netduinoplus2 -nographic -semihosting-config enable=on,target=native
      -icount shift=0,sleep=off -kernel ${elf} PARENT_SCOPE)
endfunction()

# How the executor sleeps (platform/cortex-m/src/port.cpp): WFI with interrupts masked by
# default; OFF selects WFE + SEV. QEMU 7.2 runs WFE as a busy yield, so idle time would be
# executed instead of skipped.
option(MOTE_CORTEX_M_IDLE_WFI "Executor sleeps with WFI (interrupts masked) instead of WFE" ON)
add_compile_definitions(MOTE_CORTEX_M_IDLE_WFI=$<BOOL:${MOTE_CORTEX_M_IDLE_WFI}>)
