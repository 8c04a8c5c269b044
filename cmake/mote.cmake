# mote.cmake: the build contract for applications (and for this repository itself).
#
#   cmake_minimum_required(VERSION 3.25)
#   include(${MOTE_PATH}/cmake/mote.cmake)   # before project(): picks the board's toolchain
#   project(app C CXX ASM)
#   mote_add_firmware(app main.cpp)          # builds app; target run-app runs it
#
# Configure with -DMOTE_BOARD=<board> (default: host). Options (cache variables):
#   MOTE_ALLOC        ON: task frames from the heap, no pool limit (default OFF: the frame arena)
#   MOTE_TICK_HZ      ticks per second of mote::Duration (default: the board's)
#   MOTE_SANITIZE     host only: "address" (ASan+UBSan) or "thread" (TSan)
#   MOTE_SEMIHOSTING  Cortex-M, RISC-V: ON (default) lets the image use semihosting (exit status,
#                     command line), which only works under a debugger or QEMU; OFF builds an
#                     image for real hardware with no semihosting instruction in it
#   MOTE_STOP         without semihosting, how mote::exit, panics and faults stop: "reset"
#                     (default) or "halt" (docs/footprint.md)
#   MOTE_FAULT_REPORT "full" (registers, fault status) or "compact" (one line); default full
#                     with semihosting, compact without (panics format the same way in both)
#   MOTE_GCC_COROUTINE_GUARD  GCC builds (default ON): fail on code GCC 12 miscompiles in
#                     coroutines (an aggregate temporary with a destructor in a co_await expression)
#   MOTE_TOOLCHAIN    Cortex-M and RISC-V boards: "gcc" (default) or "clang" (clang-16 compiles,
#                     the GNU toolchain links; docs/toolchains.md). Fixed per build tree.
#   MOTE_STACK_GUARD  Cortex-M (default ON): paint the main stack at reset (the memory report's
#                     high-water mark) and guard its bottom with the MPU where there is one, so
#                     an overflow faults at once with "stack overflow" (docs/guide.md)
#   MOTE_LTO          Cortex-M boards built by GCC (default ON): link-time optimisation in the
#                     MinSizeRel and Release builds (docs/footprint.md)
include_guard(GLOBAL)

get_filename_component(MOTE_ROOT "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
set(MOTE_BOARD "host" CACHE STRING "Board to build for (host)")
set(MOTE_ALLOC OFF CACHE BOOL "Allocate task frames on the heap (no pool limits)")
set(MOTE_SANITIZE "" CACHE STRING "Host sanitizers: address | thread | empty")
option(MOTE_SEMIHOSTING "Images may use semihosting (needs a debugger or QEMU); OFF for real hardware" ON)
option(MOTE_STACK_GUARD "Cortex-M: paint the main stack and guard its bottom with the MPU" ON)
set(MOTE_STOP "reset" CACHE STRING "Without semihosting, exit/panic/fault stop by: reset | halt")
set(MOTE_FAULT_REPORT "" CACHE STRING "full | compact (empty: full with semihosting, compact without)")
if(NOT MOTE_STOP MATCHES "^(reset|halt)$")
  message(FATAL_ERROR "mote: MOTE_STOP must be 'reset' or 'halt', not '${MOTE_STOP}'")
endif()
if(MOTE_FAULT_REPORT STREQUAL "")
  if(MOTE_SEMIHOSTING)
    set(_mote_fault_report_full 1)
  else()
    set(_mote_fault_report_full 0)
  endif()
elseif(MOTE_FAULT_REPORT MATCHES "^(full|compact)$")
  if(MOTE_FAULT_REPORT STREQUAL "full")
    set(_mote_fault_report_full 1)
  else()
    set(_mote_fault_report_full 0)
  endif()
else()
  message(FATAL_ERROR "mote: MOTE_FAULT_REPORT must be 'full', 'compact' or empty, not '${MOTE_FAULT_REPORT}'")
endif()
set(MOTE_TOOLCHAIN "gcc" CACHE STRING "Compiler for Cortex-M and RISC-V boards: gcc | clang")
set_property(CACHE MOTE_TOOLCHAIN PROPERTY STRINGS gcc clang)
if(NOT MOTE_TOOLCHAIN MATCHES "^(gcc|clang)$")
  message(FATAL_ERROR "mote: MOTE_TOOLCHAIN must be 'gcc' or 'clang', not '${MOTE_TOOLCHAIN}'")
endif()

set(_mote_board_dir "${MOTE_ROOT}/boards/${MOTE_BOARD}")
if(NOT EXISTS "${_mote_board_dir}/board.cmake")
  file(GLOB _mote_boards RELATIVE "${MOTE_ROOT}/boards" "${MOTE_ROOT}/boards/*/board.cmake")
  string(REPLACE "/board.cmake" "" _mote_boards "${_mote_boards}")
  message(FATAL_ERROR "mote: unknown MOTE_BOARD '${MOTE_BOARD}'. Known boards: ${_mote_boards}")
endif()
# A board sets MOTE_PLATFORM, MOTE_BOARD_TICK_HZ and, for a cross target, CMAKE_TOOLCHAIN_FILE
# (which must happen before project()). Its frame arena is either the free RAM its linker script
# marks with __mote_arena_start/__mote_arena_end (MOTE_BOARD_ARENA_FROM_LINKER ON: every
# Cortex-M and RISC-V board) or a static array of MOTE_BOARD_ARENA_BYTES (host, wasm32). A cross
# board may also set MOTE_CHIP (chips/<chip>: sources and headers) and MOTE_BOARD_SOURCES, and
# define mote_board_configure_firmware(<target>) (linker script and the like).
include("${_mote_board_dir}/board.cmake")
# A chip may share blocks with other chips (chips/<block>: headers and sources of one IP, such as
# Arm's PL022 SPI port, written once): its chips/<chip>/chip.cmake lists them in
# MOTE_CHIP_BLOCKS. MOTE_CHIP_INCLUDE_DIRS: the chip's include directory and its blocks'.
set(MOTE_CHIP_BLOCKS "")
set(MOTE_CHIP_INCLUDE_DIRS "")
if(MOTE_CHIP)
  if(EXISTS "${MOTE_ROOT}/chips/${MOTE_CHIP}/chip.cmake")
    include("${MOTE_ROOT}/chips/${MOTE_CHIP}/chip.cmake")
  endif()
  foreach(_dir IN ITEMS ${MOTE_CHIP} ${MOTE_CHIP_BLOCKS})
    list(APPEND MOTE_CHIP_INCLUDE_DIRS "${MOTE_ROOT}/chips/${_dir}/include")
  endforeach()
endif()
# The toolchain file a cross board picked (cmake/*-board.cmake, from MOTE_TOOLCHAIN) is cached
# at the first configure: a tree's compiler cannot change afterwards, so say so instead of
# silently keeping the old one.
if(MOTE_BOARD_TOOLCHAIN_FILE AND NOT CMAKE_TOOLCHAIN_FILE STREQUAL MOTE_BOARD_TOOLCHAIN_FILE)
  message(FATAL_ERROR "mote: this build tree was configured with ${CMAKE_TOOLCHAIN_FILE}; MOTE_TOOLCHAIN=${MOTE_TOOLCHAIN} needs ${MOTE_BOARD_TOOLCHAIN_FILE}: use a new build directory")
endif()
if(MOTE_TOOLCHAIN STREQUAL "clang" AND NOT MOTE_BOARD_TOOLCHAIN_FILE)
  message(WARNING "mote: MOTE_TOOLCHAIN applies to Cortex-M and RISC-V boards only; ${MOTE_BOARD} "
                  "ignores it (host: set CMAKE_CXX_COMPILER, e.g. the host-clang preset; wasm32 is always clang)")
endif()
set(MOTE_TICK_HZ "${MOTE_BOARD_TICK_HZ}" CACHE STRING "Ticks per second of mote::Duration")

# Link-time optimisation: GCC sees the executor, the time driver, the chip's drivers and the
# application as one program, inlines across them and drops what no path reaches (blinky and the
# reference app lose about 9% of their flash, docs/footprint.md). Cortex-M with GCC only: the
# RISC-V GNU toolchain (GCC 12, binutils 2.40) loses the Zicsr extension of the compile flags in
# the LTO link and rejects the CSR instructions, and clang builds link GCC's libraries with GNU ld,
# which has no plugin for clang's bitcode. Every target of the tree gets it, tests and benchmarks
# included, so what is measured is what ships; a target that relies on -Wl,--wrap turns it off
# (mote_disable_lto): the linker cannot redirect a call that LTO already resolved.
option(MOTE_LTO "Link-time optimisation for Cortex-M boards built by GCC (MinSizeRel, Release)" ON)
if(MOTE_LTO AND MOTE_PLATFORM STREQUAL "cortex-m" AND MOTE_TOOLCHAIN STREQUAL "gcc")
  set(CMAKE_INTERPROCEDURAL_OPTIMIZATION_MINSIZEREL ON)
  set(CMAKE_INTERPROCEDURAL_OPTIMIZATION_RELEASE ON)
  set(MOTE_LTO_ACTIVE ON)
else()
  set(MOTE_LTO_ACTIVE OFF)
endif()

# Debug information in every Cortex-M and RISC-V build, whatever the build type: the GDB
# extension (tools/gdb/mote.py, debug-<app>) reads the executor's and the pools' state through
# it. It lives in ELF sections that are never loaded, so flash, RAM and the code are the same
# with it (-g does not change the code: the loaded images are byte-identical, checked with GCC on
# mps2-an385). The LTO link needs it too, or the optimised program loses it.
if(MOTE_PLATFORM STREQUAL "cortex-m" OR MOTE_PLATFORM STREQUAL "riscv")
  add_compile_options(-g)
  add_link_options(-g)
endif()

# mote_disable_lto(<target>): <target> links without LTO (it uses -Wl,--wrap). mote_core's
# objects then carry machine code beside their LTO bytecode (-ffat-lto-objects), so such a link
# takes the machine code and --wrap applies.
function(mote_disable_lto target)
  if(MOTE_LTO_ACTIVE)
    set_target_properties(${target} PROPERTIES INTERPROCEDURAL_OPTIMIZATION_MINSIZEREL OFF
                                               INTERPROCEDURAL_OPTIMIZATION_RELEASE OFF)
    target_link_options(${target} PRIVATE -fno-lto -fno-use-linker-plugin)
  endif()
endfunction()

# Creates the mote libraries once per build tree (called by mote_add_firmware).
function(_mote_define_libraries)
  if(TARGET mote_core)
    return()
  endif()
  file(GLOB _core_sources CONFIGURE_DEPENDS "${MOTE_ROOT}/src/*.cpp")
  list(REMOVE_ITEM _core_sources "${MOTE_ROOT}/src/arena.cpp")
  file(GLOB _port_sources CONFIGURE_DEPENDS "${MOTE_ROOT}/platform/${MOTE_PLATFORM}/src/*.cpp")
  # The port's main.cpp and, where it has one, stdio.cpp (the C library's stdout, which the C
  # library, searched after mote's own library, needs) are objects of every firmware.
  set(_port_objects "")
  foreach(_file main.cpp stdio.cpp)
    set(_path "${MOTE_ROOT}/platform/${MOTE_PLATFORM}/src/${_file}")
    if(EXISTS "${_path}")
      list(APPEND _port_objects "${_path}")
      list(REMOVE_ITEM _port_sources "${_path}")
    endif()
  endforeach()
  file(GLOB_RECURSE _headers CONFIGURE_DEPENDS "${MOTE_ROOT}/include/mote/*.hpp")
  file(GLOB_RECURSE _port_headers CONFIGURE_DEPENDS "${MOTE_ROOT}/platform/${MOTE_PLATFORM}/include/*.hpp")
  set(_chip_sources "")
  set(_chip_headers "")
  set(_chip_include "")
  foreach(_dir IN ITEMS ${MOTE_CHIP} ${MOTE_CHIP_BLOCKS})  # none where MOTE_CHIP is empty
    file(GLOB _sources CONFIGURE_DEPENDS "${MOTE_ROOT}/chips/${_dir}/src/*.cpp")
    file(GLOB_RECURSE _headers_of_dir CONFIGURE_DEPENDS "${MOTE_ROOT}/chips/${_dir}/include/*.hpp")
    list(APPEND _chip_sources ${_sources})
    list(APPEND _chip_headers ${_headers_of_dir})
  endforeach()
  set(_chip_include ${MOTE_CHIP_INCLUDE_DIRS})

  add_library(mote_core STATIC ${_core_sources} ${_port_sources})
  add_library(mote::core ALIAS mote_core)
  # Every public header must compile on its own (VERIFY_INTERFACE_HEADER_SETS).
  target_sources(mote_core PUBLIC
    FILE_SET HEADERS BASE_DIRS "${MOTE_ROOT}/include" "${MOTE_ROOT}/platform/${MOTE_PLATFORM}/include" ${_chip_include}
    FILES ${_headers} ${_port_headers} ${_chip_headers})
  target_compile_features(mote_core PUBLIC cxx_std_20)
  target_compile_definitions(mote_core PUBLIC MOTE_TICK_HZ=${MOTE_TICK_HZ} MOTE_ALLOC=$<BOOL:${MOTE_ALLOC}>)
  if(MOTE_PLATFORM STREQUAL "cortex-m" OR MOTE_PLATFORM STREQUAL "riscv")
    # PUBLIC: the chip's and the application's code must agree (e.g. a demo that reads its
    # command line over semihosting only where it may).
    target_compile_definitions(mote_core PUBLIC MOTE_SEMIHOSTING=$<BOOL:${MOTE_SEMIHOSTING}>
      MOTE_STOP_HALT=$<STREQUAL:${MOTE_STOP},halt> MOTE_FAULT_REPORT_FULL=${_mote_fault_report_full}
      MOTE_STACK_GUARD=$<BOOL:${MOTE_STACK_GUARD}>)
  endif()
  target_compile_options(mote_core PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)
  if(MOTE_PLATFORM STREQUAL "host")
    find_package(Threads REQUIRED)
    target_link_libraries(mote_core PUBLIC Threads::Threads)
  endif()

  # The chip's and the board's sources are objects of every firmware, not library members, so
  # that the chip's vector table and the interrupt handlers it names are always linked.
  add_library(mote_main OBJECT ${_port_objects} ${_chip_sources} ${MOTE_BOARD_SOURCES})
  target_link_libraries(mote_main PUBLIC mote_core)
  if(MOTE_LTO_ACTIVE)
    # Machine code beside the bytecode, for the links without LTO (mote_disable_lto).
    target_compile_options(mote_core PRIVATE -ffat-lto-objects)
    target_compile_options(mote_main PRIVATE -ffat-lto-objects)
    # The C library (searched after the LTO unit is closed) refers to the port's stdout: as
    # bytecode it would be dropped before the reference is seen.
    foreach(_file ${_port_objects})
      if(_file MATCHES "/stdio\\.cpp$")
        set_source_files_properties("${_file}" TARGET_DIRECTORY mote_main PROPERTIES COMPILE_OPTIONS "-fno-lto")
      endif()
    endforeach()
  endif()
endfunction()

# Applies the sanitizer flags chosen by MOTE_SANITIZE to every target in the build tree.
if(MOTE_SANITIZE STREQUAL "address")
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
elseif(MOTE_SANITIZE STREQUAL "thread")
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
elseif(NOT MOTE_SANITIZE STREQUAL "")
  message(FATAL_ERROR "mote: MOTE_SANITIZE must be 'address', 'thread' or empty, not '${MOTE_SANITIZE}'")
endif()

# mote_add_arena(<target> [<bytes>])
# Adds the frame arena to an executable that links mote_core without MOTE_MAIN (unit tests,
# benchmarks); mote_add_firmware does this itself. On a board whose linker script marks the
# free RAM, the arena is that RAM and <bytes>, if given, caps it (the linker takes the smaller:
# --defsym __mote_arena_cap); on the host and wasm32 it is a static array of <bytes> (default:
# the board's MOTE_BOARD_ARENA_BYTES).
function(mote_add_arena target)
  target_sources(${target} PRIVATE "${MOTE_ROOT}/src/arena.cpp")
  set(_cap "")
  if(ARGC GREATER 1)  # not ARGV1 alone: unset, it would read the caller's ARGV1
    set(_cap "${ARGV1}")
  endif()
  if(MOTE_BOARD_ARENA_FROM_LINKER)
    target_compile_definitions(${target} PRIVATE MOTE_ARENA_FROM_LINKER)
    if(_cap)
      target_link_options(${target} PRIVATE "LINKER:--defsym=__mote_arena_cap=${_cap}")
    endif()
  else()
    if(NOT _cap)
      set(_cap ${MOTE_BOARD_ARENA_BYTES})
    endif()
    target_compile_definitions(${target} PRIVATE MOTE_ARENA_BYTES=${_cap})
    set_property(TARGET ${target} PROPERTY MOTE_STATIC_ARENA_BYTES ${_cap})  # read by the size print
  endif()
endfunction()

# GCC 12 destroys the members of an aggregate temporary twice when it is initialised in an
# expression with co_await (tests/gcc_bugs/ shows it; docs/guide.md, "Compiler pitfalls"). In a
# GCC build, every mote program's own sources are checked by tools/gcc_coroutine_guard.py before
# they compile: the build fails naming the file and line. The check parses candidate files with
# clang (clang++-16, installed by tools/setup.sh) for the same target, include paths and
# definitions; files without a braced initialiser in a co_await expression cost nothing.
option(MOTE_GCC_COROUTINE_GUARD "GCC builds: refuse code GCC 12 miscompiles in coroutines" ON)

# The clang arguments that parse this build's sources as GCC compiles them (same C++ library
# headers and target), in `out`.
function(_mote_guard_clang_args out)
  get_property(_cached GLOBAL PROPERTY MOTE_GUARD_CLANG_ARGS SET)
  if(_cached)  # the same for every program of the build: asked of the compiler once
    get_property(_args GLOBAL PROPERTY MOTE_GUARD_CLANG_ARGS)
    set(${out} "${_args}" PARENT_SCOPE)
    return()
  endif()
  set(args -std=c++20)
  if(MOTE_PLATFORM STREQUAL "cortex-m")
    separate_arguments(_float UNIX_COMMAND "${MOTE_ARM_FLOAT_FLAGS}")
    execute_process(COMMAND ${CMAKE_CXX_COMPILER} -mcpu=${MOTE_ARM_CPU} -mthumb ${_float} -print-multi-directory
                    OUTPUT_VARIABLE _multilib OUTPUT_STRIP_TRAILING_WHITESPACE)
    set(_cxx /usr/lib/arm-none-eabi/include/c++/12.2.1)
    list(APPEND args --target=arm-none-eabi -mcpu=${MOTE_ARM_CPU} -mthumb ${_float} -fshort-enums -nostdinc++
         -isystem ${_cxx} -isystem ${_cxx}/arm-none-eabi/${_multilib} -isystem /usr/lib/picolibc/arm-none-eabi/include)
  elseif(MOTE_PLATFORM STREQUAL "riscv")
    set(_cxx /usr/include/newlib/c++/12.2.1)
    list(APPEND args --target=riscv32-unknown-elf -march=rv32imac -mabi=ilp32 -ffreestanding -nostdinc++
         -isystem ${_cxx} -isystem ${_cxx}/arm-none-eabi -isystem /usr/lib/picolibc/riscv64-unknown-elf/include)
  endif()
  get_directory_property(_defs DIRECTORY "${CMAKE_SOURCE_DIR}" COMPILE_DEFINITIONS)
  foreach(_def IN LISTS _defs)
    list(APPEND args -D${_def})
  endforeach()
  set_property(GLOBAL PROPERTY MOTE_GUARD_CLANG_ARGS "${args}")
  set(${out} "${args}" PARENT_SCOPE)
endfunction()

# Finds python3 once per build tree: FindPython3 runs the interpreter several times per call, and
# under pyenv's shims each run costs a fifth of a second, so calling it for every firmware made
# configuring a board take minutes. Python3_EXECUTABLE is a cache variable: later calls, in any
# scope, see it and skip the search. Empty if python3 is missing.
function(_mote_find_python)
  if(NOT Python3_EXECUTABLE)
    find_package(Python3 COMPONENTS Interpreter)
    if(Python3_EXECUTABLE)  # FindPython3 sets it in this function's scope only: keep it
      set(Python3_EXECUTABLE "${Python3_EXECUTABLE}" CACHE FILEPATH "python3 for mote's build tools")
    endif()
  endif()
endfunction()
function(_mote_require_python)
  _mote_find_python()
  if(NOT Python3_EXECUTABLE)
    message(FATAL_ERROR "mote: building firmware needs python3 (run tools/setup.sh)")
  endif()
endfunction()

# Adds the check to program `target` for its `sources` (GCC builds only).
function(_mote_add_gcc_coroutine_guard target)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU" OR NOT MOTE_GCC_COROUTINE_GUARD)
    return()
  endif()
  find_program(MOTE_GUARD_CLANG NAMES clang++-16 clang++)
  _mote_find_python()
  if(NOT MOTE_GUARD_CLANG OR NOT Python3_EXECUTABLE)
    message(FATAL_ERROR "mote: a GCC build checks programs for a GCC 12 coroutine bug with clang++-16 and "
                        "python3 (run tools/setup.sh), or configure with -DMOTE_GCC_COROUTINE_GUARD=OFF at your own risk")
  endif()
  set(_sources "")
  foreach(_src IN LISTS ARGN)
    get_filename_component(_src "${_src}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND _sources "${_src}")
  endforeach()
  _mote_guard_clang_args(_args)
  list(TRANSFORM _args PREPEND "--clang-arg=")
  set(_incs "$<TARGET_PROPERTY:${target},INCLUDE_DIRECTORIES>")
  set(_defs "$<TARGET_PROPERTY:${target},COMPILE_DEFINITIONS>")
  set(_stamp "${CMAKE_CURRENT_BINARY_DIR}/${target}.gcc_guard")
  add_custom_command(OUTPUT "${_stamp}"
    COMMAND ${Python3_EXECUTABLE} "${MOTE_ROOT}/tools/gcc_coroutine_guard.py" --clang ${MOTE_GUARD_CLANG}
            ${_args} "$<$<BOOL:${_incs}>:--clang-arg=-I$<JOIN:${_incs},$<SEMICOLON>--clang-arg=-I>>"
            "$<$<BOOL:${_defs}>:--clang-arg=-D$<JOIN:${_defs},$<SEMICOLON>--clang-arg=-D>>"
            --stamp "${_stamp}" ${_sources}
    DEPENDS ${_sources} "${MOTE_ROOT}/tools/gcc_coroutine_guard.py"
    COMMENT "mote: checking ${target} for code GCC 12 miscompiles in coroutines"
    COMMAND_EXPAND_LISTS VERBATIM)
  add_custom_target(${target}_gcc_guard DEPENDS "${_stamp}")
  add_dependencies(${target} ${target}_gcc_guard)
endfunction()

include("${CMAKE_CURRENT_LIST_DIR}/lwip.cmake")  # mote::net (lwIP) for boards with a NIC
include("${CMAKE_CURRENT_LIST_DIR}/log.cmake")   # MOTE_LOG_*: records section, build id, decoder
include("${CMAKE_CURRENT_LIST_DIR}/mbedtls.cmake")  # mote::boot (mbedTLS): bootloader and updater

# mote_add_firmware(<name> <sources>... [ARENA_BYTES <n>] [QEMU_ARGS <arg>...] [NET_FORWARD <hostfwd>...])
# Builds a program whose entry is MOTE_MAIN, prints its flash/RAM use and its arena, and adds
# the target run-<name>, which runs it (on the host directly, on a board under its emulator) and
# fails if it exits non-zero. ARENA_BYTES: see mote_add_arena (on a board: a cap, not needed to
# fit more tasks; the free RAM is the arena by default). QEMU_ARGS: appended to the emulator's
# command line by run-<name> and by tests (mote_firmware_run_command), e.g. the devices a program
# talks to: QEMU_ARGS -device tmp105,bus=i2c,address=0x48. Ignored on the host. NET_FORWARD: the
# program uses the network (links mote::net) and run-<name> attaches QEMU's user network with
# these host ports forwarded (QEMU's hostfwd syntax, e.g. tcp:127.0.0.1:17007-:7); docs/net.md.
function(mote_add_firmware name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "ARENA_BYTES" "QEMU_ARGS;NET_FORWARD")
  _mote_define_libraries()
  add_executable(${name} ${ARG_UNPARSED_ARGUMENTS})
  target_link_libraries(${name} PRIVATE mote_main mote_core)
  _mote_add_gcc_coroutine_guard(${name} ${ARG_UNPARSED_ARGUMENTS})
  mote_add_arena(${name} ${ARG_ARENA_BYTES})
  mote_log_configure_firmware(${name})  # before the board's linker script: see cmake/mote_log.ld
  if(COMMAND mote_board_configure_firmware)
    mote_board_configure_firmware(${name})
  endif()
  get_target_property(_static_arena ${name} MOTE_STATIC_ARENA_BYTES)
  if(NOT _static_arena)
    set(_static_arena 0)
  endif()
  add_custom_command(TARGET ${name} POST_BUILD
    COMMAND ${CMAKE_COMMAND} -DELF=$<TARGET_FILE:${name}> -DSIZE_TOOL=${MOTE_SIZE_TOOL} -DNM_TOOL=${CMAKE_NM}
            -DNAME=${name} -DSTATIC_ARENA=${_static_arena} -P "${MOTE_ROOT}/cmake/print_size.cmake"
    VERBATIM)
  set_property(TARGET ${name} PROPERTY MOTE_QEMU_ARGS "${ARG_QEMU_ARGS}")
  if(ARG_NET_FORWARD)
    mote_net_define_library()
    if(NOT MOTE_NET_AVAILABLE)
      message(FATAL_ERROR "mote: ${name} uses NET_FORWARD, but ${MOTE_BOARD} has no mote::net (no NIC, MOTE_NET off, or lwIP not fetched)")
    endif()
    target_link_libraries(${name} PRIVATE mote::net)
    mote_net_run_command(_run_cmd $<TARGET_FILE:${name}> ${ARG_NET_FORWARD})
    list(APPEND _run_cmd ${ARG_QEMU_ARGS})
  else()
    mote_firmware_run_command(_run_cmd ${name} RAW)
  endif()
  if(MOTE_PLATFORM STREQUAL "cortex-m" OR MOTE_PLATFORM STREQUAL "riscv")
    # debug-<name>: the same QEMU command halted at reset with its gdbstub, and gdb-multiarch
    # with mote's extension connected to it (tools/mote-debug, docs/observability.md).
    mote_debug_command(_debug_cmd $<TARGET_FILE:${name}> ${_run_cmd})
    add_custom_target(debug-${name} COMMAND ${_debug_cmd} DEPENDS ${name} USES_TERMINAL VERBATIM)
  endif()
  mote_log_wrap_run_command(_run_cmd $<TARGET_FILE:${name}> ${_run_cmd})  # MOTE_LOG_* frames shown as text
  add_custom_target(run-${name} COMMAND ${_run_cmd} DEPENDS ${name} USES_TERMINAL VERBATIM)
endfunction()

# mote_debug_command(<out> <elf> <qemu command>...): the command that debugs <elf>, run by the
# QEMU command (Cortex-M and RISC-V boards): tools/mote-debug starts it with -s -S and
# gdb-multiarch with tools/gdb/mote.py. Without gdb-multiarch, a command that says to install it.
function(mote_debug_command out elf)
  find_program(MOTE_GDB NAMES gdb-multiarch)
  _mote_find_python()
  if(MOTE_GDB AND Python3_EXECUTABLE)
    set(${out} ${Python3_EXECUTABLE} "${MOTE_ROOT}/tools/mote-debug" --gdb ${MOTE_GDB} --elf ${elf} -- ${ARGN} PARENT_SCOPE)
  else()
    set(${out} ${CMAKE_COMMAND} -E echo "mote: debugging needs gdb-multiarch: run tools/setup.sh, then configure again"
        COMMAND ${CMAKE_COMMAND} -E false PARENT_SCOPE)
  endif()
endfunction()

# mote_firmware_run_command(<out> <target> [RAW]): the command that runs firmware <target> (made
# by mote_add_firmware) as run-<target> does: the board's run command plus the target's QEMU_ARGS
# (not on the host), under tools/mote-log on a board, so that MOTE_LOG_* and MOTE_PANIC frames
# come out as text (text passes through unchanged, the exit status too). RAW: the emulator's own
# output, frames as bytes (for tests of the log format itself).
function(mote_firmware_run_command out target)
  cmake_parse_arguments(PARSE_ARGV 2 ARG "RAW" "" "")
  mote_board_run_command(_cmd $<TARGET_FILE:${target}>)
  get_target_property(_extra ${target} MOTE_QEMU_ARGS)
  if(_extra AND (MOTE_PLATFORM STREQUAL "cortex-m" OR MOTE_PLATFORM STREQUAL "riscv"))  # the QEMU boards
    list(APPEND _cmd ${_extra})
  endif()
  if(NOT ARG_RAW)
    mote_log_wrap_run_command(_cmd $<TARGET_FILE:${target}> ${_cmd})
  endif()
  set(${out} ${_cmd} PARENT_SCOPE)
endfunction()
