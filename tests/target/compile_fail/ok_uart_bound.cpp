// expect: OK
// The control: the same driver with its interrupt bound, the token moved in, compiles.
#include <mote/mote.hpp>

#include <utility>

#include "serial_board.hpp"

MOTE_BIND_INTERRUPTS(Irqs, MOTE_TEST_CONSOLE_BINDING, MOTE_TEST_OTHER_BINDING);

void make() {
  auto uart = mote_test::take_console_uart();
  mote_test::ConsoleSerial<16> serial(std::move(uart), Irqs{});
  mote_test::ConsoleSerial<16> moved(std::move(serial));
}
