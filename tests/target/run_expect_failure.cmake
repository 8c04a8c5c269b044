# Runs a firmware that must stop with a failure: its exit status must not be 0 and its output
# must match every regex in MATCH (a ;-list).
#   cmake -DPROGRAM=... "-DMATCH=re1;re2" -P run_expect_failure.cmake
execute_process(COMMAND ${PROGRAM} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
message("${out}${err}")
if(rc EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} exited with 0, expected a failure")
endif()
foreach(re IN LISTS MATCH)
  if(NOT out MATCHES "${re}")
    message(FATAL_ERROR "output of ${PROGRAM} lacks '${re}'")
  endif()
endforeach()
