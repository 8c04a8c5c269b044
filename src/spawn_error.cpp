// error_message(SpawnError). A file of its own, so that a firmware that never asks for the text
// does not carry it: clang puts all string literals of a file into one section, which the linker
// keeps whole as soon as one of them is used.
#include "mote/executor.hpp"

namespace mote {

const char* error_message(SpawnError e) noexcept {
  switch (e) {
    case SpawnError::Busy:
      return "task pool full (all instances alive)";
    case SpawnError::NoMemory:
      return "out of frame memory (arena too small for the task's pool)";
  }
  return "unknown spawn error";
}

}  // namespace mote
