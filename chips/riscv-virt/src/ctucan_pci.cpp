// The ctucan_pci card's set-up (mote/riscv_virt/ctucan_pci.hpp).
#include "mote/riscv_virt/ctucan_pci.hpp"

#include <utility>

#include "mote/critical_section.hpp"
#include "mote/panic.hpp"
#include "mote/riscv.hpp"
#include "mote/riscv_virt/pcie.hpp"

namespace mote::riscv_virt::ctucan_pci {

void start(State& s, unsigned card, unsigned irq, unsigned plic_priority, const ctucan::Config& config) noexcept {
  const pcie::Function* f = pcie::find(kVendorId, kDeviceId, card);
  if (f == nullptr) {
    MOTE_PANIC("ctucan_pci: no card {} on the PCIe bus (QEMU: -object can-bus,id=canbus -device "
                "ctucan_pci,canbus0=canbus,canbus1=canbus)", card);
  }
  if (f->irq != irq) {
    mote::panic("ctucan_pci: the card at 00:%02x.%x interrupts on PLIC source %u: bind interrupt pcie%u, not source %u",
                f->device, f->function, f->irq, f->irq - pcie::kIntxIrq0, irq);
  }
  if (f->bar[1] == 0 || f->bar_size[1] < kCores * kCoreStride) {
    mote::panic("ctucan_pci: the card at 00:%02x.%x has no BAR1 for its cores", f->device, f->function);
  }
  const bool taken = critical_section([&] { return std::exchange(s.claimed, true); });
  if (taken) MOTE_PANIC("ctucan_pci: the card on PLIC source {} already has a driver", irq);
  riscv::plic::disable(irq);
  for (unsigned n = 0; n < kCores; ++n) ctucan::start(s.cores[n], f->bar[1] + n * kCoreStride, s.line, config);
  riscv::plic::enable(irq, plic_priority);
}

void stop(State& s, unsigned irq) noexcept {
  riscv::plic::disable(irq);
  for (ctucan::State& core : s.cores) ctucan::stop(core);
  critical_section([&] { s.claimed = false; });
}

}  // namespace mote::riscv_virt::ctucan_pci
