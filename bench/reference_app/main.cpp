// The reference app of issue 5, the one FreeRTOS 11 was measured with on mps2-an385 (-Os):
//   blink   toggles FPGA I/O LED0 every 100 ms;
//   sensor  reads a value every 10 ms and sends it into a Channel<uint32_t, 8>;
//   print   receives each value and writes "adc N" on UART0 with raw register writes (no printf);
// after 100 samples it exits. Its flash and static RAM are figures of docs/performance.md.
//
// The "sensor" is the FPGA I/O 100 Hz counter (QEMU emulates no ADC on this board); reading a
// register is what matters for the comparison.
#include <mote/cortex_m.hpp>
#include <mote/mote.hpp>

using namespace mote::literals;
using mote::cortex_m::reg32;

namespace {

constexpr std::uintptr_t kFpgaLeds = 0x40028000;      // FPGA I/O LED register: LED0 is bit 0
constexpr std::uintptr_t kFpgaCounter100Hz = 0x40028014;
constexpr std::uintptr_t kUart0Data = 0x40004000;     // CMSDK UART0 (enabled by the board)
constexpr std::uintptr_t kUart0State = 0x40004004;
constexpr std::uint32_t kTxFull = 1u;
constexpr unsigned kSamples = 100;

mote::Channel<std::uint32_t, 8> samples;

void uart_put(char c) noexcept {
  while ((reg32(kUart0State) & kTxFull) != 0) {
  }
  reg32(kUart0Data) = static_cast<unsigned char>(c);
}

// "adc N\n" in decimal, digit by digit.
void print_sample(std::uint32_t v) noexcept {
  char digits[10];
  unsigned n = 0;
  do {
    digits[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  uart_put('a');
  uart_put('d');
  uart_put('c');
  uart_put(' ');
  while (n > 0) uart_put(digits[--n]);
  uart_put('\n');
}

}  // namespace

MOTE_TASK(blink, 1) {
  mote::Ticker ticker(100_ms);
  for (;;) {
    reg32(kFpgaLeds) = reg32(kFpgaLeds) ^ 1u;
    co_await ticker.next();
  }
}

MOTE_TASK(sensor, 1) {
  mote::Ticker ticker(10_ms);
  for (;;) {
    co_await ticker.next();
    co_await samples.send(reg32(kFpgaCounter100Hz));
  }
}

MOTE_TASK(print, 1) {
  for (unsigned i = 0; i < kSamples; ++i) {
    const std::uint32_t v = co_await samples.receive();
    print_sample(v);
  }
  mote::exit(0);
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(blink());
  spawner.must_spawn(sensor());
  spawner.must_spawn(print());
  co_return;
}
