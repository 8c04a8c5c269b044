// Arm MPS2 with the AN385 FPGA image (Cortex-M3 at 25 MHz): console on UART0 (QEMU's serial0).
#include "mote/cmsdk/cmsdk.hpp"
#include "mote/cortex_m.hpp"

namespace mote::board {

void init() noexcept {
  cmsdk::console_init(115200);
  cmsdk::time_init();
}

}  // namespace mote::board
