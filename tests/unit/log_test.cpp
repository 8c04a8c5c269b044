// mote/log.hpp on the host: MOTE_LOG_* print formatted lines at once, in the same text that
// tools/mote-log prints for the device's frames (tests/log/log_args.expected holds the
// firmware's side of the same calls).
#define MOTE_LOG_LEVEL 0  // trace: every level compiled in
#include <mote/log.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <regex>
#include <span>
#include <string>

#include <mote/host.hpp>

using namespace mote::literals;

namespace {

// The lines printed by `f`, with the "[  s.mmm s] " stamp checked and removed.
template <class F>
std::string printed(F f) {
  testing::internal::CaptureStdout();
  f();
  std::string out = testing::internal::GetCapturedStdout();
  static const std::regex stamp(R"(\[ *[0-9]+\.[0-9]{3} s\] )");
  std::string lines;
  std::smatch m;
  while (std::regex_search(out, m, stamp)) {
    EXPECT_EQ(m.position(0), 0) << out;
    out = m.suffix();
    const auto nl = out.find('\n');
    lines += out.substr(0, nl + 1);
    out = out.substr(nl + 1);
  }
  EXPECT_EQ(out, "");
  return lines;
}

enum class Color : std::uint8_t { Red = 1, Green = 2 };

TEST(Log, EveryKindOfArgument) {
  const std::uint8_t bytes[] = {0xde, 0xad, 0x00, 0xbe, 0xef};
  const char* none = nullptr;
  const std::string out = printed([&] {
    MOTE_LOG_INFO("adc {} = {} mV on {}", 0, 1509, "AIN0");
    MOTE_LOG_TRACE("no arguments at all");
    MOTE_LOG_INFO("unsigned: {} {} {} {}", std::uint8_t{255}, std::uint16_t{65535},
                  std::numeric_limits<std::uint32_t>::max(), std::numeric_limits<std::uint64_t>::max());
    MOTE_LOG_INFO("signed: {} {} {} {} {}", 0, -1, std::int8_t{-128}, std::numeric_limits<std::int32_t>::min(),
                  std::numeric_limits<std::int64_t>::min());
    MOTE_LOG_INFO("bool {} {}, char {}, enum {}", true, false, 'x', Color::Green);
    MOTE_LOG_INFO("float {} double {} negative {} tiny {}", 1.5f, 3.141592653589793, -0.25, 1e-20);
    MOTE_LOG_INFO("duration {} {} {} {}", 3_s, 250_ms, 40_us, mote::Duration::from_ticks(1));
    MOTE_LOG_INFO("instant {}", mote::Instant::from_ticks(mote::kTickHz * 2 + mote::kTickHz / 4));
    MOTE_LOG_INFO("bytes {} empty {}", std::span<const std::uint8_t>(bytes), std::span<const std::uint8_t>());
    MOTE_LOG_INFO("braces {{}} and {}", 7);
    MOTE_LOG_INFO("hex {:x} {:X} {:x} {:x}", 0xbeefu, std::uint64_t{0xDEADBEEF12}, -255, 'x');
    MOTE_LOG_INFO("widths [{:<6}] [{:>6}] [{:5}] [{:5}] [{:03}] [{:05}] [{:08x}] [{:>6x}] [{:2}]", "ab", "cd", 42, "ef", 7, -42, 255u, -255, 12345);
    MOTE_LOG_WARN("warn level");
    MOTE_LOG_ERROR("error level");
    MOTE_LOG_DEBUG("null string {}", none);
  });
  EXPECT_EQ(out,
            "INFO  adc 0 = 1509 mV on AIN0\n"
            "TRACE no arguments at all\n"
            "INFO  unsigned: 255 65535 4294967295 18446744073709551615\n"
            "INFO  signed: 0 -1 -128 -2147483648 -9223372036854775808\n"
            "INFO  bool true false, char x, enum 2\n"
            "INFO  float 1.5 double 3.14159 negative -0.25 tiny 1e-20\n"
            "INFO  duration 3 s 250 ms 40 us 1 us\n"  // one host tick: 1 us
            "INFO  instant 2.250000 s\n"
            "INFO  bytes [de ad 00 be ef] empty []\n"
            "INFO  braces {} and 7\n"
            "INFO  hex 0xbeef 0xDEADBEEF12 -0xff x\n"
            "INFO  widths [ab    ] [    cd] [   42] [ef   ] [007] [-0042] [0x0000ff] [ -0xff] [12345]\n"
            "WARN  warn level\n"
            "ERROR error level\n"
            "DEBUG null string (null)\n");
}

TEST(Log, StampIsTheUptime) {
  mote::host::use_virtual_time(true);
  mote::host::advance_virtual_time(mote::Duration::from_secs(12) + 345_ms);
  testing::internal::CaptureStdout();
  const std::uint64_t before = mote::Instant::now().ticks();
  MOTE_LOG_INFO("stamped");
  const std::string out = testing::internal::GetCapturedStdout();
  mote::host::use_virtual_time(false);
  char expected[64];
  std::snprintf(expected, sizeof expected, "[%3u.%03u s] INFO  stamped\n", static_cast<unsigned>(before / 1000000),
                static_cast<unsigned>(before % 1000000 / 1000));
  EXPECT_EQ(out, expected);
}

// The placeholder count is checked at compile time (tests/compile_fail would show the message);
// here: a count that matches compiles, and so does a literal brace pair.
static_assert(mote::log::detail::placeholders("a {} b {} c") == 2);
static_assert(mote::log::detail::placeholders("{{}} {}") == 1);
static_assert(mote::log::detail::placeholders("{x}") == SIZE_MAX);
static_assert(mote::log::detail::placeholders("{:x} and {:X}") == 2);
static_assert(mote::log::detail::placeholders("{:d}") == SIZE_MAX);
static_assert(mote::log::detail::placeholders("{:<14} {:>3} {:03} {:08x} {:5}") == 5);
static_assert(mote::log::detail::placeholders("{:}") == SIZE_MAX);
static_assert(mote::log::detail::placeholders("{:0}") == SIZE_MAX);     // a zero flag needs a width
static_assert(mote::log::detail::placeholders("{:123}") == SIZE_MAX);   // widths up to 99
static_assert(mote::log::detail::placeholders("{:5") == SIZE_MAX);

}  // namespace
