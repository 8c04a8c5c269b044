// Firmware test (must fail): the peripheral tokens are handed out once; taking them again panics.
#include <mote/mote.hpp>

#include <cstdio>

#include "serial_board.hpp"

MOTE_TASK(take, 1) {
  auto uart = mote_test::take_console_uart();
  static_cast<void>(uart);
  std::printf("took the console UART once\n");
  auto again = mote_test::take_console_uart();  // panics
  static_cast<void>(again);
  mote::exit(0);
  co_return;
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(take());
  co_return;
}
