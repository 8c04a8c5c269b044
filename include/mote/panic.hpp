// mote/panic.hpp: stopping the program, for bugs (panic) and on purpose (exit).
#pragma once

namespace mote {

/// Formats a printf-style message, prints "panicked: <message>" on the platform's console,
/// then stops with a non-zero status (host: abort; QEMU: semihosting exit 1). Never returns.
/// May be called from an interrupt.
[[noreturn]] void panic(const char* format, ...) noexcept __attribute__((format(printf, 1, 2)));

/// Ends the program with `code` as its exit status (host: the process's exit code, flushing
/// stdout first; QEMU: semihosting exit). May be called from an interrupt.
[[noreturn]] void exit(int code) noexcept;

}  // namespace mote
