// The Cortex-M main(): bring the board up, then run the application's MOTE_MAIN task on the
// thread-mode executor. Reached from mote_reset_handler once .data, .bss and the static
// constructors are done.
#include "mote/cortex_m.hpp"
#include "mote/executor.hpp"
#include "mote/main.hpp"

int main() {
  mote::board::init();
  // Static, not on the stack: it lives in .bss for the program's whole life.
  static mote::Executor executor;
  mote::detail::start_main(executor.spawner());
  executor.run();  // never returns
}
