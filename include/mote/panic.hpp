// mote/panic.hpp: stopping the program, for bugs (panic) and on purpose (exit).
#pragma once

#include <cstdarg>
#include <cstddef>

#include "mote/log.hpp"

namespace mote {

/// Formats a printf-style message, prints "panicked: <message>" on the platform's console,
/// then stops with a non-zero status (host: abort; QEMU: semihosting exit 1). Never returns.
/// May be called from an interrupt. The format is printf's, restricted to what
/// detail::format_message_compact knows (no floating point, no precision; a long long wider
/// than the native word prints in hex); messages are cut at 199 characters.
[[noreturn]] void panic(const char* format, ...) noexcept __attribute__((format(printf, 1, 2)));

/// Ends the program with `code` as its exit status (host: the process's exit code, flushing
/// stdout first; QEMU: semihosting exit). May be called from an interrupt.
[[noreturn]] void exit(int code) noexcept;

namespace detail {
/// MOTE_PANIC's two halves around its message. panic_enter masks interrupts for good
/// (firmware), panic_exit waits for the console to drain and stops with a failure status, like
/// panic. ISR-safe.
void panic_enter() noexcept;
[[noreturn]] void panic_exit() noexcept;

/// The panic message formatter (no C library printf): flags '0' '-', a width, length h l ll z,
/// conversions d i u x X c s p %. Writes at most `size` bytes including the terminating zero and
/// returns the length the whole message would have. ISR-safe (no state).
std::size_t format_message(char* buf, std::size_t size, const char* format, std::va_list args) noexcept;
std::size_t format_message(char* buf, std::size_t size, const char* format, ...) noexcept
    __attribute__((format(printf, 3, 4)));
/// The formatter that panic uses: the same flags ('0' '-'), width, length modifiers and
/// conversions as format_message, but %X prints lower case, a long long wider than long (32-bit
/// targets) prints as 0x and 16 hex digits (no 64-bit division routine), and an unknown
/// conversion is copied as '%' and its letter. Same buffer contract. ISR-safe (no state).
std::size_t format_message_compact(char* buf, std::size_t size, const char* format, std::va_list args) noexcept;
}  // namespace detail

}  // namespace mote

/// MOTE_PANIC("task '{}': frame size {}, was {}", name, now, before): a panic whose message is
/// a deferred log record (mote/log.hpp: `{}` placeholders, the same argument types), checked at
/// compile time like MOTE_LOG_*. On firmware the format string stays in the ELF and the device
/// sends one frame, so a panic links neither a formatter nor its strings; tools/mote-log (what
/// run-<app> and the tests run QEMU under) shows it as "panicked: <message>". Host and wasm32
/// print "panicked: <message>" and stop as mote::panic does. Never returns; may be called from
/// an interrupt. mote::panic (printf-style, formatted on the device) stays for code that needs
/// the message readable without the ELF.
#define MOTE_PANIC(...)                                             \
  do {                                                              \
    ::mote::detail::panic_enter();                                  \
    MOTE_LOG_EMIT_(::mote::log::detail::kPanicLevel, __VA_ARGS__);  \
    ::mote::detail::panic_exit();                                   \
  } while (false)
