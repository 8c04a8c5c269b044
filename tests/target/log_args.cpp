// Firmware test for MOTE_LOG_*: one call per kind of argument, a call inside a template, printf
// text around and between frames, a string too long for one frame, and a line after a timer.
// tests/log/check_log.py decodes the output with tools/mote-log and compares it, line by line,
// with tests/log/log_args.expected (the timestamps apart, which it checks separately).
#include <mote/log.hpp>
#include <mote/mote.hpp>

#include <cstdint>
#include <cstdio>
#include <limits>
#include <span>

using namespace mote::literals;

namespace {

enum class Color : std::uint8_t { Red = 1, Green = 2 };

// GCC 12 ignores a section attribute on a template's static locals: cmake/mote_log.ld still
// finds these records.
template <class T>
void log_value(const char* what, T value) {
  MOTE_LOG_DEBUG("template<{}>: {}", what, value);
}

}  // namespace

MOTE_TASK(logger, mote::pool(1)) {
  std::printf("log_args: printf text before the first frame\n");
  MOTE_LOG_INFO("adc {} = {} mV on {}", 0, 1509, "AIN0");
  MOTE_LOG_TRACE("no arguments at all");
  MOTE_LOG_INFO("unsigned: {} {} {} {}", std::uint8_t{255}, std::uint16_t{65535}, std::numeric_limits<std::uint32_t>::max(),
                std::numeric_limits<std::uint64_t>::max());
  MOTE_LOG_INFO("signed: {} {} {} {} {}", 0, -1, std::int8_t{-128}, std::numeric_limits<std::int32_t>::min(),
                std::numeric_limits<std::int64_t>::min());
  MOTE_LOG_INFO("bool {} {}, char {}, enum {}", true, false, 'x', Color::Green);
  MOTE_LOG_INFO("float {} double {} negative {} tiny {}", 1.5f, 3.141592653589793, -0.25, 1e-20);
  MOTE_LOG_INFO("duration {} {} {} {}", 3_s, 250_ms, 40_us, mote::Duration::from_ticks(1));
  MOTE_LOG_INFO("instant {}", mote::Instant::from_ticks(mote::kTickHz * 2 + mote::kTickHz / 4));
  const std::uint8_t bytes[] = {0xde, 0xad, 0x00, 0xbe, 0xef};
  MOTE_LOG_INFO("bytes {} empty {}", std::span<const std::uint8_t>(bytes), std::span<const std::uint8_t>());
  MOTE_LOG_INFO("pointer {}", reinterpret_cast<const void*>(0x1234));
  MOTE_LOG_INFO("braces {{}} and {}", 7);
  MOTE_LOG_INFO("hex {:x} {:X} {:x} {:x}", 0xbeefu, std::uint64_t{0xDEADBEEF12}, -255, 'x');
  MOTE_LOG_INFO("widths [{:<6}] [{:>6}] [{:5}] [{:5}] [{:03}] [{:05}] [{:08x}] [{:>6x}] [{:2}]", "ab", "cd", 42, "ef", 7, -42, 255u, -255, 12345);
  MOTE_LOG_WARN("warn level");
  MOTE_LOG_ERROR("error level");
  log_value("int", -5);
  log_value("unsigned", 5u);
  std::printf("a partial printf line, then a frame: ");
  MOTE_LOG_INFO("string {}", "between text");
  std::printf("and the rest of the text line\n");
  MOTE_LOG_INFO("long {} end {}",
                "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"
                "0123456789012345678901234567890123456789",
                42);
  const char* none = nullptr;
  MOTE_LOG_INFO("null string {}", none);
  co_await mote::Timer::after(1500_ms);
  MOTE_LOG_INFO("after 1500 ms: {}", "done");
  std::printf("log_args: done\n");
  mote::exit(0);
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(logger());
  co_return;
}
