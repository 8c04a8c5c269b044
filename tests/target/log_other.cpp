// Firmware for the wrong-ELF test of tools/mote-log (other format strings, so another build id),
// built at the default level, info: the debug call below must compile to nothing, its argument
// never evaluated (exit status 1 otherwise) and its string absent from .mote_log
// (tests/log/check_log.py wrong-elf checks both).
#include <mote/log.hpp>
#include <mote/mote.hpp>

namespace {
int g_evaluated = 0;
int evaluate() { return ++g_evaluated; }
}  // namespace

MOTE_MAIN(spawner) {
  MOTE_LOG_INFO("another firmware: {} {}", 1, 2);
  MOTE_LOG_DEBUG("filtered out at compile time: {}", evaluate());
  mote::exit(g_evaluated);
  co_return;
}
