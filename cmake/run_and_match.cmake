# Runs a program as a test: it must exit 0 and its output must match every regex in MATCH
# (a ;-list). Optional ENV: a ;-list of NAME=VALUE set for the run.
#   cmake -DPROGRAM=... "-DMATCH=re1;re2" [-DENV=...] -P run_and_match.cmake
foreach(kv IN LISTS ENV)
  string(REGEX MATCH "^([^=]+)=(.*)$" _ "${kv}")
  set(ENV{${CMAKE_MATCH_1}} "${CMAKE_MATCH_2}")
endforeach()
execute_process(COMMAND ${PROGRAM} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
message("${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} exited with ${rc}, expected 0")
endif()
foreach(re IN LISTS MATCH)
  if(NOT out MATCHES "${re}")
    message(FATAL_ERROR "output of ${PROGRAM} lacks '${re}'")
  endif()
endforeach()
