// The check-and-report frame of the driver tests: expect() counts and names each failed check;
// finish() prints "ok" (or the count) and ends the program with the matching exit status.
#pragma once

#include <mote/mote.hpp>

#include <cstdio>

namespace mote_test {

inline int g_failures = 0;

/// Records a failed check, naming it on the console. Task context.
inline void expect(bool ok, const char* what) {
  if (!ok) {
    ++g_failures;
    std::printf("FAILED: %s\n", what);
  }
}

/// Prints "ok" if every check passed, else how many failed, and exits 0 or 1. Task context.
[[noreturn]] inline void finish() {
  if (g_failures == 0) {
    std::printf("ok\n");
  } else {
    std::printf("%d failures\n", g_failures);
  }
  mote::exit(g_failures == 0 ? 0 : 1);
}

}  // namespace mote_test
