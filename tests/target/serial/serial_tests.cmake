# Serial-driver firmware tests and the target-side compile-fail tests (included by
# tests/target/CMakeLists.txt). A board takes part by providing serial/<board>.hpp (see
# ../serial_board.hpp for what it names); QEMU must connect that UART to stdio, and the board's
# run command must pass QEMU's standard input through (mote_board_run_command with -nographic).
set(_serial_header "${CMAKE_CURRENT_LIST_DIR}/${MOTE_BOARD}.hpp")
if(NOT EXISTS "${_serial_header}")
  message(STATUS "mote: no tests/target/serial/${MOTE_BOARD}.hpp: serial tests skipped")
  return()
endif()
find_package(Python3 REQUIRED COMPONENTS Interpreter)

# mote_serial_test(<name> <serial_session.py steps>...): builds <name>.cpp and runs it with
# serial_session.py, which feeds its console and checks the output.
function(mote_serial_test name)
  mote_add_firmware(target_${name} ${name}.cpp)
  target_include_directories(target_${name} PRIVATE "${CMAKE_CURRENT_SOURCE_DIR}")
  target_compile_definitions(target_${name} PRIVATE "MOTE_TEST_SERIAL_HEADER=\"serial/${MOTE_BOARD}.hpp\"")
  mote_firmware_run_command(run target_${name})  # panics (MOTE_PANIC) decoded
  add_test(NAME target.${name}
    COMMAND ${Python3_EXECUTABLE} "${CMAKE_CURRENT_SOURCE_DIR}/serial_session.py" ${ARGN} -- ${run})
endfunction()

# (No ";" in the steps: CMake would split the argument there.)
# Lines in, upper-cased lines out (read in pieces, written with the async write), until "quit".
mote_serial_test(serial_echo
  "--expect=serial_echo: ready\n"
  "--send=hello\\n" "--expect=> HELLO\n"
  "--send=Mote serial, line 2: longer than the 16-byte transmit FIFO!\\n"
  "--expect=> MOTE SERIAL, LINE 2: LONGER THAN THE 16-BYTE TRANSMIT FIFO!\n"
  "--send=spl" "--send=it li" "--send=ne\\n" "--expect=> SPLIT LINE\n"
  "--send=\\n" "--expect=> \n"
  "--send=quit\\n" "--expect=serial_echo: 4 lines echoed, bye\n")
# 100 bytes into a 32-byte ring nobody reads: one Overrun, then the first 32 bytes intact.
mote_serial_test(serial_overrun
  "--expect=serial_overrun: ready, ring of 32 bytes\n"
  "--send-seq=100"
  "--expect=buffered 32, lost 68, error pending yes\n"
  "--expect=first read: serial: overrun \\(received bytes were lost\\), second read: 32 bytes, the first 32 sent, intact\n"
  "--expect=send more\n" "--send=after the overrun\\n" "--expect=then: after the overrun\nok\n")
# A read cancelled by a timeout, and one woken by data then destroyed: no byte is lost.
mote_serial_test(serial_cancel
  "--expect=serial_cancel: ready\n"
  "--expect=read cancelled by a 5 ms timeout\nsend 1\n" "--send=sent after the timeout\\n"
  "--expect=next read: sent after the timeout\n"
  "--expect=send 2\n" "--send=woken, then dropped\\n"
  "--expect=dropped read was woken with [0-9]+ bytes buffered, next read: woken, then dropped\nok\n")
# A break on the line (QEMU's -nographic console sends one for Ctrl-A b) is reported once.
# Boards whose UART model has no break condition are listed here and skip it.
set(MOTE_TEST_SERIAL_NO_BREAK_BOARDS "")
# The CMSDK APB UART detects no break (nor framing or parity errors), in QEMU or in the chip.
list(APPEND MOTE_TEST_SERIAL_NO_BREAK_BOARDS mps2-an385 mps2-an386)
# QEMU's STM32 USART model ignores the back-end's break event (the chip reports one as a framing
# error on a zero character; stm32f4::BufferedUart turns that into Break).
list(APPEND MOTE_TEST_SERIAL_NO_BREAK_BOARDS netduinoplus2)
# QEMU 7.2's nRF51 UART model reports a break as ERRORSRC = OVERRUN | PARITY (3), not BREAK (8).
list(APPEND MOTE_TEST_SERIAL_NO_BREAK_BOARDS microbit)
# The SiFive UART (FE310) detects no line errors at all: no break, framing, parity or overrun.
list(APPEND MOTE_TEST_SERIAL_NO_BREAK_BOARDS sifive-e)
if(NOT MOTE_BOARD IN_LIST MOTE_TEST_SERIAL_NO_BREAK_BOARDS)
  mote_serial_test(serial_break
    "--expect=serial_break: ready\n"
    "--send=before\\n" "--expect=line: before\n"
    "--send=\\x01b" "--expect=error: serial: break condition\n"
    "--send=after\\n" "--expect=line: after\n"
    "--send=quit\\n" "--expect=serial_break: 1 error\\(s\\), bye\n")
elseif(MOTE_BOARD STREQUAL "microbit")
  # The same test through the model's ERROR event: its two causes are reported once each.
  mote_serial_test(serial_break
    "--expect=serial_break: ready\n"
    "--send=before\\n" "--expect=line: before\n"
    "--send=\\x01b" "--expect=error: serial: overrun \\(received bytes were lost\\)\nerror: serial: parity error\n"
    "--send=after\\n" "--expect=line: after\n"
    "--send=quit\\n" "--expect=serial_break: 2 error\\(s\\), bye\n")
else()
  mote_target_test_not_run(serial_break "a UART that detects a break")
endif()
# STM32F4 only: the USART's error flags (parity, framing, overrun, break as framing on a zero
# character), raised through QEMU's writable status register since its input never has errors.
if(MOTE_CHIP STREQUAL "stm32f4")
  mote_serial_test(serial_errors_stm32f4
    "--expect=serial_errors: ready\n" "--send=one\\n"
    "--expect=parity flag: serial: parity error\nframing flag on '\\\\n': serial: framing error\n"
    "--expect=overrun flag: serial: overrun [^,]*, then its character\n"
    "--expect=three errors: serial: overrun [^,]*, serial: framing error, serial: parity error, then the data\n"
    "--expect=send a zero\n" "--send=\\x00"
    "--expect=framing flag on 0: serial: break condition\n"
    "--expect=send more\n" "--send=two\\n" "--expect=then: two\nok\n")
endif()

# One owner per peripheral: a second take() of the tokens, and a second driver on one UART (from
# a moved-from token), panic.
function(mote_serial_must_fail_test name)
  mote_target_test(${name} MUST_FAIL ${ARGN})
  target_include_directories(target_${name} PRIVATE "${CMAKE_CURRENT_SOURCE_DIR}")
  target_compile_definitions(target_${name} PRIVATE "MOTE_TEST_SERIAL_HEADER=\"serial/${MOTE_BOARD}.hpp\"")
endfunction()
mote_serial_must_fail_test(serial_take_twice MATCH "took the console UART once\n" "panicked: .*take\\(\\) called twice")
mote_serial_must_fail_test(serial_claim_twice MATCH "first driver started\n" "panicked: .*already has a driver")

# Programs that must not compile for the target (compile_fail/*.cpp, first line "// expect:
# <regex>" or "// expect: OK"), compiled with the board's compiler, flags and definitions.
file(GLOB _cases CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/compile_fail/*.cpp")
string(TOUPPER "${CMAKE_BUILD_TYPE}" _config)
set(_flags "${CMAKE_CXX_FLAGS} ${CMAKE_CXX_FLAGS_${_config}}")
set(_includes "${MOTE_ROOT}/include" "${MOTE_ROOT}/platform/${MOTE_PLATFORM}/include" "${CMAKE_CURRENT_SOURCE_DIR}")
list(APPEND _includes ${MOTE_CHIP_INCLUDE_DIRS})  # empty without a chip
foreach(src IN LISTS _cases)
  get_filename_component(case "${src}" NAME_WE)
  add_test(NAME target_compile_fail.${case}
    COMMAND ${CMAKE_COMMAND}
      -DCOMPILER=${CMAKE_CXX_COMPILER}
      "-DFLAGS=${_flags}"
      "-DINCLUDES=${_includes}"
      "-DDEFINES=$<TARGET_PROPERTY:mote_core,INTERFACE_COMPILE_DEFINITIONS>;$<TARGET_PROPERTY:mote_core,COMPILE_DEFINITIONS>;MOTE_TEST_SERIAL_HEADER=\"serial/${MOTE_BOARD}.hpp\""
      -DSOURCE=${src}
      -P "${MOTE_ROOT}/cmake/check_compile_fail.cmake")
endforeach()
