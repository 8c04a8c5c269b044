# riscv-board.cmake: what every RISC-V board under QEMU sets up, so that a board.cmake is one
# call (included by the board.cmake, before project()):
#
#   include("${MOTE_ROOT}/cmake/riscv-board.cmake")
#   mote_riscv_board(CHIP <chip> MACHINE <qemu machine> MTIME_HZ <n> TICK_HZ <n>
#                    [LINKER_SCRIPT <file>] [SOURCES <file>...] [QEMU_ARGS <arg>...])
#
# Relative paths are taken from the board's directory; LINKER_SCRIPT defaults to linker.ld and
# SOURCES to board.cpp there. QEMU_ARGS are added to every run (e.g. -bios none). MTIME_HZ is the
# CLINT's mtime rate (the time driver's clock); TICK_HZ, a multiple or divisor of it.
#
# The board's linker script must define __mote_arena_start and __mote_arena_end (the RAM that
# .data, .bss and the main stack leave free; the frame arena) and accept __mote_arena_cap
# (mote_add_firmware's ARENA_BYTES): docs/porting.md.
include_guard(GLOBAL)

function(mote_riscv_board)
  cmake_parse_arguments(PARSE_ARGV 0 ARG "" "CHIP;MACHINE;MTIME_HZ;TICK_HZ;LINKER_SCRIPT" "SOURCES;QEMU_ARGS")
  foreach(_required CHIP MACHINE MTIME_HZ TICK_HZ)
    if(NOT ARG_${_required})
      message(FATAL_ERROR "mote_riscv_board: ${_required} is required")
    endif()
  endforeach()
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "mote_riscv_board: unknown arguments ${ARG_UNPARSED_ARGUMENTS} (ARENA_BYTES is gone: the "
                        "arena is the RAM the linker script leaves free; cap it per firmware)")
  endif()
  if(NOT ARG_LINKER_SCRIPT)
    set(ARG_LINKER_SCRIPT linker.ld)
  endif()
  if(NOT ARG_SOURCES)
    set(ARG_SOURCES board.cpp)
  endif()
  get_filename_component(_script "${ARG_LINKER_SCRIPT}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_LIST_DIR}")
  set(_sources "")
  foreach(_source IN LISTS ARG_SOURCES)
    get_filename_component(_source "${_source}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_LIST_DIR}")
    list(APPEND _sources "${_source}")
  endforeach()

  # Every target of the build (the time driver reads it); before project(), so at the top.
  add_compile_definitions(MOTE_RISCV_MTIME_HZ=${ARG_MTIME_HZ})
  set(MOTE_PLATFORM riscv PARENT_SCOPE)
  set(MOTE_CHIP ${ARG_CHIP} PARENT_SCOPE)
  set(MOTE_BOARD_TICK_HZ ${ARG_TICK_HZ} PARENT_SCOPE)
  # The frame arena is the free RAM the linker script marks (__mote_arena_start/_end).
  set(MOTE_BOARD_ARENA_FROM_LINKER ON PARENT_SCOPE)
  set(MOTE_BOARD_SOURCES "${_sources}" PARENT_SCOPE)
  set(MOTE_BOARD_LINKER_SCRIPT "${_script}" PARENT_SCOPE)
  set(MOTE_QEMU_MACHINE ${ARG_MACHINE} PARENT_SCOPE)
  set(MOTE_QEMU_EXTRA_ARGS "${ARG_QEMU_ARGS}" PARENT_SCOPE)
  set(MOTE_SIZE_TOOL riscv64-unknown-elf-size PARENT_SCOPE)
  # MOTE_TOOLCHAIN (cmake/mote.cmake) picks the compiler: GCC 12 or clang-16.
  if(MOTE_TOOLCHAIN STREQUAL "clang")
    set(_toolchain "${MOTE_ROOT}/cmake/toolchain-riscv32-clang.cmake")
  else()
    set(_toolchain "${MOTE_ROOT}/cmake/toolchain-riscv32.cmake")
  endif()
  set(MOTE_BOARD_TOOLCHAIN_FILE "${_toolchain}" PARENT_SCOPE)
  set(CMAKE_TOOLCHAIN_FILE "${_toolchain}" CACHE FILEPATH "Toolchain of the board")
endfunction()

# Per firmware: the memory map, and a map file next to the ELF.
function(mote_board_configure_firmware target)
  target_link_options(${target} PRIVATE "-T${MOTE_BOARD_LINKER_SCRIPT}" "-Wl,-Map=$<TARGET_FILE:${target}>.map")
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS "${MOTE_BOARD_LINKER_SCRIPT}")
endfunction()

# How run-<name> (and the board's tests) start a firmware: under QEMU, exit status through
# semihosting (both boards; sifive_e has no test device), one instruction = 1 ns of virtual time
# (deterministic), and a halted hart (WFI) jumps straight to the next timer event. -nographic
# puts the first UART on stdio. Extra arguments after the ELF (e.g. a test's -device) may follow.
# An image without semihosting (MOTE_SEMIHOSTING=OFF) runs with it disabled (a stray semihosting
# EBREAK traps as on a chip) and with -no-reboot (a chip's reset ends QEMU); on virt it stops
# through the test device, which keeps the exit status.
function(mote_board_run_command out elf)
  if(MOTE_SEMIHOSTING)
    set(_stop_args -semihosting-config enable=on,target=native)
  else()
    set(_stop_args -no-reboot)
  endif()
  set(${out} qemu-system-riscv32 -M ${MOTE_QEMU_MACHINE} ${MOTE_QEMU_EXTRA_ARGS} -nographic
      ${_stop_args} -icount shift=0,sleep=off -kernel ${elf} PARENT_SCOPE)
endfunction()
