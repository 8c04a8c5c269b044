# cortex-m-board.cmake: what every Cortex-M board under QEMU sets up, so that a board.cmake is
# one call (included by the board.cmake, before project()):
#
#   include("${MOTE_ROOT}/cmake/cortex-m-board.cmake")
#   mote_cortex_m_board(CHIP <chip> CPU <cpu> [FLOAT_FLAGS <flags>] MACHINE <qemu machine>
#                       TICK_HZ <n> [LINKER_SCRIPT <file>] [SOURCES <file>...]
#                       [NO_SYSTICK])
#
# Relative paths are taken from the board's directory; LINKER_SCRIPT defaults to linker.ld and
# SOURCES to board.cpp there. NO_SYSTICK: the core has no SysTick (skips the tests that need it).
#
# The board's linker script must define __mote_arena_start and __mote_arena_end (the RAM that
# .data, .bss and the main stack leave free; the frame arena) and accept __mote_arena_cap
# (mote_add_firmware's ARENA_BYTES): docs/porting.md.
include_guard(GLOBAL)

# How the executor sleeps (platform/cortex-m/src/port.cpp): WFI with interrupts masked by
# default; OFF selects WFE + SEV, equally safe. WFI is the default because QEMU 7.2 runs WFE as a
# busy yield (idle time costs about 9 s of wall time per virtual second and is counted as
# executed instructions) but halts on WFI and skips the idle time.
option(MOTE_CORTEX_M_IDLE_WFI "Executor sleeps with WFI (interrupts masked) instead of WFE" ON)
add_compile_definitions(MOTE_CORTEX_M_IDLE_WFI=$<BOOL:${MOTE_CORTEX_M_IDLE_WFI}>)

# A function, so its parsing variables stay local; what cmake/mote.cmake, the toolchain file and
# the tests read goes to the board.cmake's scope (the top level) with PARENT_SCOPE.
function(mote_cortex_m_board)
  cmake_parse_arguments(PARSE_ARGV 0 ARG "NO_SYSTICK" "CHIP;CPU;FLOAT_FLAGS;MACHINE;TICK_HZ;LINKER_SCRIPT"
                        "SOURCES")
  foreach(_required CHIP CPU MACHINE TICK_HZ)
    if(NOT ARG_${_required})
      message(FATAL_ERROR "mote_cortex_m_board: ${_required} is required")
    endif()
  endforeach()
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "mote_cortex_m_board: unknown arguments ${ARG_UNPARSED_ARGUMENTS} (ARENA_BYTES is gone: the "
                        "arena is the RAM the linker script leaves free; cap it per firmware)")
  endif()
  if(NOT ARG_LINKER_SCRIPT)
    set(ARG_LINKER_SCRIPT linker.ld)
  endif()
  if(NOT ARG_SOURCES)
    set(ARG_SOURCES board.cpp)
  endif()
  # CMAKE_CURRENT_LIST_DIR is the caller's here: the board's directory.
  get_filename_component(_script "${ARG_LINKER_SCRIPT}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_LIST_DIR}")
  set(_sources "")
  foreach(_source IN LISTS ARG_SOURCES)
    get_filename_component(_source "${_source}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_LIST_DIR}")
    list(APPEND _sources "${_source}")
  endforeach()

  set(MOTE_PLATFORM cortex-m PARENT_SCOPE)
  set(MOTE_CHIP ${ARG_CHIP} PARENT_SCOPE)            # chips/<chip>: vector table, console, time driver
  set(MOTE_ARM_CPU ${ARG_CPU} PARENT_SCOPE)          # read by the toolchain file, with the float flags
  if(DEFINED ARG_FLOAT_FLAGS)
    set(MOTE_ARM_FLOAT_FLAGS "${ARG_FLOAT_FLAGS}" PARENT_SCOPE)
  endif()
  set(MOTE_BOARD_TICK_HZ ${ARG_TICK_HZ} PARENT_SCOPE)
  # The frame arena is the free RAM the linker script marks (__mote_arena_start/_end).
  set(MOTE_BOARD_ARENA_FROM_LINKER ON PARENT_SCOPE)
  set(MOTE_BOARD_SOURCES "${_sources}" PARENT_SCOPE)
  set(MOTE_BOARD_LINKER_SCRIPT "${_script}" PARENT_SCOPE)
  set(MOTE_QEMU_MACHINE ${ARG_MACHINE} PARENT_SCOPE)  # read by mote_board_run_command
  set(MOTE_SIZE_TOOL arm-none-eabi-size PARENT_SCOPE)
  if(ARG_NO_SYSTICK)
    set(MOTE_CORTEX_M_NO_SYSTICK ON PARENT_SCOPE)
  endif()
  # MOTE_TOOLCHAIN (cmake/mote.cmake) picks the compiler: GCC 12 or clang-16.
  if(MOTE_TOOLCHAIN STREQUAL "clang")
    set(_toolchain "${MOTE_ROOT}/cmake/toolchain-arm-clang.cmake")
  else()
    set(_toolchain "${MOTE_ROOT}/cmake/toolchain-arm-none-eabi.cmake")
  endif()
  set(MOTE_BOARD_TOOLCHAIN_FILE "${_toolchain}" PARENT_SCOPE)
  set(CMAKE_TOOLCHAIN_FILE "${_toolchain}" CACHE FILEPATH "Toolchain of the board")
endfunction()

# Per firmware: the memory map, and a map file next to the ELF (where flash and RAM go).
function(mote_board_configure_firmware target)
  target_link_options(${target} PRIVATE "-T${MOTE_BOARD_LINKER_SCRIPT}" "-Wl,-Map=$<TARGET_FILE:${target}>.map")
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS "${MOTE_BOARD_LINKER_SCRIPT}")
endfunction()

# How run-<name> (and the board's tests) start a firmware: under QEMU, exit status from
# semihosting, one instruction = 1 ns of virtual time (deterministic), and a halted CPU (WFI)
# jumps straight to the next timer event. -nographic puts the first UART on stdio. An image
# without semihosting (MOTE_SEMIHOSTING=OFF) runs with semihosting disabled, so a stray BKPT 0xAB
# faults as on a chip, and -no-reboot: its stop is a system reset, which then ends QEMU (status 0).
function(mote_board_run_command out elf)
  if(MOTE_SEMIHOSTING)
    set(_stop_args -semihosting-config enable=on,target=native)
  else()
    set(_stop_args -no-reboot)
  endif()
  set(${out} qemu-system-arm -M ${MOTE_QEMU_MACHINE} -nographic ${_stop_args}
      -icount shift=0,sleep=off -kernel ${elf} PARENT_SCOPE)
endfunction()
