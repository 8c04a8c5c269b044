// QEMU's RISC-V virt machine (rv32, machine mode, no firmware): console on the ns16550 UART
// (QEMU's serial0), time on the CLINT.
#include "mote/riscv.hpp"
#include "mote/riscv_virt/virt.hpp"

namespace mote::board {

void init() noexcept {
  riscv_virt::console_init();
  riscv_virt::time_init();
}

}  // namespace mote::board
