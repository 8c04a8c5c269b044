// Firmware test (must fail): C++ cannot forbid moving a moved-from token again, so a driver also
// claims its UART at run time: a second driver on the same UART panics.
#include <mote/mote.hpp>

#include <cstdio>
#include <utility>

#include "serial_board.hpp"

MOTE_BIND_INTERRUPTS(Irqs, MOTE_TEST_CONSOLE_BINDING);

MOTE_TASK(claim, 1) {
  auto uart = mote_test::take_console_uart();
  mote_test::ConsoleSerial<16> first(std::move(uart), Irqs{});
  std::printf("first driver started\n");
  mote_test::ConsoleSerial<16> second(std::move(uart), Irqs{});  // the moved-from token: panics
  mote::exit(0);
  co_return;
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(claim());
  co_return;
}
