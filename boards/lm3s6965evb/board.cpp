// The LM3S6965 evaluation board: 8 MHz crystal, console on UART0 (the board's USB serial
// port; QEMU's serial0).
#include "mote/cortex_m.hpp"
#include "mote/lm3s6965/lm3s6965.hpp"

namespace mote::board {

void init() noexcept {
  lm3s6965::clock_init(lm3s6965::Crystal::Mhz8);
  lm3s6965::console_init(115200);
  lm3s6965::time_init();
}

}  // namespace mote::board
