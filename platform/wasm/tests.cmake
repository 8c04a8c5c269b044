# The wasm32 board's tests beyond tests/target (included from tests/target/CMakeLists.txt on the
# wasm platform): the core unit tests (tests/unit, GoogleTest built for wasm32) and the port's
# own firmware tests (platform/wasm/tests/), all run under node.
include("${MOTE_ROOT}/platform/wasm/googletest.cmake")

# Unit tests left out on wasm, per program (MOTE_WASM_GTEST_EXCLUDE_<program>: a GoogleTest filter
# that tests/unit/CMakeLists.txt applies, also when the tests are listed, so they are not counted):
# block_on(f()) with an Async `f` made outside any task. Such a frame has no task budget to come
# from; only the host falls back to the heap for it (src/task_pool.cpp), every target panics, and
# wasm keeps the targets' no-heap rule.
set(MOTE_WASM_GTEST_EXCLUDE_block_on_test
  "BlockOn.RunsAnAsync:BlockOn.RunsAVoidAsyncAndAMoveOnlyResult:BlockOn.WaitsForEveryFutureOfAJoin")
set(MOTE_WASM_GTEST_EXCLUDE_smoke_test "Smoke.BlockOnAsync")
add_subdirectory("${MOTE_ROOT}/tests/unit" "${CMAKE_BINARY_DIR}/tests/unit")
