// Tests of mote/panic.hpp's message formatters (detail::format_message and the compact one),
// which replace the C library's vsnprintf for panic messages. Each case is checked against
// snprintf.
#include <cstdarg>
#include <cstdio>
#include <cstdint>
#include <string>

#include "test_support.hpp"

namespace {

template <class... A>
std::string ours(const char* format, A... a) {
  char buf[200];
  const std::size_t n = mote::detail::format_message(buf, sizeof buf, format, a...);
  EXPECT_EQ(n, std::string(buf).size()) << format;
  return buf;
}
template <class... A>
std::string libc(const char* format, A... a) {
  char buf[200];
  std::snprintf(buf, sizeof buf, format, a...);
  return buf;
}

#define EXPECT_LIKE_SNPRINTF(...) EXPECT_EQ(ours(__VA_ARGS__), libc(__VA_ARGS__))

}  // namespace

// Every conversion mote's own messages use, with widths, flags and length modifiers.
TEST(PanicFormat, MatchesSnprintfOnWhatMoteUses) {
  EXPECT_LIKE_SNPRINTF("irq %u: no priority level %u (0..%u)", 5u, 300u, 255u);
  EXPECT_LIKE_SNPRINTF("task '%s' needs %zu bytes, %zu free", "greedy", std::size_t{4096}, std::size_t{0});
  EXPECT_LIKE_SNPRINTF("PC 0x%08lx LR 0x%08lx", 0x1a2bUL, 0xfffffff9UL);
  EXPECT_LIKE_SNPRINTF("%lu ticks, %lx", 4294967295UL, 0xdeadUL);
  EXPECT_LIKE_SNPRINTF("byte %02x %02x %c", 0x7u, 0xabu, 'z');
  EXPECT_LIKE_SNPRINTF("%d %d %i %d", 0, -1, 42, -2147483647 - 1);
  EXPECT_LIKE_SNPRINTF("%lld %llu %llx", -9000000000LL, 18446744073709551615ULL, 0x123456789abcULL);
  EXPECT_LIKE_SNPRINTF("[%5d] [%-5d] [%05d] [%-6s] [%6s] [%X]", 42, 42, -42, "ab", "ab", 0xbeefu);
  EXPECT_LIKE_SNPRINTF("100%% sure, %s", "no args after");
}

// A message longer than the buffer is cut, terminated, and its full length reported.
TEST(PanicFormat, TruncatesAndReportsTheFullLength) {
  char buf[8];
  const std::size_t n = mote::detail::format_message(buf, sizeof buf, "%s-%u", "abcdef", 1234u);
  EXPECT_EQ(n, 11u);
  EXPECT_STREQ(buf, "abcdef-");
}

// Unknown conversions are copied as written rather than consuming arguments.
TEST(PanicFormat, UnknownConversionIsCopied) {
  char buf[64];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
  mote::detail::format_message(buf, sizeof buf, "a %q b %");
#pragma GCC diagnostic pop
  EXPECT_STREQ(buf, "a %q b %");
  EXPECT_EQ(ours("%s", static_cast<const char*>(nullptr)), "(null)");  // glibc prints the same
}

namespace {
std::string compact(const char* format, ...) {
  char buf[200];
  std::va_list args;
  va_start(args, format);
  const std::size_t n = mote::detail::format_message_compact(buf, sizeof buf, format, args);
  va_end(args);
  EXPECT_EQ(n, std::string(buf).size()) << format;
  return buf;
}
}  // namespace

// The compact formatter (the one mote::panic uses) agrees with snprintf on every conversion and
// length modifier ...
TEST(PanicFormatCompact, MatchesSnprintfWithoutWidths) {
  EXPECT_EQ(compact("irq %u: no priority level %u (0..%u)", 5u, 300u, 255u), libc("irq %u: no priority level %u (0..%u)", 5u, 300u, 255u));
  EXPECT_EQ(compact("task '%s' needs %zu bytes, %zu free", "greedy", std::size_t{4096}, std::size_t{0}),
            "task 'greedy' needs 4096 bytes, 0 free");
  EXPECT_EQ(compact("%lu ticks, %lx, %c", 4294967295UL, 0xdeadUL, 'z'), "4294967295 ticks, dead, z");
  EXPECT_EQ(compact("%d %d %i %d", 0, -1, 42, -2147483647 - 1), "0 -1 42 -2147483648");
  if (sizeof(long long) == sizeof(long)) {  // LP64 host: long long is the native word
    EXPECT_EQ(compact("%lld %llu %llx", -9000000000LL, 18446744073709551615ULL, 0x123456789abcULL),
              "-9000000000 18446744073709551615 123456789abc");
  } else {  // 32-bit targets: in hex, no 64-bit division
    EXPECT_EQ(compact("%lld %llu|%d", -2LL, 0x123456789abcULL, 7), "0xfffffffffffffffe 0x0000123456789abc|7");
  }
  EXPECT_EQ(compact("100%% sure, %s %s", "no", static_cast<const char*>(nullptr)), "100% sure, no (null)");
  int x = 0;
  EXPECT_EQ(compact("%p", static_cast<void*>(&x)), libc("%p", static_cast<void*>(&x)));
}

// ... pads to a width with the flags '0' and '-' (as panic messages such as "0x%08lx" use them;
// %X prints lower case), and cuts long messages like the full one.
TEST(PanicFormatCompact, PadsWidthsAndTruncates) {
  EXPECT_EQ(compact("0x%08lx [%-5d] [%05d] [%6s] %X", 0x1a2bUL, 42, -42, "ab", 0xbeefu),
            "0x00001a2b [42   ] [-0042] [    ab] beef");
  EXPECT_EQ(compact("[%3c] [%-4s] [%02x] [%2u]", 'z', "ab", 0x1u, 12345u), libc("[%3c] [%-4s] [%02x] [%2u]", 'z', "ab", 0x1u, 12345u));
  char buf[8];
  auto cut = [&](const char* format, ...) {
    std::va_list args;
    va_start(args, format);
    const std::size_t n = mote::detail::format_message_compact(buf, sizeof buf, format, args);
    va_end(args);
    return n;
  };
  EXPECT_EQ(cut("%s-%u", "abcdef", 1234u), 11u);
  EXPECT_STREQ(buf, "abcdef-");
}
