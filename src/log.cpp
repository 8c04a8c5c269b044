// MOTE_LOG_*: the frame encoder (firmware) or the line formatter (host, wasm32). mote/log.hpp
// describes the format; tools/mote-log is the decoder and must agree with both halves.
#include "mote/log.hpp"

#include <mote/platform/port.hpp>

#if MOTE_LOG_DEFERRED

#include "mote/critical_section.hpp"

// The build id: a hash of .mote_log, written into the image after the link by
// `tools/mote-log stamp` (mote_add_firmware runs it). 0: not stamped. Volatile: the compiler
// must read the stamped value, not fold the placeholder. extern "C": the tool finds it by name.
// GCC puts a const volatile object in .data (RAM and flash): the section puts it in flash only.
extern "C" {
extern const volatile std::uint32_t mote_log_build_id;
[[gnu::section(".rodata.mote_log_build_id")]] const volatile std::uint32_t mote_log_build_id = 0;
}

namespace mote::log::detail {
namespace {

// Offset 0 of .mote_log (cmake/mote_log.ld puts it first): what the decoder checks before it
// trusts the section, and the tick rate its timestamps need. Index 0 is the build-id frame.
struct Header {
  char magic[10];  // "\xF8mote-log" and its NUL
  std::uint8_t version;
  std::uint8_t tick_hz[8];  // little-endian
};
constexpr Header make_header() noexcept {
  Header h{"\xF8mote-log", 1, {}};
  for (int i = 0; i < 8; ++i) h.tick_hz[i] = static_cast<std::uint8_t>(static_cast<std::uint64_t>(MOTE_TICK_HZ) >> (8 * i));
  return h;
}
[[gnu::section(".mote_log.header"), gnu::used]] constexpr Header kHeader = make_header();

bool g_build_id_sent = false;  // written inside the critical section of send()

// CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF), four bits at a time: a 32-byte table instead
// of 512, two lookups per byte.
constexpr std::uint16_t kCrcNibble[16] = {0x0000, 0x1021, 0x2042, 0x3063, 0x4084, 0x50a5, 0x60c6, 0x70e7,
                                          0x8108, 0x9129, 0xa14a, 0xb16b, 0xc18c, 0xd1ad, 0xe1ce, 0xf1ef};
std::uint16_t crc_step(std::uint16_t crc, std::uint8_t byte) noexcept {
  crc = static_cast<std::uint16_t>((crc << 4) ^ kCrcNibble[(crc >> 12) ^ (byte >> 4)]);
  return static_cast<std::uint16_t>((crc << 4) ^ kCrcNibble[(crc >> 12) ^ (byte & 0xFu)]);
}

}  // namespace

Frame::Frame(const void* record) noexcept : pos_(2), code_pos_(1), used_(0), crc_(0xFFFF) {
  buf_[0] = 0xFF;
  put_u32(static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(record)));
  put_u64(platform::time_now());
}

// COBS as the bytes come: a zero closes the current block (its length goes in the block's
// first byte) and opens the next. A payload is shorter than 254 bytes, so a block never fills.
void Frame::put(std::uint8_t byte) noexcept {
  if (byte == 0) {
    buf_[code_pos_] = static_cast<std::uint8_t>(pos_ - code_pos_);
    code_pos_ = pos_++;
  } else {
    buf_[pos_++] = byte;
  }
}

void Frame::put_u32(std::uint32_t v) noexcept {
  while (v >= 0x80) {
    const auto b = static_cast<std::uint8_t>(v | 0x80);
    crc_ = crc_step(crc_, b);
    put(b);
    ++used_;
    v >>= 7;
  }
  put_raw(&v, 1);  // little-endian: the low byte
}

void Frame::put_u64(std::uint64_t v) noexcept {
  // Most values fit 32 bits: the 64-bit shifts (a library call on some cores) only above.
  while (v > 0xFFFFFFFFu) {
    const auto b = static_cast<std::uint8_t>(v | 0x80);
    crc_ = crc_step(crc_, b);
    put(b);
    ++used_;
    v >>= 7;
  }
  put_u32(static_cast<std::uint32_t>(v));
}

void Frame::put_raw(const void* data, std::size_t n) noexcept {
  const auto* p = static_cast<const std::uint8_t*>(data);
  for (std::size_t i = 0; i < n; ++i) {
    crc_ = crc_step(crc_, p[i]);
    put(p[i]);
  }
  used_ = static_cast<std::uint8_t>(used_ + n);
}

void Frame::put_bytes(const void* data, std::size_t n, std::size_t reserve) noexcept {
  // Room for the length (at most 2 bytes: (n << 1 | cut) < 2^14) and the bytes.
  const std::size_t left = kPayloadBytes - used_ - reserve;
  const std::size_t fits = left > 2 ? left - 2 : 0;
  const std::size_t sent = n < fits ? n : fits;
  put_u32(static_cast<std::uint32_t>(sent << 1 | (sent < n ? 1u : 0u)));
  put_raw(data, sent);
}

void Frame::put_string(const char* s, std::size_t reserve) noexcept {
  if (s == nullptr) s = "(null)";
  put_bytes(s, std::strlen(s), reserve);
}

void Frame::send() noexcept {
  const std::uint16_t crc = crc_;
  put(static_cast<std::uint8_t>(crc));
  put(static_cast<std::uint8_t>(crc >> 8));
  buf_[code_pos_] = static_cast<std::uint8_t>(pos_ - code_pos_);
  buf_[pos_++] = 0;
  CriticalSection cs;
  if (!g_build_id_sent) {
    g_build_id_sent = true;
    Frame hello(&kHeader);  // index 0
    const std::uint32_t id = mote_log_build_id;
    hello.put_raw(&id, 4);
    hello.send();  // g_build_id_sent is set: no recursion
  }
  write_frame(buf_, pos_);
}

}  // namespace mote::log::detail

#else  // host, wasm32: one formatted line on stdout

#include <cinttypes>
#include <cstdio>
#include <string>

namespace mote::log::detail {
namespace {

constexpr const char* kLevelNames[] = {"TRACE", "DEBUG", "INFO ", "WARN ", "ERROR"};

// Nanoseconds of `ticks`, without 128-bit arithmetic (which wasm32 would need a library for):
// whole seconds apart from the rest, whose product with 10^9 fits 64 bits for any tick rate
// up to 18 GHz.
std::uint64_t nanos(std::uint64_t ticks) noexcept {
  return ticks / kTickHz * 1000000000u + ticks % kTickHz * 1000000000u / kTickHz;
}

// The largest unit that shows a duration exactly: "3 s", "250 ms", "40 us", "1200 ns".
std::string duration_text(std::uint64_t ticks) {
  const std::uint64_t ns = nanos(ticks);
  char buf[32];
  if (ns % 1000000000u == 0) {
    std::snprintf(buf, sizeof buf, "%" PRIu64 " s", static_cast<std::uint64_t>(ns / 1000000000u));
  } else if (ns % 1000000u == 0) {
    std::snprintf(buf, sizeof buf, "%" PRIu64 " ms", static_cast<std::uint64_t>(ns / 1000000u));
  } else if (ns % 1000u == 0) {
    std::snprintf(buf, sizeof buf, "%" PRIu64 " us", static_cast<std::uint64_t>(ns / 1000u));
  } else {
    std::snprintf(buf, sizeof buf, "%" PRIu64 " ns", static_cast<std::uint64_t>(ns));
  }
  return buf;
}

// A placeholder's spec, parsed as log.hpp's spec_length accepts it: "{:" [<|>] [0] [width] [x|X] "}".
struct Spec {
  char align = 0;  // '<', '>' or 0: numbers right, the rest left
  bool zero = false;
  unsigned width = 0;
  char hex = 0;  // 'x', 'X' or 0
};

// Parses the placeholder at p ("{}" or "{:...}"); the character after it, or nullptr if none.
const char* parse_placeholder(const char* p, Spec& spec) noexcept {
  if (p[0] != '{') return nullptr;
  if (p[1] == '}') return p + 2;
  if (p[1] != ':') return nullptr;
  p += 2;
  if (*p == '<' || *p == '>') spec.align = *p++;
  if (*p == '0') {
    spec.zero = true;
    ++p;
  }
  for (int digits = 0; digits < 2 && *p >= '0' && *p <= '9'; ++digits) spec.width = spec.width * 10 + static_cast<unsigned>(*p++ - '0');
  if (*p == 'x' || *p == 'X') spec.hex = *p++;
  return *p == '}' ? p + 1 : nullptr;
}

// One argument as text (without padding).
std::string render(char kind, const Arg& a, const Spec& spec) {
  char buf[48];
  if (spec.hex != 0 && (kind == 'i' || kind == 'u')) {
    // A negative number: its sign, then its magnitude (as tools/mote-log prints it).
    const bool negative = kind == 'i' && a.i < 0;
    const std::uint64_t magnitude = negative ? 0 - a.u : a.u;
    std::snprintf(buf, sizeof buf, spec.hex == 'x' ? "%s0x%" PRIx64 : "%s0x%" PRIX64, negative ? "-" : "", magnitude);
    return buf;
  }
  switch (kind) {
    case 'b': return a.u != 0 ? "true" : "false";
    case 'c': return std::string(1, static_cast<char>(a.u));
    case 'i': std::snprintf(buf, sizeof buf, "%" PRId64, a.i); return buf;
    case 'u': std::snprintf(buf, sizeof buf, "%" PRIu64, a.u); return buf;
    case 'f':
    case 'd': std::snprintf(buf, sizeof buf, "%g", a.d); return buf;
    case 's': return a.s != nullptr ? a.s : "(null)";
    case 'p': std::snprintf(buf, sizeof buf, "0x%" PRIxPTR, reinterpret_cast<std::uintptr_t>(a.p)); return buf;
    case 'D': return duration_text(a.u);
    case 'I': {
      const std::uint64_t ns = nanos(a.u);
      std::snprintf(buf, sizeof buf, "%" PRIu64 ".%06u s", static_cast<std::uint64_t>(ns / 1000000000u),
                    static_cast<unsigned>(ns % 1000000000u / 1000u));
      return buf;
    }
    default: {  // 'x': bytes in hex
      const auto* b = static_cast<const std::uint8_t*>(a.p);
      std::string out = "[";
      for (std::size_t i = 0; i < a.n; ++i) {
        std::snprintf(buf, sizeof buf, i == 0 ? "%02x" : " %02x", b[i]);
        out += buf;
      }
      return out + "]";
    }
  }
}

// `text` padded to the spec's width: zeros after the sign and "0x" for a zero-padded number,
// else spaces on the side the alignment leaves.
std::string pad(std::string text, char kind, const Spec& spec) {
  if (text.size() >= spec.width) return text;
  const std::size_t fill = spec.width - text.size();
  const bool number = kind == 'i' || kind == 'u' || kind == 'f' || kind == 'd';
  if (spec.zero && number) {
    std::size_t at = text[0] == '-' ? 1 : 0;
    if (text.compare(at, 2, "0x") == 0) at += 2;
    return text.insert(at, fill, '0');
  }
  const bool right = spec.align == '>' || (spec.align == 0 && number);
  return right ? std::string(fill, ' ') + text : text + std::string(fill, ' ');
}

}  // namespace

void print(std::uint8_t tag, const char* kinds, const char* text, const Arg* args) noexcept {
  std::string message;
  for (const char* p = text; *p != '\0'; ++p) {
    if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
      message += *p++;
      continue;
    }
    Spec spec;
    const char* after = parse_placeholder(p, spec);
    if (after == nullptr) {
      message += *p;
      continue;
    }
    p = after - 1;
    const char kind = *kinds++;
    message += pad(render(kind, *args++, spec), kind, spec);
  }
  if ((tag & 7u) == kPanicLevel) platform::panic_stop(message.c_str());  // MOTE_PANIC: "panicked: ...", stop
  const std::uint64_t now = nanos(Instant::now().ticks());
  std::printf("[%3" PRIu64 ".%03u s] %s %s\n", static_cast<std::uint64_t>(now / 1000000000u),
              static_cast<unsigned>(now % 1000000000u / 1000000u), kLevelNames[tag & 7u], message.c_str());
  std::fflush(stdout);
}

}  // namespace mote::log::detail

#endif
