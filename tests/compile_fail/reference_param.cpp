// expect: a task parameter must not be a reference
// A reference parameter would dangle once the task outlives the spawning call.
#include <mote/mote.hpp>

MOTE_TASK(uses_reference, 1, int& counter) {
  ++counter;
  co_return;
}
