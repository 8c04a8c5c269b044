# GoogleTest for wasm32-wasi, built from Debian's source (/usr/src/googletest, package
# googletest): Debian's libgtest is for the host only. Included by the top-level CMakeLists.txt
# on the wasm platform; provides GTest::gtest_main and gtest_discover_tests like find_package.
#
# What wasm32-wasi lacks, and the switches that leave it out of GoogleTest:
#   threads (libc++ is built without them)   GTEST_HAS_PTHREAD=0
#   exceptions (-fno-exceptions)             detected from the flags (GTEST_HAS_EXCEPTIONS=0)
#   dup/dup2 (stdout capture)                GTEST_HAS_STREAM_REDIRECTION=0
#   fork (death tests)                       not available on an unknown OS (GTEST_HAS_DEATH_TEST=0)
set(_gtest_src /usr/src/googletest/googletest)
if(NOT EXISTS "${_gtest_src}/src/gtest-all.cc")
  message(FATAL_ERROR "mote: wasm32 unit tests need GoogleTest's source in ${_gtest_src} (Debian package googletest)")
endif()
add_library(mote_wasm_gtest STATIC "${_gtest_src}/src/gtest-all.cc")
target_include_directories(mote_wasm_gtest SYSTEM PUBLIC "${_gtest_src}/include")
target_include_directories(mote_wasm_gtest PRIVATE "${_gtest_src}")
target_compile_definitions(mote_wasm_gtest PUBLIC GTEST_HAS_PTHREAD=0 GTEST_HAS_STREAM_REDIRECTION=0)
target_compile_features(mote_wasm_gtest PUBLIC cxx_std_17)
add_library(mote_wasm_gtest_main STATIC "${_gtest_src}/src/gtest_main.cc")
target_link_libraries(mote_wasm_gtest_main PUBLIC mote_wasm_gtest)
add_library(GTest::gtest ALIAS mote_wasm_gtest)
add_library(GTest::gtest_main ALIAS mote_wasm_gtest_main)
include(GoogleTest)
