// Arm MPS2 with the AN505 FPGA image (Cortex-M33 at 20 MHz): console on UART0 (QEMU's serial0),
// the time driver on the IoTKit's dual timer.
#include "mote/cortex_m.hpp"
#include "mote/sse200/sse200.hpp"

namespace mote::board {

void init() noexcept {
  sse200::console_init(115200);
  sse200::time_init();
}

}  // namespace mote::board
