# MOTE_LOG_* on firmware (included by CMakeLists.txt on Cortex-M and RISC-V boards):
#   target.log_args       every kind of argument, decoded by tools/mote-log and compared line by
#                         line (tests/log/log_args.expected); strings neither in flash nor on the
#                         wire; `mote-log run` (what run-<app> does) shows the same
#   target.log_corrupt    the same stream damaged at every byte: reported, never misdecoded,
#                         resynchronised
#   target.log_wrong_elf  decoded with another firmware's ELF: refused (exit status 3)
#   target.log_bad_input  mote-log's own bad input (missing files, not an ELF, no command)
#   target.log_ring       frames into a RAM ring (mote_log_use_ring), dumped and decoded
#   target.log_irq        frames from an interrupt while a task logs: none split
#   target.trace_seed     the seed with MOTE_TRACE=ON: its Chrome trace checked (tests/trace)
find_package(Python3 REQUIRED COMPONENTS Interpreter)
mote_add_firmware(target_log_args log_args.cpp)
target_compile_definitions(target_log_args PRIVATE MOTE_LOG_LEVEL=MOTE_LOG_LEVEL_TRACE)
mote_add_firmware(target_log_other log_other.cpp)
mote_firmware_run_command(_log_run target_log_args RAW)  # check_log.py decodes the bytes itself
set(_log_check ${Python3_EXECUTABLE} ${MOTE_ROOT}/tests/log/check_log.py)
add_test(NAME target.log_args
  COMMAND ${_log_check} decode --elf $<TARGET_FILE:target_log_args> --expected ${MOTE_ROOT}/tests/log/log_args.expected
          --tick-hz ${MOTE_TICK_HZ} -- ${_log_run})
add_test(NAME target.log_corrupt COMMAND ${_log_check} corrupt --elf $<TARGET_FILE:target_log_args> -- ${_log_run})
add_test(NAME target.log_wrong_elf
  COMMAND ${_log_check} wrong-elf --elf $<TARGET_FILE:target_log_args> --other-elf $<TARGET_FILE:target_log_other>
          -- ${_log_run})
add_test(NAME target.log_bad_input
  COMMAND ${_log_check} bad-input --elf $<TARGET_FILE:target_log_args> --other-elf $<TARGET_FILE:target_log_other>
          -- ${_log_run})
set_tests_properties(target.log_corrupt PROPERTIES TIMEOUT 300)
# Frames into a 256-byte RAM ring, dumped through QEMU's monitor and decoded.
mote_add_firmware(target_log_ring log_ring.cpp)
mote_log_use_ring(target_log_ring 256)
mote_firmware_run_command(_log_ring_run target_log_ring RAW)
add_test(NAME target.log_ring COMMAND ${_log_check} ring --elf $<TARGET_FILE:target_log_ring> -- ${_log_ring_run})

# Execution traces: the seed built with MOTE_TRACE=ON in its own tree (tests/trace), its trace
# converted to Chrome JSON by tools/mote-trace and checked (events, order, durations).
add_test(NAME target.trace_seed
  COMMAND ${Python3_EXECUTABLE} ${MOTE_ROOT}/tests/trace/check_trace.py --mote-root ${MOTE_ROOT}
          --build-dir ${CMAKE_BINARY_DIR}/trace_seed --board ${MOTE_BOARD} --toolchain ${MOTE_TOOLCHAIN})
set_tests_properties(target.trace_seed PROPERTIES TIMEOUT 600)

# Frames from an interrupt handler while a task logs: none split, none lost (needs a free
# periodic hardware timer, tests/target/periodic_timer/<chip>.hpp, and the soft_irqs header).
if(EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/periodic_timer/${MOTE_CHIP}.hpp" AND
   EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/soft_irqs/${MOTE_CHIP}.hpp")
  mote_add_firmware(target_log_irq log_irq.cpp)
  target_include_directories(target_log_irq PRIVATE "${CMAKE_CURRENT_SOURCE_DIR}")
  target_compile_definitions(target_log_irq PRIVATE "MOTE_TEST_SOFT_IRQS_HEADER=\"soft_irqs/${MOTE_CHIP}.hpp\""
                             "MOTE_TEST_PERIODIC_TIMER_HEADER=\"periodic_timer/${MOTE_CHIP}.hpp\"")
  mote_firmware_run_command(_log_irq_run target_log_irq RAW)
  add_test(NAME target.log_irq COMMAND ${_log_check} irq --elf $<TARGET_FILE:target_log_irq> -- ${_log_irq_run})
else()
  mote_target_test_not_run(log_irq "a free periodic hardware timer (tests/target/periodic_timer/${MOTE_CHIP}.hpp)")
endif()
