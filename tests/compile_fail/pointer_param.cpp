// expect: a task parameter must not be a pointer
// A pointer to a caller's local would dangle once the task runs.
#include <mote/mote.hpp>

MOTE_TASK(uses_pointer, 1, const char* name) {
  (void)name;
  co_return;
}
