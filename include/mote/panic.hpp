// mote/panic.hpp: stopping the program, for bugs (panic) and on purpose (exit).
#pragma once

#include <cstdarg>
#include <cstddef>

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
