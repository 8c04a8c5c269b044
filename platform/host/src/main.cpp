// The host's main(): run the application's MOTE_MAIN task on a thread-mode executor.
#include "mote/executor.hpp"
#include "mote/main.hpp"

int main() {
  static mote::Executor executor;
  executor.spawner().must_spawn(mote::detail::main_task(executor.spawner()));
  executor.run();
  // Every task has finished: nothing can happen any more.
  mote::exit(0);
}
