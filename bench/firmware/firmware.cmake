# Firmware benchmarks (included by bench/CMakeLists.txt on Cortex-M boards).
#
#   bench_cycles     items 1-5: instruction counts, counted by the QEMU plugin bench_plugin.c
#   bench_blinky     item 7: the smallest useful app (mps2: blink FPGA LED0), for its flash
#   bench_reference_app  the issue's reference app (mps2: blink, sensor, channel, UART print)
#
# Targets: bench-cycles runs bench_cycles under QEMU with the plugin and writes
# bench_cycles.txt. The test bench.guard (boards with a bench/baseline/<board>.txt) fails when a
# guarded figure grew by more than 10% over the committed baseline for this compiler.
find_program(MOTE_HOST_CC NAMES cc gcc clang)
find_package(Python3 COMPONENTS Interpreter)
set(_bench_dir "${CMAKE_CURRENT_SOURCE_DIR}")
set(_soft_irqs "${MOTE_ROOT}/tests/target/soft_irqs/${MOTE_CHIP}.hpp")

# Only where the executor sleeps in WFI: with WFE QEMU 7.2 busy-loops through idle time, which
# would count idle instructions that a real core does not execute.
if(NOT MOTE_HOST_CC OR NOT MOTE_CORTEX_M_IDLE_WFI OR NOT EXISTS "${_soft_irqs}")
  message(STATUS "mote: firmware benchmarks skipped (need a host C compiler, WFI idle, tests/target/soft_irqs/${MOTE_CHIP}.hpp)")
  return()
endif()

set(bench_plugin ${CMAKE_CURRENT_BINARY_DIR}/libbench_plugin.so)
add_custom_command(OUTPUT ${bench_plugin}
  COMMAND ${MOTE_HOST_CC} -shared -fPIC -O2 -fvisibility=hidden -Wall -Wextra
          -o ${bench_plugin} ${_bench_dir}/plugin/bench_plugin.c
  DEPENDS ${_bench_dir}/plugin/bench_plugin.c VERBATIM)
add_custom_target(bench_plugin ALL DEPENDS ${bench_plugin})

mote_add_firmware(bench_cycles ${_bench_dir}/firmware/cycles.cpp)
add_dependencies(bench_cycles bench_plugin)
target_include_directories(bench_cycles PRIVATE "${MOTE_ROOT}/tests/target")
target_compile_definitions(bench_cycles PRIVATE "MOTE_BENCH_SOFT_IRQS_HEADER=\"soft_irqs/${MOTE_CHIP}.hpp\""
                                                MOTE_BENCH_NO_SYSTICK=$<BOOL:${MOTE_CORTEX_M_NO_SYSTICK}>)
mote_board_run_command(_bench_run $<TARGET_FILE:bench_cycles>)
set(_bench_run ${_bench_run} -plugin ${bench_plugin})
add_custom_target(bench-cycles
  COMMAND ${_bench_run} > ${CMAKE_CURRENT_BINARY_DIR}/bench_cycles.txt
  COMMAND ${CMAKE_COMMAND} -E cat ${CMAKE_CURRENT_BINARY_DIR}/bench_cycles.txt
  DEPENDS bench_cycles bench_plugin VERBATIM)

# Two cores (MOTE_MULTICORE): the cross-core wake (bench/firmware/multicore.cpp); bench-multicore
# runs it with the plugin and writes bench_multicore.txt.
if(MOTE_MULTICORE)
  mote_add_firmware(bench_multicore ${_bench_dir}/firmware/multicore.cpp)
  add_dependencies(bench_multicore bench_plugin)
  mote_board_run_command(_mc_run $<TARGET_FILE:bench_multicore>)
  add_custom_target(bench-multicore
    COMMAND ${_mc_run} -plugin ${bench_plugin} > ${CMAKE_CURRENT_BINARY_DIR}/bench_multicore.txt
    COMMAND ${CMAKE_COMMAND} -E cat ${CMAKE_CURRENT_BINARY_DIR}/bench_multicore.txt
    DEPENDS bench_multicore bench_plugin VERBATIM)
endif()

if(MOTE_CHIP STREQUAL "cmsdk")
  mote_add_firmware(bench_blinky ${_bench_dir}/firmware/blinky.cpp)
  add_subdirectory(${_bench_dir}/reference_app ${CMAKE_CURRENT_BINARY_DIR}/reference_app)
endif()

include(${_bench_dir}/net/net.cmake)  # network figures (lm3s6965evb): bench-net

# Regression guards: items 1-4 and the seed demo's task frames (tests/target's
# target_seed_memory_report), against bench/baseline/<board>.txt.
set(_baseline "${_bench_dir}/baseline/${MOTE_BOARD}.txt")
if(EXISTS "${_baseline}" AND Python3_FOUND AND TARGET target_seed_memory_report)
  mote_board_run_command(_seed_run $<TARGET_FILE:target_seed_memory_report>)
  string(REPLACE ";" " " _bench_run_str "${_bench_run}")
  string(REPLACE ";" " " _seed_run_str "${_seed_run}")
  add_test(NAME bench.guard
    COMMAND ${Python3_EXECUTABLE} ${_bench_dir}/bench_report.py guard
            --cycles-cmd "${_bench_run_str}" --seed-cmd "${_seed_run_str}"
            --baseline ${_baseline} --compiler "${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER_VERSION}")
  set_tests_properties(bench.guard PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
endif()

# MOTE_LOG_* against printf (docs/observability.md): the same calls built three ways (no output,
# printf, MOTE_LOG_INFO); bench-log runs them with the plugin and prints instructions and bytes
# on the wire per call and each build's flash (bench/log_report.py).
if(Python3_FOUND)
  set(_log_cmds "")
  foreach(_mode 0 1 2)
    mote_add_firmware(bench_log_${_mode} ${_bench_dir}/firmware/log.cpp)
    target_compile_definitions(bench_log_${_mode} PRIVATE BENCH_LOG_MODE=${_mode})
    add_dependencies(bench_log_${_mode} bench_plugin)
    mote_board_run_command(_log_run $<TARGET_FILE:bench_log_${_mode}>)
    string(REPLACE ";" " " _log_run "${_log_run} -plugin ${bench_plugin}")
    list(APPEND _log_cmds "--run=${_log_run}")
  endforeach()
  # The seed demo (examples/, MOTE_LOG_INFO) against the same program with printf.
  mote_add_firmware(bench_seed_printf ${_bench_dir}/firmware/seed_printf.cpp)
  mote_firmware_run_command(_seed_log_run seed RAW)  # log_report.py runs it under mote-log itself
  string(REPLACE ";" " " _seed_log_run "${_seed_log_run}")
  add_custom_target(bench-log
    COMMAND ${Python3_EXECUTABLE} ${_bench_dir}/log_report.py ${_log_cmds}
            --seed-elf $<TARGET_FILE:bench_seed_printf> --seed-log-elf $<TARGET_FILE:seed>
            "--seed-log-run=${_seed_log_run}"
    DEPENDS bench_log_0 bench_log_1 bench_log_2 bench_plugin seed bench_seed_printf VERBATIM)
endif()
