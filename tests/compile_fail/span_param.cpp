// expect: a task parameter must not be a std::span
#include <mote/mote.hpp>
#include <span>

MOTE_TASK(uses_span, 1, std::span<const int> values) {
  (void)values;
  co_return;
}
