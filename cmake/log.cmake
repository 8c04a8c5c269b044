# log.cmake: MOTE_LOG_* in firmware (include/mote/log.hpp, docs/observability.md). Included by
# mote.cmake.
#
#   MOTE_LOG_LEVEL   the least level compiled in: trace | debug | info | warn | error | off
#                    (empty: the header's default, info). Calls below it compile to nothing.
include_guard(GLOBAL)

set(MOTE_LOG_LEVEL "" CACHE STRING "Least MOTE_LOG_* level compiled in: trace | debug | info | warn | error | off")
if(NOT MOTE_LOG_LEVEL STREQUAL "")
  string(TOUPPER "${MOTE_LOG_LEVEL}" _mote_log_level)
  if(NOT _mote_log_level MATCHES "^(TRACE|DEBUG|INFO|WARN|ERROR|OFF)$")
    message(FATAL_ERROR "mote: MOTE_LOG_LEVEL must be trace, debug, info, warn, error, off or empty, not '${MOTE_LOG_LEVEL}'")
  endif()
  add_compile_definitions(MOTE_LOG_LEVEL=MOTE_LOG_LEVEL_${_mote_log_level})
endif()

# Execution traces (include/mote/trace.hpp): the executor's and time driver's hooks record into a
# RAM ring that mote::exit prints; tools/mote-trace converts it to Chrome trace JSON.
option(MOTE_TRACE "Record execution trace events (tasks, idle, alarms) into a RAM ring" OFF)
set(MOTE_TRACE_EVENTS 512 CACHE STRING "Entries of the MOTE_TRACE ring (16 bytes each)")
if(MOTE_TRACE)
  add_compile_definitions(MOTE_TRACE=1 MOTE_TRACE_EVENTS=${MOTE_TRACE_EVENTS})
endif()

# The decoder: tools/mote-log (Python 3, no packages beyond the standard library).
set(MOTE_LOG_TOOL "${CMAKE_CURRENT_LIST_DIR}/../tools/mote-log")

# Firmware (Cortex-M, RISC-V) only: the linker script fragment that keeps the log records in a
# section that is not loaded (before the board's script, which it must precede), and, after the
# link, the build id stamped into the image (a hash of that section; a no-op without records).
function(mote_log_configure_firmware target)
  if(NOT (MOTE_PLATFORM STREQUAL "cortex-m" OR MOTE_PLATFORM STREQUAL "riscv"))
    return()
  endif()
  _mote_require_python()
  target_link_options(${target} PRIVATE "-T${MOTE_ROOT}/cmake/mote_log.ld")
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS "${MOTE_ROOT}/cmake/mote_log.ld")
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${Python3_EXECUTABLE} "${MOTE_LOG_TOOL}" stamp $<TARGET_FILE:${target}>
    VERBATIM)
endfunction()

# mote_log_use_ring(<target> <bytes>): the firmware's MOTE_LOG_* frames go to a RAM ring of
# <bytes> (the symbol mote_log_ring) instead of the console; `tools/mote-log ring` decodes a dump
# of it (src/log_ring/log_ring.cpp says how).
function(mote_log_use_ring target bytes)
  if(NOT bytes MATCHES "^[1-9][0-9]*$")
    message(FATAL_ERROR "mote_log_use_ring: the ring's size must be a positive number of bytes, not '${bytes}'")
  endif()
  target_sources(${target} PRIVATE "${MOTE_ROOT}/src/log_ring/log_ring.cpp")
  target_compile_definitions(${target} PRIVATE MOTE_LOG_RING_BYTES=${bytes})
endfunction()

# The command that runs firmware `elf` with `cmd` and shows its log frames as text (run-<app>):
# tools/mote-log runs the emulator, passes its exit status and its text through, decodes frames.
function(mote_log_wrap_run_command out elf)
  if(MOTE_PLATFORM STREQUAL "cortex-m" OR MOTE_PLATFORM STREQUAL "riscv")
    _mote_require_python()
    set(${out} ${Python3_EXECUTABLE} "${MOTE_LOG_TOOL}" run --elf ${elf} -- ${ARGN} PARENT_SCOPE)
  else()
    set(${out} ${ARGN} PARENT_SCOPE)
  endif()
endfunction()
