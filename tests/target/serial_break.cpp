// Firmware test (serial_session.py feeds it): a break condition on the line is reported by the
// next read as SerialError::Break, once, and the lines around it arrive intact.
#include <mote/mote.hpp>

#include <cstdio>
#include <span>
#include <string_view>

#include "serial_board.hpp"

MOTE_BIND_INTERRUPTS(Irqs, MOTE_TEST_CONSOLE_BINDING);

MOTE_TASK(lines, 1) {
  mote_test::ConsoleSerial<64> serial(mote_test::take_console_uart(), Irqs{});
  std::printf("serial_break: ready\n");
  char buf[64];
  unsigned errors = 0;
  for (;;) {
    const auto got = co_await serial.read_until(std::span(buf), '\n');
    if (!got) {
      ++errors;
      std::printf("error: %s\n", mote::error_message(got.error()));
      continue;
    }
    const std::string_view line(buf, *got);
    if (line == "quit\n") break;
    std::printf("line: %.*s", static_cast<int>(line.size()), line.data());
  }
  std::printf("serial_break: %u error(s), bye\n", errors);
  mote::exit(0);
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(lines());
  co_return;
}
