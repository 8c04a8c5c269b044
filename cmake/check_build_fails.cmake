# Builds TARGET in the build tree BUILD_DIR as a test: the build must fail, and its output must
# match every regex in MATCH (a ;-list). For mistakes that must stop the build (a linker ASSERT).
#   cmake -DBUILD_DIR=... -DTARGET=... "-DMATCH=re1;re2" -P check_build_fails.cmake
execute_process(COMMAND ${CMAKE_COMMAND} --build "${BUILD_DIR}" --target "${TARGET}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(rc EQUAL 0)
  message(FATAL_ERROR "${TARGET} was built, expected the build to fail")
endif()
foreach(re IN LISTS MATCH)
  if(NOT "${out}${err}" MATCHES "${re}")
    message(FATAL_ERROR "the build of ${TARGET} failed, but its output lacks '${re}'")
  endif()
endforeach()
