// Firmware for the wrong-ELF test of tools/mote-log: other format strings, so another build id.
#include <mote/log.hpp>
#include <mote/mote.hpp>

MOTE_MAIN(spawner) {
  MOTE_LOG_INFO("another firmware: {} {}", 1, 2);
  mote::exit(0);
  co_return;
}
