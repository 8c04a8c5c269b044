// Firmware test (serial_session.py feeds it): echoes each line it reads from the console UART,
// upper-cased, until the line "quit". Reads with plain read() into a small chunk, so lines arrive
// in pieces and are put together here; echoes with the async write().
#include <mote/mote.hpp>

#include <cctype>
#include <cstdio>
#include <cstring>
#include <span>
#include <string_view>

#include "serial_board.hpp"

MOTE_BIND_INTERRUPTS(Irqs, MOTE_TEST_CONSOLE_BINDING);

MOTE_TASK(echo, 1) {
  mote_test::ConsoleSerial<64> serial(mote_test::take_console_uart(), Irqs{});
  std::printf("serial_echo: ready\n");  // the console (polled) and the driver share UART0
  char line[100] = {'>', ' '};
  std::size_t len = 2;
  char chunk[7];  // smaller than a line: reads end mid-line
  unsigned lines = 0;
  for (;;) {
    const auto got = co_await serial.read(std::span(chunk));
    if (!got) {
      std::printf("serial_echo: read failed: %s\n", mote::error_message(got.error()));
      mote::exit(1);
    }
    for (std::size_t i = 0; i < *got; ++i) {
      const char c = chunk[i];
      if (c != '\n') {
        if (len < sizeof line - 1) line[len++] = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        continue;
      }
      if (std::string_view(line + 2, len - 2) == "QUIT") {
        std::printf("serial_echo: %u lines echoed, bye\n", lines);
        mote::exit(0);
      }
      line[len++] = '\n';
      const std::size_t sent = co_await serial.write(std::string_view(line, len));
      if (sent != len) mote::exit(1);
      ++lines;
      len = 2;
    }
  }
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(echo());
  co_return;
}
