// wasm32 firmware test (must fail): abort() is a wasm trap (unreachable); the run ends with
// status 134 and a report instead of an unhandled JS exception.
#include <mote/mote.hpp>

#include <cstdio>
#include <cstdlib>

MOTE_TASK(aborter, 1) {
  std::printf("calling abort()\n");
  std::fflush(stdout);
  std::abort();
  co_return;
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(aborter());
  co_return;
}
