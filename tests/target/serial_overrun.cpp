// Firmware test (serial_session.py feeds it): more bytes arrive than the receive ring holds while
// nobody reads. The next read reports the overrun, once; the bytes that filled the ring are all
// there, in order; the driver then works as before.
#include <mote/mote.hpp>

#include <cstdio>
#include <span>
#include <string_view>

#include "serial_board.hpp"

using namespace mote::literals;

MOTE_BIND_INTERRUPTS(Irqs, MOTE_TEST_CONSOLE_BINDING);

namespace {
constexpr std::size_t kRing = 32;
constexpr std::size_t kSent = 100;  // serial_session.py --send-seq 100: byte i is 33 + i % 90
constexpr char pattern(std::size_t i) { return static_cast<char>(33 + i % 90); }

[[noreturn]] void fail(const char* what) {
  std::printf("serial_overrun: FAILED: %s\n", what);
  mote::exit(1);
}
}  // namespace

MOTE_TASK(overrun, 1) {
  mote_test::ConsoleSerial<kRing> serial(mote_test::take_console_uart(), Irqs{});
  std::printf("serial_overrun: ready, ring of %u bytes\n", static_cast<unsigned>(serial.capacity()));
  // Not reading: look once per millisecond of virtual time until all 100 bytes have come in (32
  // kept, 68 dropped). Counting, not a fixed delay, so it does not depend on how fast the host is.
  while (serial.lost_bytes() < kSent - kRing) co_await mote::Timer::after(1_ms);
  std::printf("buffered %u, lost %lu, error pending %s\n", static_cast<unsigned>(serial.available()),
              static_cast<unsigned long>(serial.lost_bytes()), serial.error_pending() ? "yes" : "no");

  char buf[2 * kRing];
  const auto first = co_await serial.read(std::span(buf));
  if (first || first.error() != mote::SerialError::Overrun) fail("the first read did not report the overrun");
  const auto second = co_await serial.read(std::span(buf));
  if (!second) fail("the overrun was reported twice");
  if (*second != kRing) fail("the second read did not get the whole ring");
  for (std::size_t i = 0; i < kRing; ++i) {
    if (buf[i] != pattern(i)) fail("a buffered byte changed");
  }
  if (serial.available() != 0 || serial.error_pending()) fail("something is left after the ring's bytes");
  std::printf("first read: %s, second read: %u bytes, the first %u sent, intact\n", mote::error_message(first.error()),
              static_cast<unsigned>(*second), static_cast<unsigned>(kRing));

  std::printf("send more\n");
  const auto line = co_await serial.read_until(std::span(buf), '\n');
  if (!line) fail("a read after the overrun failed");
  if (std::string_view(buf, *line) != "after the overrun\n") fail("the line after the overrun is wrong");
  std::printf("then: %.*s", static_cast<int>(*line), buf);
  std::printf("ok\n");
  mote::exit(0);
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(overrun());
  co_return;
}
