// expect: a task parameter must not be a std::string_view
#include <mote/mote.hpp>
#include <string_view>

MOTE_TASK(uses_string_view, 1, std::string_view text) {
  (void)text;
  co_return;
}
