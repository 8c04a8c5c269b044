// expect: static assertion failed: mote: .*needs interrupt [a-z0-9_]+ bound to its handler.*MOTE_BIND_INTERRUPTS
// A serial driver built without its interrupt bound: no handler would ever run.
#include <mote/mote.hpp>

#include "serial_board.hpp"

MOTE_BIND_INTERRUPTS(OtherIrqs, MOTE_TEST_OTHER_BINDING);  // binds something, but not the UART

void make() {
  mote_test::ConsoleSerial<16> serial(mote_test::take_console_uart(), OtherIrqs{});
}
