// tests/target/check.hpp: the soft assertion of the firmware tests that run many checks: a
// failed check prints "FAILED: <what>" and the test goes on, so one run shows every failure;
// the test ends with mote::exit(target_test::g_ok ? 0 : 1).
#pragma once

#include <cstdio>

namespace target_test {

inline bool g_ok = true;

/// Task or interrupt context (printf through the console).
inline void check(bool condition, const char* what) noexcept {
  if (!condition) {
    std::printf("FAILED: %s\n", what);
    g_ok = false;
  }
}

}  // namespace target_test
