// mote::panic and mote::exit: format the message, then hand over to the platform.
//
// The message is formatted by a small formatter of our own rather than vsnprintf: a firmware
// that never prints would otherwise link the C library's printf machinery (about 1.3 KiB of
// flash on Cortex-M) only for its panic messages. panic uses format_message_compact in every
// image: flags '0' and '-', a width, the length modifiers h l ll z and the conversions
// d i u x X c s p %, with the native word's arithmetic only (about 550 bytes on Cortex-M3, where
// the fuller format_message, which divides 64-bit values, is about 950). format_message stays
// for callers that want exact printf output for long long; nothing in the firmware links it.
#include <cstdarg>
#include <cstddef>
#include <cstdint>

#include <mote/platform/port.hpp>

#include "mote/panic.hpp"
#include "mote/trace.hpp"

namespace mote {
namespace detail {
namespace {

// Appends to a fixed buffer, dropping what does not fit; always leaves it terminated. With a
// `drain` function it streams instead: a full buffer is handed to it and reused, so that a
// message of any length goes out through a few bytes of stack (firmware panics).
class Sink {
 public:
  using Drain = void (*)(const char*, std::size_t) noexcept;
  Sink(char* buf, std::size_t size, Drain drain = nullptr) noexcept : buf_(buf), size_(size), drain_(drain) {}
  [[gnu::noinline]] void put(char c) noexcept {  // called from many places: one copy is smaller
    if (drain_ != nullptr && used_ + 1 == size_) {
      drain_(buf_, used_);
      used_ = 0;
    }
    if (used_ + 1 < size_) buf_[used_++] = c;
    ++len_;
  }
  void pad(char c, int count) noexcept {
    for (int i = 0; i < count; ++i) put(c);
  }
  std::size_t finish() noexcept {
    if (drain_ != nullptr) drain_(buf_, used_);
    if (size_ > 0) buf_[used_] = '\0';
    return len_;
  }

 private:
  char* buf_;
  std::size_t size_;
  Drain drain_;
  std::size_t used_ = 0;  // chars in buf_ now
  std::size_t len_ = 0;   // chars of the whole message
};

void put_field(Sink& out, const char* text, int len, int width, bool left, char fill) noexcept {
  if (!left) out.pad(fill, width - len);
  for (int i = 0; i < len; ++i) out.put(text[i]);
  if (left) out.pad(' ', width - len);
}

// value /= base, returning the remainder, in 16-bit steps: no 64-bit division, whose library
// routine (__udivmoddi4, 700 bytes on Cortex-M) a 32-bit core would otherwise link for it.
unsigned divide(unsigned long long& value, unsigned base) noexcept {
  unsigned long long quotient = 0;
  std::uint32_t remainder = 0;
  for (int shift = 48; shift >= 0; shift -= 16) {
    const std::uint32_t part = (remainder << 16) | static_cast<std::uint32_t>((value >> shift) & 0xFFFFu);
    quotient |= static_cast<unsigned long long>(part / base) << shift;
    remainder = part % base;
  }
  value = quotient;
  return remainder;
}

void put_number(Sink& out, unsigned long long value, bool negative, unsigned base, bool upper, int width, bool left,
                bool zero) noexcept {
  char digits[24];
  int n = 0;
  do {
    const unsigned d = divide(value, base);
    digits[n++] = static_cast<char>(d < 10 ? '0' + d : (upper ? 'A' : 'a') + d - 10);
  } while (value != 0);
  char text[25];
  int len = 0;
  if (negative && zero && !left) {  // "-0042": the sign before the zeros
    out.put('-');
    --width;
  } else if (negative) {
    text[len++] = '-';
  }
  while (n > 0) text[len++] = digits[--n];
  put_field(out, text, len, width, left, zero && !left ? '0' : ' ');
}

}  // namespace

namespace {
std::size_t format_compact(Sink& out, const char* format, std::va_list args) noexcept {
  for (const char* p = format; *p != '\0'; ++p) {
    char c = *p;
    if (c != '%') {
      out.put(c);
      continue;
    }
    // Flags '0' and '-', a width, then length modifiers: only the argument's size matters.
    char fill = ' ';
    bool left = false;
    int width = 0;
    int longs = 0;
    for (;;) {
      c = *++p;
      if (c == '0' && width == 0) {
        fill = '0';
      } else if (c >= '0' && c <= '9') {
        width = width * 10 + (c - '0');
      } else if (c == '-') {
        left = true;
      } else if (c == 'l' || (c == 'z' && sizeof(std::size_t) > sizeof(unsigned))) {
        ++longs;
      } else if (c != 'h' && c != 'z') {
        break;
      }
    }
    char text[24];  // a number's digits, right-aligned
    char* const end = text + sizeof text;
    const char* s = end;  // the field is [s, s + len)
    int len;
    if (c == 's') {
      s = va_arg(args, const char*);
      if (s == nullptr) s = "(null)";
      for (len = 0; s[len] != '\0'; ++len) {
      }
    } else {
      char* t = end;
      if (c == 'c') {
        *--t = static_cast<char>(va_arg(args, int));
      } else if (c == 'd' || c == 'i' || c == 'u' || c == 'x' || c == 'X' || c == 'p') {
        if (c != 'p' && longs >= 2 && sizeof(long long) > sizeof(long)) {
          // The native word's arithmetic only (no 64-bit division routine): a long long on a
          // 32-bit target prints in hex, all 16 digits.
          unsigned long long v = va_arg(args, unsigned long long);
          for (int i = 0; i < 16; ++i, v >>= 4) *--t = "0123456789abcdef"[v & 0xFu];
          *--t = 'x';
          *--t = '0';
        } else {
          unsigned long v = c == 'p'     ? reinterpret_cast<std::uintptr_t>(va_arg(args, void*))
                            : longs != 0 ? va_arg(args, unsigned long)
                                         : va_arg(args, unsigned);
          const bool negative =
              (c == 'd' || c == 'i') && (longs != 0 ? static_cast<long>(v) < 0 : static_cast<int>(v) < 0);
          if (negative) v = longs != 0 ? 0ul - v : static_cast<unsigned>(0u - static_cast<unsigned>(v));
          const unsigned base = c == 'd' || c == 'i' || c == 'u' ? 10 : 16;
          do {
            *--t = "0123456789abcdef"[v % base];
            v /= base;
          } while (v != 0);
          if (c == 'p') {
            *--t = 'x';
            *--t = '0';
          }
          if (negative) {
            if (fill == '0' && !left) {  // "-0042": the sign before the zeros
              out.put('-');
              --width;
            } else {
              *--t = '-';
            }
          }
        }
      } else {  // '%', or one we do not know: copied as it is
        out.put('%');
        if (c == '\0') break;
        if (c != '%') out.put(c);
        continue;
      }
      s = t;
      len = static_cast<int>(end - t);
    }
    if (left) fill = ' ';
    for (int i = len; !left && i < width; ++i) out.put(fill);
    for (int i = 0; i < len; ++i) out.put(s[i]);
    for (int i = len; left && i < width; ++i) out.put(' ');
  }
  return out.finish();
}
}  // namespace

std::size_t format_message_compact(char* buf, std::size_t size, const char* format, std::va_list args) noexcept {
  Sink out(buf, size);
  return format_compact(out, format, args);
}

std::size_t format_message(char* buf, std::size_t size, const char* format, std::va_list args) noexcept {
  Sink out(buf, size);
  for (const char* p = format; *p != '\0'; ++p) {
    if (*p != '%') {
      out.put(*p);
      continue;
    }
    const char* const spec = p;
    bool left = false, zero = false;
    for (++p; *p == '-' || *p == '0'; ++p) (*p == '-' ? left : zero) = true;
    int width = 0;
    for (; *p >= '0' && *p <= '9'; ++p) width = width * 10 + (*p - '0');
    int longs = 0;
    bool size_t_arg = false;
    for (;; ++p) {
      if (*p == 'l') {
        ++longs;
      } else if (*p == 'z') {
        size_t_arg = true;
      } else if (*p != 'h') {
        break;
      }
    }
    switch (*p) {
      case 'd':
      case 'i': {
        const long long v = size_t_arg ? static_cast<long long>(va_arg(args, std::ptrdiff_t))
                            : longs >= 2 ? va_arg(args, long long)
                            : longs == 1 ? va_arg(args, long)
                                         : va_arg(args, int);
        const unsigned long long magnitude = v < 0 ? 0ull - static_cast<unsigned long long>(v) : static_cast<unsigned long long>(v);
        put_number(out, magnitude, v < 0, 10, false, width, left, zero);
        break;
      }
      case 'u':
      case 'x':
      case 'X': {
        const unsigned long long v = size_t_arg ? va_arg(args, std::size_t)
                                     : longs >= 2 ? va_arg(args, unsigned long long)
                                     : longs == 1 ? va_arg(args, unsigned long)
                                                  : va_arg(args, unsigned);
        put_number(out, v, false, *p == 'u' ? 10 : 16, *p == 'X', width, left, zero);
        break;
      }
      case 'p': {
        out.put('0');
        out.put('x');
        put_number(out, reinterpret_cast<std::uintptr_t>(va_arg(args, void*)), false, 16, false, width - 2, left, zero);
        break;
      }
      case 'c': {
        const char c = static_cast<char>(va_arg(args, int));
        put_field(out, &c, 1, width, left, ' ');
        break;
      }
      case 's': {
        const char* s = va_arg(args, const char*);
        if (s == nullptr) s = "(null)";
        int len = 0;
        while (s[len] != '\0') ++len;
        put_field(out, s, len, width, left, ' ');
        break;
      }
      case '%':
        out.put('%');
        break;
      default:  // not one we know (or the format ended): copy the specification as it is
        for (const char* q = spec; q <= p && *q != '\0'; ++q) out.put(*q);
        if (*p == '\0') return out.finish();
        break;
    }
  }
  return out.finish();
}

std::size_t format_message(char* buf, std::size_t size, const char* format, ...) noexcept {
  std::va_list args;
  va_start(args, format);
  const std::size_t n = format_message(buf, size, format, args);
  va_end(args);
  return n;
}

}  // namespace detail

void panic(const char* format, ...) noexcept {
  std::va_list args;
  va_start(args, format);
#if MOTE_PANIC_STREAMS
  // Firmware: the message streams to the console through 24 bytes of stack, so that no RAM is
  // set aside for a panic (it was a 200-byte static buffer) and no message is cut short.
  platform::panic_begin();
  char chunk[24];
  detail::Sink out(chunk, sizeof chunk, &platform::panic_write);
  detail::format_compact(out, format, args);
  platform::panic_end();
#else
  // Host and wasm32 print it in one piece (stderr / stdout); static, not on the stack: a panic
  // may come from a deep or broken context.
  static char message[200];
  detail::format_message_compact(message, sizeof(message), format, args);
  va_end(args);
  platform::panic_stop(message);
#endif
}

namespace detail {

void panic_enter() noexcept {
#if MOTE_LOG_DEFERRED
  static_cast<void>(platform::cs_enter());  // never left: nothing else may run once the program is broken
#endif
}

void panic_exit() noexcept {
#if MOTE_LOG_DEFERRED
  platform::exit_program(1);
#else
  platform::panic_stop("MOTE_PANIC");  // not reached: the host's log printer stops at the record
#endif
}

}  // namespace detail

void exit(int code) noexcept {
#if MOTE_TRACE
  trace::dump();  // the ring, for tools/mote-trace
#endif
  platform::exit_program(code);
}

}  // namespace mote
