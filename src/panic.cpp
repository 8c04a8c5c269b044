// mote::panic and mote::exit: format the message, then hand over to the platform.
#include <cstdarg>
#include <cstdio>

#include <mote/platform/port.hpp>

#include "mote/panic.hpp"

namespace mote {

void panic(const char* format, ...) noexcept {
  // Static, not on the stack: a panic may come from a deep or broken context.
  static char message[320];
  va_list args;
  va_start(args, format);
  std::vsnprintf(message, sizeof(message), format, args);
  va_end(args);
  platform::panic_stop(message);
}

void exit(int code) noexcept { platform::exit_program(code); }

}  // namespace mote
