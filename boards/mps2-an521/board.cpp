// Arm MPS2 with the AN521 FPGA image (two Cortex-M33 at 20 MHz): console on UART0 (QEMU's
// serial0), the time driver on the SSE-200's dual timer, as on the AN505. Core 1 is started by
// the program (mote::start_core1).
#include "mote/cortex_m.hpp"
#include "mote/sse200/sse200.hpp"

namespace mote::board {

void init() noexcept {
  sse200::console_init(115200);
  sse200::time_init();
}

}  // namespace mote::board
