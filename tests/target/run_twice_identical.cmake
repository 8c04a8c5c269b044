# Runs a firmware twice: both runs must exit 0 and print exactly the same bytes (under QEMU's
# -icount the virtual clock, and so every timer reading, is a function of the program alone).
#   cmake -DPROGRAM=... -P run_twice_identical.cmake
foreach(run 1 2)
  execute_process(COMMAND ${PROGRAM} RESULT_VARIABLE rc OUTPUT_VARIABLE out${run} TIMEOUT 120)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "run ${run} of ${PROGRAM} exited with ${rc}")
  endif()
endforeach()
message("${out1}")
if(NOT out1 STREQUAL out2)
  message(FATAL_ERROR "the second run printed something else:\n${out2}")
endif()
