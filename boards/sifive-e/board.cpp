// SiFive HiFive1 (FE310): console on UART0 (the board's USB serial port; QEMU's serial0), time
// on the CLINT.
#include "mote/fe310/fe310.hpp"
#include "mote/riscv.hpp"

namespace mote::board {

void init() noexcept {
  fe310::console_init();
  fe310::time_init();
}

}  // namespace mote::board
