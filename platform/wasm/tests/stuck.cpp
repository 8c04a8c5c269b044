// wasm32 firmware test (must fail): a task that waits for a signal nobody sends. On a
// microcontroller that is a hang; under node the event loop runs dry, and run.mjs reports it and
// fails (status 3) instead of letting node exit 0 as if the program had succeeded.
#include <mote/mote.hpp>

#include <cstdio>

namespace {
mote::Signal<int> never;
}

MOTE_TASK(waiter, 1) {
  std::printf("waiting for a signal nobody sends\n");
  const int v = co_await never.wait();
  std::printf("got %d?\n", v);
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(waiter());
  co_return;
}
