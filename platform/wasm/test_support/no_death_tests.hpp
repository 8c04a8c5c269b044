// Force-included into the unit tests built for wasm32: a death (or exit) test needs fork() to watch a
// child process die, and wasm has no processes (GoogleTest leaves EXPECT_DEATH undefined there).
// A test that contains one is reported as skipped, with the reason: not run, not passed. The
// panics those tests check are covered under node by the firmware tests (target.panic,
// target.spawn_errors_async_overflow) and by platform/wasm/tests.
#pragma once

#include <gtest/gtest.h>

#define EXPECT_DEATH(statement, regex) GTEST_SKIP() << "death tests need fork(): no processes on wasm"
#define ASSERT_DEATH(statement, regex) GTEST_SKIP() << "death tests need fork(): no processes on wasm"
#define EXPECT_EXIT(statement, predicate, regex) GTEST_SKIP() << "exit tests need fork(): no processes on wasm"
#define ASSERT_EXIT(statement, predicate, regex) GTEST_SKIP() << "exit tests need fork(): no processes on wasm"
