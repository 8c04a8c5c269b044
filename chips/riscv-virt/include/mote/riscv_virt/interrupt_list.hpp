// mote/riscv_virt/interrupt_list.hpp: the PLIC sources of QEMU's virt machine that have a
// handler slot, as an X-macro list X(name, number) (QEMU 7.2 hw/riscv/virt.h). pcie<n>: the PCIe
// host bridge's INTx line n (PCIE_IRQ + n), which a device's INTA..INTD reach through the swizzle
// (mote/riscv_virt/pcie.hpp works out which: pcie::Function::irq).
#pragma once

#define MOTE_RISCV_VIRT_INTERRUPTS(X) \
  X(virtio0, 1)                       \
  X(virtio1, 2)                       \
  X(virtio2, 3)                       \
  X(virtio3, 4)                       \
  X(virtio4, 5)                       \
  X(virtio5, 6)                       \
  X(virtio6, 7)                       \
  X(virtio7, 8)                       \
  X(uart0, 10)                        \
  X(rtc, 11)                          \
  X(pcie0, 32)                        \
  X(pcie1, 33)                        \
  X(pcie2, 34)                        \
  X(pcie3, 35)
