// Firmware test (STM32F4 under QEMU; serial_session.py feeds it): the receive error paths of
// stm32f4::BufferedUart, which QEMU's USART model never takes by itself (its input cannot
// overrun, and it has no framing, parity or break). The model lets software write the status
// register (SR = value | TXE; the chip only lets software clear flags), so the test raises RXNE
// together with an error flag, as the chip does for a bad character in DR, and checks what the
// reads report. DR keeps the last character received, which the host chooses: '\n', or a zero
// byte for the break (on the chip, a break is a framing error on a zero character).
#include <mote/mote.hpp>
#include <mote/stm32f4/regs.hpp>

#include <cstdio>
#include <span>
#include <string_view>

#include "serial_board.hpp"

MOTE_BIND_INTERRUPTS(Irqs, MOTE_TEST_CONSOLE_BINDING);

namespace {

namespace usart = mote::stm32f4::usart;
using Serial = mote_test::ConsoleSerial<64>;

[[noreturn]] void fail(const char* what) {
  std::printf("serial_errors: FAILED: %s\n", what);
  mote::exit(1);
}

// What the chip would show for a character in DR with these error flags. QEMU 7.2 raises the
// interrupt for RXNE only on a received character or a CR1 write, so CR1 is written again
// (unchanged); the handler runs at once and takes the character. The model never clears the
// error flags (the chip does when DR is read after SR), so the test clears them afterwards.
void inject(std::uint32_t flags) noexcept {
  using mote::cortex_m::reg32;
  reg32(usart::kUsart1 + usart::kSr) = usart::kSrRxne | flags;
  reg32(usart::kUsart1 + usart::kCr1) = std::uint32_t{reg32(usart::kUsart1 + usart::kCr1)};
  __asm volatile("dsb\n isb" ::: "memory");  // the interrupt is taken here
  reg32(usart::kUsart1 + usart::kSr) = usart::kSrTc;  // the model keeps TXE set
}

const char* name(const mote::Result<std::size_t, mote::SerialError>& r) {
  return r ? "data" : mote::error_message(r.error());
}

}  // namespace

MOTE_TASK(errors, 1) {
  Serial serial(mote_test::take_console_uart(), Irqs{});
  std::printf("serial_errors: ready\n");
  char buf[64];

  auto line = co_await serial.read_until(std::span(buf), '\n');
  if (!line || std::string_view(buf, *line) != "one\n") fail("the first line");

  // One bad character each: the error is reported once, the character is not data.
  inject(usart::kSrPe);
  auto r = co_await serial.read(std::span(buf));
  std::printf("parity flag: %s\n", name(r));
  inject(usart::kSrFe);
  r = co_await serial.read(std::span(buf));
  std::printf("framing flag on '\\n': %s\n", name(r));
  if (serial.available() != 0 || serial.error_pending()) fail("a bad character was kept");

  // An overrun: the character in DR is good (the lost one came after it).
  inject(usart::kSrOre);
  r = co_await serial.read(std::span(buf));
  std::printf("overrun flag: %s", name(r));
  r = co_await serial.read(std::span(buf));
  if (!r || *r != 1 || buf[0] != '\n') fail("the character before the overrun was lost");
  std::printf(", then its character\n");

  // Three at once: one per read, in the order of SerialError, then the data.
  inject(usart::kSrPe);
  inject(usart::kSrFe);
  inject(usart::kSrOre);
  std::printf("three errors:");
  for (int i = 0; i < 3; ++i) {
    r = co_await serial.read(std::span(buf));
    std::printf(" %s,", name(r));
  }
  r = co_await serial.read(std::span(buf));
  if (!r || *r != 1 || buf[0] != '\n' || serial.error_pending()) fail("after three errors");
  std::printf(" then the data\n");

  // A break: a framing error on a zero character.
  std::printf("send a zero\n");
  r = co_await serial.read(std::span(buf));
  if (!r || *r != 1 || buf[0] != '\0') fail("the zero byte");
  inject(usart::kSrFe);
  r = co_await serial.read(std::span(buf));
  std::printf("framing flag on 0: %s\n", name(r));

  std::printf("send more\n");
  line = co_await serial.read_until(std::span(buf), '\n');
  if (!line || std::string_view(buf, *line) != "two\n") fail("the line after the errors");
  std::printf("then: %.*sok\n", static_cast<int>(*line), buf);
  mote::exit(0);
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(errors());
  co_return;
}
