# Compiles SOURCE and checks the outcome its first line announces:
#   // expect: OK        the file must compile
#   // expect: <regex>   the compile must fail with a diagnostic matching <regex>
#   cmake -DCOMPILER=... ["-DFLAGS=..."] "-DINCLUDES=a;b" ["-DDEFINES=X=1;Y"] -DSOURCE=... -P check_compile_fail.cmake
# FLAGS (one string, e.g. a cross board's compiler flags) and DEFINES are optional: the host
# tests need neither, the target's pass the board's.
file(STRINGS "${SOURCE}" first_line LIMIT_COUNT 1)
string(REGEX REPLACE "^// expect: " "" expected "${first_line}")
separate_arguments(flags UNIX_COMMAND "${FLAGS}")
set(args "")
foreach(dir IN LISTS INCLUDES)
  list(APPEND args "-I${dir}")
endforeach()
foreach(def IN LISTS DEFINES)
  list(APPEND args "-D${def}")
endforeach()
execute_process(
  COMMAND "${COMPILER}" ${flags} -std=c++20 -fsyntax-only ${args} "${SOURCE}"
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
