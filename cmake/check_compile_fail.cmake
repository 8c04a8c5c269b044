# Compiles SOURCE and checks the outcome its first line announces:
#   // expect: OK        the file must compile
#   // expect: <regex>   the compile must fail with a diagnostic matching <regex>
file(STRINGS "${SOURCE}" first_line LIMIT_COUNT 1)
string(REGEX REPLACE "^// expect: " "" expected "${first_line}")
set(include_flags "")
foreach(dir IN LISTS INCLUDES)
  list(APPEND include_flags "-I${dir}")
endforeach()
execute_process(
  COMMAND "${COMPILER}" -std=c++20 -fsyntax-only ${include_flags} "${SOURCE}"
  RESULT_VARIABLE rc ERROR_VARIABLE diagnostics OUTPUT_VARIABLE out)
if(expected STREQUAL "OK")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "expected ${SOURCE} to compile, but it failed:\n${diagnostics}")
  endif()
  return()
endif()
if(rc EQUAL 0)
  message(FATAL_ERROR "expected ${SOURCE} to fail to compile with '${expected}', but it compiled")
endif()
if(NOT diagnostics MATCHES "${expected}")
  message(FATAL_ERROR "${SOURCE} failed to compile, but without '${expected}':\n${diagnostics}")
endif()
message(STATUS "failed as expected: ${expected}")
