// expect: (use of deleted function .*\(const .*&\)|call to implicitly-deleted copy constructor)(.|\n)*a peripheral is a singleton: std::move it, never copy it
// A peripheral token cannot be copied: two drivers would own one UART.
#include "serial_board.hpp"

void copy() {
  auto uart = mote_test::take_console_uart();
  auto again = uart;
  static_cast<void>(again);
}
