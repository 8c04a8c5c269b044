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
# The SD card driver against the host's card model, driven by block_on of its Async operations.
set(MOTE_WASM_GTEST_EXCLUDE_hal_block_test "SdCard.*")
add_subdirectory("${MOTE_ROOT}/tests/unit" "${CMAKE_BINARY_DIR}/tests/unit")

# The port's own firmware tests (platform/wasm/tests), under node like tests/target's.
mote_target_test(wasm_event_loop SOURCES "${MOTE_ROOT}/platform/wasm/tests/event_loop.cpp"
  MATCH "woke: 1 2 0, on time\n" "300 ms idle: [0-2] alarm\\(s\\), [0-3] poll\\(s\\)\n"
        "spun [1-9][0-9]* times until a 30 ms timer fired\n" "\nok\n")
mote_target_test(wasm_stuck MUST_FAIL SOURCES "${MOTE_ROOT}/platform/wasm/tests/stuck.cpp"
  MATCH "waiting for a signal nobody sends\n" "mote: the program is stuck")
mote_target_test(wasm_trap MUST_FAIL SOURCES "${MOTE_ROOT}/platform/wasm/tests/trap.cpp"
  MATCH "calling abort\\(\\)\n" "mote: trap: unreachable")

# On the virtual clock (each deadline reached on its own, as under QEMU -icount):
# target.spawn_errors relies on a 1 ms timer ending before a 2 ms one is seen, and on the JS clock
# a late setTimeout can make both due in one alarm (whose tasks then run in any order);
# target.timer_order allows 20 us of lateness and target.many_timers wants its 50 us steps in
# order, and setTimeout has millisecond granularity
# (wasm_event_loop checks order and lateness on the JS clock, with a millisecond bound).
set_tests_properties(target.spawn_errors target.timer_order target.many_timers PROPERTIES ENVIRONMENT MOTE_VIRTUAL_TIME=1)

# Every public header, the wasm port's included, compiles on its own for wasm32 (the host build
# checks the same for the host port).
set_target_properties(mote_core PROPERTIES VERIFY_INTERFACE_HEADER_SETS ON)
add_test(NAME headers.compile_alone
  COMMAND ${CMAKE_COMMAND} --build ${CMAKE_BINARY_DIR} --target all_verify_interface_header_sets)
# One compile per public header, ~70 of them: over the presets' 120 s under a loaded machine.
set_tests_properties(headers.compile_alone PROPERTIES TIMEOUT 900)

# mote.mjs's own WASI shim (what a browser uses), exercised under node.
add_test(NAME wasm.js_shim
  COMMAND ${MOTE_NODE} "${MOTE_ROOT}/platform/wasm/tests/shim_test.mjs" $<TARGET_FILE:seed>
          $<TARGET_FILE:target_panic> $<TARGET_FILE:smoke_test>)

# The seed on the virtual clock too (as example.seed_virtual_time on the host).
mote_board_run_command(_seed_run $<TARGET_FILE:seed>)
add_test(NAME example.seed_virtual_time
  COMMAND ${CMAKE_COMMAND} "-DPROGRAM=${_seed_run}" "-DMATCH=led on\n;total 600, timed out yes\n"
          -DENV=MOTE_VIRTUAL_TIME=1 -P ${MOTE_ROOT}/cmake/run_and_match.cmake)
