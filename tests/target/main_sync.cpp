// MOTE_MAIN_SYNC: the program's entry as a plain function that spawns and returns before the
// executor runs (no coroutine for main). Its tasks run; no task is named "main".
#include <mote/mote.hpp>

#include <cstdio>

namespace {
bool g_entry_returned = false;
}

MOTE_TASK(worker, 1, int n) {
  co_await mote::yield_now();
  std::printf("main_sync: worker %d ran, entry returned before: %s\n", n, g_entry_returned ? "yes" : "no");
  std::printf("main_sync: task named main: %s\n", mote::task_info("main") ? "yes" : "no");
  mote::exit(0);
}

MOTE_MAIN_SYNC(spawner) {
  spawner.must_spawn(worker(7));
  g_entry_returned = true;  // the worker has not run yet: the executor starts after this returns
}
