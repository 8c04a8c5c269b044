// Firmware test (serial_session.py feeds it): cancelling a read loses no byte.
//  1. A read cancelled by with_timeout before any data: the line sent afterwards is read whole.
//  2. A read woken by arriving data but destroyed before it took any: the next read gets it all.
// The host sends each line only after the prompt that follows the read's registration, so both
// orders of events are fixed whatever the host's speed.
#include <mote/mote.hpp>

#include <cstdio>
#include <optional>
#include <span>
#include <string_view>
#include <utility>

#include "serial_board.hpp"

using namespace mote::literals;

MOTE_BIND_INTERRUPTS(Irqs, MOTE_TEST_CONSOLE_BINDING);

namespace {

using Serial = mote_test::ConsoleSerial<64>;
using ReadFuture = decltype(std::declval<Serial&>().read(std::span<char>{}));

[[noreturn]] void fail(const char* what) {
  std::printf("serial_cancel: FAILED: %s\n", what);
  mote::exit(1);
}

// Polls a read once (it registers as a waiter), prints the prompt, then waits, without polling
// the read again, until `wanted` bytes are buffered; then destroys the read.
class WakeThenDrop {
 public:
  WakeThenDrop(Serial& serial, std::span<char> buffer, std::size_t wanted) noexcept
      : serial_(serial), wanted_(wanted) {
    read_.emplace(serial.read(buffer));
  }
  bool poll(mote::Waker waker) noexcept {
    if (!armed_) {
      armed_ = true;
      if (read_->poll(waker)) fail("data arrived before the prompt");
      std::printf("send 2\n");
      return false;  // the read's registration wakes this task when the first bytes come
    }
    if (polls_++ == 0) woken_with_ = serial_.available();
    if (serial_.available() < wanted_) {
      mote::schedule_wake(mote::Instant::now() + 1_ms, waker);
      return false;
    }
    read_.reset();  // cancel: it was woken but never took its bytes
    return true;
  }
  std::size_t take() const noexcept { return woken_with_; }

 private:
  Serial& serial_;
  std::size_t wanted_;
  std::optional<ReadFuture> read_;
  bool armed_ = false;
  unsigned polls_ = 0;
  std::size_t woken_with_ = 0;
};

}  // namespace

MOTE_TASK(cancel, 1) {
  Serial serial(mote_test::take_console_uart(), Irqs{});
  std::printf("serial_cancel: ready\n");
  char buf[64];

  // 1. Nothing is sent until the prompt below, so the timeout wins and destroys the read.
  const auto timed = co_await mote::with_timeout(5_ms, serial.read(std::span(buf)));
  if (timed) fail("the read completed although nothing was sent");
  std::printf("read cancelled by a 5 ms timeout\nsend 1\n");
  const auto one = co_await serial.read_until(std::span(buf), '\n');
  if (!one) fail("the read after the cancelled one failed");
  if (std::string_view(buf, *one) != "sent after the timeout\n") fail("the first line is not whole");
  std::printf("next read: %.*s", static_cast<int>(*one), buf);

  // 2. Woken by data, destroyed before taking it.
  constexpr std::string_view kLine2 = "woken, then dropped\n";
  const std::size_t woken_with = co_await WakeThenDrop(serial, std::span(buf), kLine2.size());
  if (woken_with == 0) fail("the read was not woken by data");
  const auto two = co_await serial.read_until(std::span(buf), '\n');
  if (!two) fail("the read after the dropped one failed");
  if (std::string_view(buf, *two) != kLine2) fail("the second line is not whole");
  std::printf("dropped read was woken with %u bytes buffered, next read: %.*s", static_cast<unsigned>(woken_with),
              static_cast<int>(*two), buf);
  std::printf("ok\n");
  mote::exit(0);
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(cancel());
  co_return;
}
