// The PLIC handler table of QEMU's virt machine: entry n serves PLIC source n (QEMU 7.2
// hw/riscv/virt.h: virtio-mmio slots 1..8, UART0 10, RTC 11, PCIe INTx 32..35). Every entry is a
// weak alias of the default, which panics naming the source; a driver or MOTE_BIND_INTERRUPTS
// overrides one by defining a function of that name. An object of every firmware (not a library
// member), so the table and the handlers it names are always kept.
#include <iterator>

#include "mote/riscv.hpp"
#include "mote/riscv/vector_table.hpp"

MOTE_RISCV_DEFAULT_IRQ(riscv_virt_unhandled_irq)
#define MOTE_RISCV_VIRT_WEAK(name, number) MOTE_RISCV_WEAK_IRQ(riscv_virt_##name##_irq, riscv_virt_unhandled_irq)
#include "mote/riscv_virt/interrupt_list.hpp"
MOTE_RISCV_VIRT_INTERRUPTS(MOTE_RISCV_VIRT_WEAK)

extern "C" {
[[gnu::used]] const mote::riscv::Handler mote_riscv_external_handlers[] = {
    riscv_virt_unhandled_irq,  // 0: "no interrupt", never claimed
    riscv_virt_virtio0_irq,    // 1..8: virtio-mmio slots 0..7
    riscv_virt_virtio1_irq,
    riscv_virt_virtio2_irq,
    riscv_virt_virtio3_irq,
    riscv_virt_virtio4_irq,
    riscv_virt_virtio5_irq,
    riscv_virt_virtio6_irq,
    riscv_virt_virtio7_irq,
    riscv_virt_unhandled_irq,  // 9
    riscv_virt_uart0_irq,      // 10: ns16550
    riscv_virt_rtc_irq,        // 11: goldfish RTC
    // 12..31: nothing of virt's
    riscv_virt_unhandled_irq, riscv_virt_unhandled_irq, riscv_virt_unhandled_irq, riscv_virt_unhandled_irq,
    riscv_virt_unhandled_irq, riscv_virt_unhandled_irq, riscv_virt_unhandled_irq, riscv_virt_unhandled_irq,
    riscv_virt_unhandled_irq, riscv_virt_unhandled_irq, riscv_virt_unhandled_irq, riscv_virt_unhandled_irq,
    riscv_virt_unhandled_irq, riscv_virt_unhandled_irq, riscv_virt_unhandled_irq, riscv_virt_unhandled_irq,
    riscv_virt_unhandled_irq, riscv_virt_unhandled_irq, riscv_virt_unhandled_irq, riscv_virt_unhandled_irq,
    riscv_virt_pcie0_irq,  // 32..35: the PCIe host bridge's INTx lines (mote/riscv_virt/pcie.hpp)
    riscv_virt_pcie1_irq,
    riscv_virt_pcie2_irq,
    riscv_virt_pcie3_irq,
};
static_assert(std::size(mote_riscv_external_handlers) == 36, "entry n must serve PLIC source n");
[[gnu::used]] const unsigned mote_riscv_external_count = std::size(mote_riscv_external_handlers);
}
