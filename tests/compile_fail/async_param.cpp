// expect: a task parameter must not be a mote::Async
// An Async's frame lives in the budget of the task that called it, not the spawned one.
#include <mote/mote.hpp>

MOTE_TASK(uses_async, 1, mote::Async<int> work) {
  (void)co_await work;
}
