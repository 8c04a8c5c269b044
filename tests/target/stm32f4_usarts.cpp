// Firmware test (netduinoplus2): USART2, USART3, UART4, UART5 and USART6 with the same
// BufferedUart as the console's USART1, against QEMU's USART model. QEMU connects them
// (serial1 .. serial5) with UDP chardevs on the host's loopback, in pairs: USART2 <-> USART3,
// UART4 <-> UART5, and USART6 to itself (a UDP chardev is a connected socket: it receives only
// from the port it sends to, so a ring of five is impossible). Every port sends a line and reads
// its partner's, interrupt driven; a read cancelled by
// with_timeout before its bytes came loses none of them. (USART1, the console, has its own tests.)
#include <mote/mote.hpp>
#include <mote/stm32f4/uart.hpp>

#include <cstdio>
#include <cstring>
#include <span>
#include <string_view>
#include <utility>

#include "check.hpp"

namespace st = mote::stm32f4;
using namespace mote::literals;
using target_test::check;
using target_test::g_ok;

MOTE_BIND_INTERRUPTS(Irqs, (usart2, st::uart::InterruptHandler<st::Usart2>),
                     (usart3, st::uart::InterruptHandler<st::Usart3>), (uart4, st::uart::InterruptHandler<st::Uart4>),
                     (uart5, st::uart::InterruptHandler<st::Uart5>), (usart6, st::uart::InterruptHandler<st::Usart6>));

namespace {

// Sends "from <name>\n". Task context.
template <class Uart>
mote::Async<void> send(Uart& uart, const char* name) {
  char line[32];
  const int n = std::snprintf(line, sizeof line, "from %s\n", name);
  co_await uart.write(std::string_view(line, static_cast<std::size_t>(n)));
}

// Reads one line; true if it is "from <previous>\n". No timeout: under -icount sleep=off an idle
// CPU jumps virtual time to the next timer at once, so a timer would always beat bytes that the
// host's loopback delivers in real time (the test's own timeout bounds a lost line). Task context.
template <class Uart>
mote::Async<bool> receive(Uart& uart, const char* name, const char* previous) {
  char got[32];
  auto r = co_await uart.read_until(std::span(got), '\n');
  char want[32];
  const int m = std::snprintf(want, sizeof want, "from %s\n", previous);
  const bool ok = r.has_value() && *r == static_cast<std::size_t>(m) &&
                  std::memcmp(got, want, static_cast<std::size_t>(m)) == 0;
  std::printf("%s received: %s", name, ok ? want : "WRONG\n");
  co_return ok;
}

}  // namespace

MOTE_TASK(usarts, mote::pool(1).async_bytes(1024), st::Usart2 p2, st::Usart3 p3, st::Uart4 p4, st::Uart5 p5,
          st::Usart6 p6) {
  st::BufferedUart<st::Usart2> u2(std::move(p2), Irqs{});
  st::BufferedUart<st::Usart3> u3(std::move(p3), Irqs{});
  st::BufferedUart<st::Uart4> u4(std::move(p4), Irqs{});
  st::BufferedUart<st::Uart5> u5(std::move(p5), Irqs{});
  st::BufferedUart<st::Usart6> u6(std::move(p6), Irqs{});

  // 1. Every port sends, then every port reads its partner's line.
  co_await send(u2, "USART2");
  co_await send(u3, "USART3");
  co_await send(u4, "UART4");
  co_await send(u5, "UART5");
  co_await send(u6, "USART6");
  std::printf("sent: five lines\n");
  const bool b2 = co_await receive(u2, "USART2", "USART3");
  const bool b3 = co_await receive(u3, "USART3", "USART2");
  const bool b4 = co_await receive(u4, "UART4", "UART5");
  const bool b5 = co_await receive(u5, "UART5", "UART4");
  const bool b6 = co_await receive(u6, "USART6", "USART6");
  check(b2 && b3 && b4 && b5 && b6, "each port received its partner's line");
  char got[32];

  // 2. A read cancelled by with_timeout before its bytes come loses none of them.
  auto early = co_await mote::with_timeout(2_ms, u3.read(std::span(got)));
  check(!early.has_value(), "nothing to read yet: the read timed out");
  co_await u2.write(std::string_view("after the cancel\n"));
  auto late = co_await u3.read_until(std::span(got), '\n');
  const bool kept = late.has_value() && std::string_view(got, *late) == "after the cancel\n";
  check(kept, "the line after a cancelled read arrived whole");
  std::printf("cancelled read, then: %s\n", kept ? "the line arrived whole" : "LOST");

  std::printf("%s\n", g_ok ? "ok" : "FAILED");
  mote::exit(g_ok ? 0 : 1);
}

MOTE_MAIN(spawner) {
  auto p = st::Peripherals::take();
  spawner.must_spawn(usarts(std::move(p.usart2), std::move(p.usart3), std::move(p.uart4), std::move(p.uart5),
                            std::move(p.usart6)));
  co_return;
}
