// expect: needs a mote::Future
// A standard awaiter would resume the task behind its executor's back.
#include <coroutine>
#include <mote/mote.hpp>

MOTE_TASK(awaits_foreign, 1) { co_await std::suspend_always{}; }
