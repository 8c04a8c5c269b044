// The host's main(): run the application's MOTE_MAIN task on a thread-mode executor.
#include "mote/executor.hpp"
#include "mote/main.hpp"

int main() {
  static mote::Executor executor;
  mote::detail::start_main(executor.spawner());
  executor.run();
  // Every task has finished: nothing can happen any more.
  mote::exit(0);
}
