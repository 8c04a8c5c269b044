// QEMU virt's network interface: a virtio-net device in virtio-mmio slot 7 (where the first
// -device goes), with its interrupt bound. In the mote::net library, not in every firmware: only
// programs that call network() link the driver and its interrupt handler (which then overrides
// the PLIC table's weak default).
#include "mote/net/stack.hpp"
#include "mote/riscv_virt/virtio_net.hpp"

MOTE_BIND_INTERRUPTS(MoteBoardNetIrqs, (virtio7, mote::riscv_virt::virtio_net::InterruptHandler<7>));

namespace mote::board {

net::Driver& network() noexcept {
  // Trivially destructible; built at first call. The device is set up by the stack (start()).
  static riscv_virt::VirtioNet nic = riscv_virt::VirtioNet::in_slot<7>(MoteBoardNetIrqs{});
  return nic;
}

}  // namespace mote::board
