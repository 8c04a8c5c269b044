// expect: a task parameter must not be a reference
// An rvalue reference dangles just the same: the temporary dies at the end of the call.
#include <mote/mote.hpp>
#include <string>

MOTE_TASK(uses_rvalue, 1, std::string&& text) {
  (void)text;
  co_return;
}
