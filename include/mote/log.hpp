// mote/log.hpp: deferred logging. The format strings stay in the ELF; the device sends a few bytes.
//
//   MOTE_LOG_INFO("adc {} = {} mV on {}", channel, millivolts, name);
//
// Levels: MOTE_LOG_TRACE, _DEBUG, _INFO, _WARN, _ERROR. Calls below MOTE_LOG_LEVEL (a macro:
// 0 trace .. 4 error, 5 off; default 2, info; CMake: -DMOTE_LOG_LEVEL=debug) compile to
// nothing: their arguments are type-checked, never evaluated. Each `{}` takes one argument, in
// order (`{:x}` / `{:X}`: an integer in hex; `{:5}`, `{:<14}`, `{:>3}`: a width, aligned left or
// right, numbers right by default; `{:03}`, `{:08x}`: zero-padded; `{{` and `}}` are literal
// braces); the count is checked at compile time. Arguments:
// integers of any width, char, bool, float, double, const char*, pointers, mote::Duration,
// mote::Instant and std::span of bytes (printed as hex).
//
// On firmware (Cortex-M, RISC-V) a call site's level, argument types and format string form a
// record in the ELF section `.mote_log`, which the linker marks INFO (cmake/mote_log.ld): it is
// not loaded, so it costs no flash. The record's offset in that section is the string's index.
// A call sends one frame to the console UART, in a critical section (frames never interleave):
//
//   0xFF  COBS( varint index | varint timestamp (ticks) | arguments | CRC-16 )  0x00
//
// Text never contains 0xFF or 0x00 (UTF-8 has no 0xFF byte), so printf output and frames share
// the UART; COBS keeps 0x00 out of the frame, so 0x00 always ends one and a stream that lost
// bytes resynchronises at the next frame; the CRC rejects what was damaged. The first frame
// after reset carries the firmware's build id (a hash of `.mote_log`, stamped into the image
// after the link), so the host decoder, tools/mote-log, refuses an ELF that is not the one
// running. run-<app> pipes QEMU's output through it: "[  1.000 s] INFO  adc 0 = 1509 mV on AIN0".
//
// On the host and wasm32 the line is formatted at once and printed to stdout, the same way the
// decoder prints it. Every MOTE_LOG_* may be called from an interrupt handler (ISR-safe): it
// builds the frame on the stack and masks interrupts only to write it.
// docs/observability.md describes the wire format and compares it with defmt.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <type_traits>
#include <utility>

#include <mote/platform/port.hpp>

#include "mote/time.hpp"

#define MOTE_LOG_LEVEL_TRACE 0
#define MOTE_LOG_LEVEL_DEBUG 1
#define MOTE_LOG_LEVEL_INFO 2
#define MOTE_LOG_LEVEL_WARN 3
#define MOTE_LOG_LEVEL_ERROR 4
#define MOTE_LOG_LEVEL_OFF 5
#ifndef MOTE_LOG_LEVEL
#define MOTE_LOG_LEVEL MOTE_LOG_LEVEL_INFO
#endif

// 1: frames to the console, strings in the ELF (firmware); 0: formatted lines on stdout.
#if defined(MOTE_PLATFORM_CORTEX_M) || defined(MOTE_PLATFORM_RISCV)
#define MOTE_LOG_DEFERRED 1
#else
#define MOTE_LOG_DEFERRED 0
#endif

namespace mote::log {

enum class Level : std::uint8_t { Trace = 0, Debug = 1, Info = 2, Warn = 3, Error = 4 };

namespace detail {

// Two more levels of records, never filtered by MOTE_LOG_LEVEL: MOTE_PANIC's message (the
// decoder prints "panicked: <message>") and a fault report's lines (printed as they are).
inline constexpr unsigned kPanicLevel = 5;
inline constexpr unsigned kFaultLevel = 6;

// ---- Argument kinds (one letter each; the record lists them, the decoder reads them) ----------

template <class T>
struct IsByteSpan : std::false_type {};
template <class T, std::size_t N>
struct IsByteSpan<std::span<T, N>>
    : std::bool_constant<std::is_same_v<std::remove_cv_t<T>, std::uint8_t> ||
                         std::is_same_v<std::remove_cv_t<T>, std::byte> || std::is_same_v<std::remove_cv_t<T>, char> ||
                         std::is_same_v<std::remove_cv_t<T>, signed char>> {};

template <class>
inline constexpr bool kUnsupported = false;

// 'b' bool, 'c' char, 'i' signed (zigzag varint), 'u' unsigned (varint), 'f' float, 'd' double
// (raw little-endian IEEE bytes), 's' string, 'x' bytes (length-prefixed), 'p' pointer (varint),
// 'D' Duration and 'I' Instant (varint ticks). Enums travel as their underlying type.
template <class T>
constexpr char kind() noexcept {
  if constexpr (std::is_same_v<T, bool>) {
    return 'b';
  } else if constexpr (std::is_same_v<T, char>) {
    return 'c';
  } else if constexpr (std::is_enum_v<T>) {
    return kind<std::underlying_type_t<T>>();
  } else if constexpr (std::is_integral_v<T>) {
    return std::is_signed_v<T> ? 'i' : 'u';
  } else if constexpr (std::is_same_v<T, float>) {
    return 'f';
  } else if constexpr (std::is_same_v<T, double>) {
    return 'd';
  } else if constexpr (std::is_same_v<T, const char*> || std::is_same_v<T, char*>) {
    return 's';
  } else if constexpr (std::is_pointer_v<T>) {
    return 'p';
  } else if constexpr (std::is_same_v<T, Duration>) {
    return 'D';
  } else if constexpr (std::is_same_v<T, Instant>) {
    return 'I';
  } else if constexpr (IsByteSpan<T>::value) {
    return 'x';
  } else {
    static_assert(kUnsupported<T>,
                  "MOTE_LOG: no encoding for this argument (integers, char, bool, float, double, const char*, "
                  "pointers, mote::Duration, mote::Instant, std::span of bytes)");
    return '?';
  }
}

template <class... A>
struct Signature {
  static constexpr std::size_t count = sizeof...(A);
  static constexpr char kinds[sizeof...(A) + 1] = {kind<A>()..., '\0'};
};
// Only named inside decltype (never called): the argument types of a call site, decayed.
template <class... A>
Signature<std::decay_t<A>...> signature_of(const A&...) noexcept;

// The length of the placeholder with a spec at format[i]: "{:" [<|>] [0] [width 1..99] [x|X] "}"
// with at least one of them (`{:x}`, `{:03}`, `{:<14}`, `{:>3}`, `{:08x}`); 0 if there is none.
// The device never reads a spec: only the host side (src/log.cpp, tools/mote-log) applies it.
// constexpr, not consteval: clang 14 rejects a consteval call on a consteval function's
// parameter ("not a constant expression"); placeholders() below is the consteval entry.
template <std::size_t N>
constexpr std::size_t spec_length(const char (&format)[N], std::size_t i) {
  const std::size_t end = N - 1;  // the NUL
  if (i + 1 >= end || format[i] != '{' || format[i + 1] != ':') return 0;
  std::size_t j = i + 2;
  if (j < end && (format[j] == '<' || format[j] == '>')) ++j;
  const bool zero = j < end && format[j] == '0';
  if (zero) ++j;
  std::size_t digits = 0;
  while (j < end && digits < 2 && format[j] >= '0' && format[j] <= '9') {
    ++j;
    ++digits;
  }
  if (zero && digits == 0) return 0;  // "{:0}": a zero flag without a width
  if (j < end && (format[j] == 'x' || format[j] == 'X')) ++j;
  if (j == i + 2 || j >= end || format[j] != '}') return 0;
  return j + 1 - i;
}

// The number of placeholders (`{}`, or `{:spec}` as above) in a format; SIZE_MAX if a brace is
// none of those, `{{` or `}}`.
template <std::size_t N>
consteval std::size_t placeholders(const char (&format)[N]) {
  std::size_t count = 0;
  for (std::size_t i = 0; i + 1 < N; ++i) {
    const char c = format[i];
    const char next = i + 2 < N ? format[i + 1] : '\0';
    if (c == '{' && next == '{') {
      ++i;
    } else if (c == '{' && next == '}') {
      ++count;
      ++i;
    } else if (const std::size_t n = spec_length(format, i); n != 0) {
      ++count;
      i += n - 1;
    } else if (c == '}' && next == '}') {
      ++i;
    } else if (c == '{' || c == '}') {
      return SIZE_MAX;
    }
  }
  return count;
}

// A call site's record: 0xF0 | level, the argument kinds, the format; each NUL-terminated.
template <std::size_t Kinds, std::size_t Text>
struct Record {
  std::uint8_t tag;
  char kinds[Kinds];
  char text[Text];
  consteval Record(unsigned level, const char (&k)[Kinds], const char (&t)[Text]) noexcept
      : tag(static_cast<std::uint8_t>(0xF0u | level)), kinds{}, text{} {
    for (std::size_t i = 0; i < Kinds; ++i) kinds[i] = k[i];
    for (std::size_t i = 0; i < Text; ++i) text[i] = t[i];
  }
};

#if MOTE_LOG_DEFERRED

// Raw payload bytes a frame may carry (index, timestamp, arguments): strings and byte spans
// are cut to fit (the decoder marks them "..."). The encoded frame fits kFrameBytes of stack.
inline constexpr std::size_t kPayloadBytes = 120;
inline constexpr std::size_t kFrameBytes = kPayloadBytes + 6;  // 0xFF, COBS code, CRC x2, 0x00, spare

// A frame under construction, on the caller's stack: COBS-encoded and checksummed as bytes
// arrive. Out of line (src/log.cpp): a call site costs a call per argument. ISR-safe.
class Frame {
 public:
  /// Starts a frame for the record at `record` (its offset in .mote_log), stamped with now().
  explicit Frame(const void* record) noexcept;
  void put_u32(std::uint32_t v) noexcept;
  void put_u64(std::uint64_t v) noexcept;
  void put_i32(std::int32_t v) noexcept { put_u32((static_cast<std::uint32_t>(v) << 1) ^ static_cast<std::uint32_t>(v >> 31)); }
  void put_i64(std::int64_t v) noexcept { put_u64((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63)); }
  void put_raw(const void* data, std::size_t n) noexcept;
  /// A length-prefixed run of bytes, cut so that `reserve` bytes stay free for later arguments.
  void put_bytes(const void* data, std::size_t n, std::size_t reserve) noexcept;
  void put_string(const char* s, std::size_t reserve) noexcept;
  /// Closes the frame and writes it (after the build-id frame, the first time) to the console.
  void send() noexcept;

 private:
  void put(std::uint8_t byte) noexcept;
  std::uint8_t pos_;       // next free byte of buf_
  std::uint8_t code_pos_;  // where the current COBS block's length byte goes
  std::uint8_t used_;      // raw payload bytes so far
  std::uint16_t crc_;
  std::uint8_t buf_[kFrameBytes];
};

// The most bytes an argument can take (strings and spans: their shortest, one length byte).
template <class T>
constexpr std::size_t max_bytes() noexcept {
  constexpr char k = kind<T>();
  if constexpr (k == 'b' || k == 'c' || k == 's' || k == 'x') {
    return 1;
  } else if constexpr (k == 'f') {
    return 4;
  } else if constexpr (k == 'd' || k == 'D' || k == 'I') {
    return k == 'd' ? 8 : 10;
  } else {
    return sizeof(T) <= 4 ? 5 : 10;
  }
}

template <std::size_t I, class... A>
constexpr std::size_t bytes_after() noexcept {
  constexpr std::size_t sizes[] = {max_bytes<A>()..., 0};
  std::size_t sum = 0;
  for (std::size_t j = I + 1; j < sizeof...(A); ++j) sum += sizes[j];
  return sum;
}

template <class T>
inline void put(Frame& f, const T& v, std::size_t reserve) noexcept {
  constexpr char k = kind<T>();
  if constexpr (k == 'b') {
    f.put_raw(&v, 1);  // bool is one byte holding 0 or 1
    static_assert(sizeof(bool) == 1);
  } else if constexpr (k == 'c') {
    f.put_raw(&v, 1);
  } else if constexpr (std::is_enum_v<T>) {
    put(f, static_cast<std::underlying_type_t<T>>(v), reserve);
  } else if constexpr (k == 'i') {
    if constexpr (sizeof(T) <= 4) {
      f.put_i32(static_cast<std::int32_t>(v));
    } else {
      f.put_i64(static_cast<std::int64_t>(v));
    }
  } else if constexpr (k == 'u') {
    if constexpr (sizeof(T) <= 4) {
      f.put_u32(static_cast<std::uint32_t>(v));
    } else {
      f.put_u64(static_cast<std::uint64_t>(v));
    }
  } else if constexpr (k == 'f' || k == 'd') {
    f.put_raw(&v, sizeof(T));  // every mote target is little-endian
  } else if constexpr (k == 's') {
    f.put_string(v, reserve);
  } else if constexpr (k == 'p') {
    f.put_u32(static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(v)));
  } else if constexpr (k == 'D' || k == 'I') {
    f.put_u64(v.ticks());
  } else {  // 'x'
    f.put_bytes(v.data(), v.size(), reserve);
  }
}

// clang: never inlined, so that the 126-byte Frame lives on this function's stack and not in
// the frame of a coroutine that logs (clang kept it there: the seed's blink_led grew from 80 to
// 216 B). GCC keeps such locals out of coroutine frames, and inlining is smaller there (blinky
// +104 B when not inlined).
#if defined(__clang__)
#define MOTE_LOG_EMIT_FRAME_INLINE_ [[gnu::noinline]]
#else
#define MOTE_LOG_EMIT_FRAME_INLINE_ inline
#endif
template <class... A, std::size_t... I>
// The arguments by value (decayed: scalars, pointers, string views): by reference, their
// temporaries would need addresses, which a coroutine that logs keeps in its frame (clang).
MOTE_LOG_EMIT_FRAME_INLINE_ void emit_frame(const void* record, std::index_sequence<I...>, A... args) noexcept {
  constexpr std::size_t fixed = (std::size_t{0} + ... + max_bytes<A>());
  static_assert(fixed + 15 <= kPayloadBytes, "MOTE_LOG: too many arguments for one frame");
  Frame frame(record);
  (put(frame, args, bytes_after<I, A...>()), ...);
  frame.send();
}

template <std::size_t K, std::size_t T, class... A>
inline void emit(const Record<K, T>* record, const A&... args) noexcept {
  emit_frame(record, std::index_sequence_for<A...>{}, static_cast<std::decay_t<const A>>(args)...);
}

/// Writes an encoded frame to the console. Called with interrupts masked. Defined by the port.
void write_frame(const std::uint8_t* data, std::size_t n) noexcept;

#else  // formatted at once (host, wasm32)

struct Arg {
  union {
    std::uint64_t u;
    std::int64_t i;
    double d;
    const char* s;
    const void* p;
  };
  std::size_t n;  // bytes of a span
};

template <class T>
inline Arg to_arg(const T& v) noexcept {
  constexpr char k = kind<T>();
  Arg a{};
  if constexpr (std::is_enum_v<T>) {
    return to_arg(static_cast<std::underlying_type_t<T>>(v));
  } else if constexpr (k == 'b' || k == 'c' || k == 'u') {
    a.u = static_cast<std::uint64_t>(v);
  } else if constexpr (k == 'i') {
    a.i = static_cast<std::int64_t>(v);
  } else if constexpr (k == 'f' || k == 'd') {
    a.d = static_cast<double>(v);
  } else if constexpr (k == 's') {
    a.s = v;
  } else if constexpr (k == 'p') {
    a.p = v;
  } else if constexpr (k == 'D' || k == 'I') {
    a.u = v.ticks();
  } else {
    a.p = v.data();
    a.n = v.size();
  }
  return a;
}

/// Formats and prints one line (stdout). Not ISR-safe on the host (there are no interrupts).
void print(std::uint8_t tag, const char* kinds, const char* text, const Arg* args) noexcept;

template <std::size_t K, std::size_t T, class... A>
inline void emit(const Record<K, T>* record, const A&... args) noexcept {
  const Arg list[] = {to_arg(static_cast<std::decay_t<const A>>(args))..., Arg{}};
  print(record->tag, record->kinds, record->text, list);
}

#endif

}  // namespace detail
}  // namespace mote::log

#if MOTE_LOG_DEFERRED
// The record goes to .mote_log (cmake/mote_log.ld). GCC 12 ignores a section attribute on a
// static local of a template's instantiation and emits it as .rodata.<mangled name>; the linker
// script catches those by the name `mote_log_record_`, which is therefore part of the contract.
//
// Each call site gets a section of its own (".mote_log.records.<n>", n from __COUNTER__): a record
// in an inline function (a header's MOTE_PANIC, say) belongs to a COMDAT group, and GCC refuses
// ("section type conflict") to put it in one section with the records of ordinary functions.
#define MOTE_LOG_STR2_(x) #x
#define MOTE_LOG_STR_(x) MOTE_LOG_STR2_(x)
#define MOTE_LOG_SECTION_ [[gnu::section(".mote_log.records." MOTE_LOG_STR_(__COUNTER__))]]
#else
#define MOTE_LOG_SECTION_
#endif

// One call site. `format` must be a string literal (sizeof gives its length with the NUL).
#define MOTE_LOG_EMIT_(level, format, ...)                                                                  \
  do {                                                                                                     \
    using mote_log_signature_ = decltype(::mote::log::detail::signature_of(__VA_ARGS__));                  \
    static_assert(::mote::log::detail::placeholders(format) == mote_log_signature_::count,                 \
                  "MOTE_LOG: the format's {} placeholders and the arguments differ in number");           \
    MOTE_LOG_SECTION_ static constexpr ::mote::log::detail::Record<mote_log_signature_::count + 1, sizeof(format)> \
        mote_log_record_{(level), mote_log_signature_::kinds, format};                                     \
    ::mote::log::detail::emit(&mote_log_record_ __VA_OPT__(, ) __VA_ARGS__);                               \
  } while (false)

// A call below MOTE_LOG_LEVEL: checked like one, compiled to nothing, arguments not evaluated.
#define MOTE_LOG_DISCARD_(format, ...)                                                                     \
  do {                                                                                                     \
    using mote_log_signature_ = decltype(::mote::log::detail::signature_of(__VA_ARGS__));                  \
    static_assert(::mote::log::detail::placeholders(format) == mote_log_signature_::count,                 \
                  "MOTE_LOG: the format's {} placeholders and the arguments differ in number");           \
  } while (false)

#if MOTE_LOG_LEVEL <= MOTE_LOG_LEVEL_TRACE
#define MOTE_LOG_TRACE(...) MOTE_LOG_EMIT_(0, __VA_ARGS__)
#else
#define MOTE_LOG_TRACE(...) MOTE_LOG_DISCARD_(__VA_ARGS__)
#endif
#if MOTE_LOG_LEVEL <= MOTE_LOG_LEVEL_DEBUG
#define MOTE_LOG_DEBUG(...) MOTE_LOG_EMIT_(1, __VA_ARGS__)
#else
#define MOTE_LOG_DEBUG(...) MOTE_LOG_DISCARD_(__VA_ARGS__)
#endif
#if MOTE_LOG_LEVEL <= MOTE_LOG_LEVEL_INFO
#define MOTE_LOG_INFO(...) MOTE_LOG_EMIT_(2, __VA_ARGS__)
#else
#define MOTE_LOG_INFO(...) MOTE_LOG_DISCARD_(__VA_ARGS__)
#endif
#if MOTE_LOG_LEVEL <= MOTE_LOG_LEVEL_WARN
#define MOTE_LOG_WARN(...) MOTE_LOG_EMIT_(3, __VA_ARGS__)
#else
#define MOTE_LOG_WARN(...) MOTE_LOG_DISCARD_(__VA_ARGS__)
#endif
#if MOTE_LOG_LEVEL <= MOTE_LOG_LEVEL_ERROR
#define MOTE_LOG_ERROR(...) MOTE_LOG_EMIT_(4, __VA_ARGS__)
#else
#define MOTE_LOG_ERROR(...) MOTE_LOG_DISCARD_(__VA_ARGS__)
#endif
