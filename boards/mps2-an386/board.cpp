// Arm MPS2 with the AN386 FPGA image (Cortex-M4F at 25 MHz; the FPU is enabled by
// the reset handler): console on UART0 (QEMU's serial0).
#include "mote/cmsdk/cmsdk.hpp"
#include "mote/cortex_m.hpp"

namespace mote::board {

void init() noexcept {
  cmsdk::console_init(115200);
  cmsdk::time_init();
}

}  // namespace mote::board
