// PLIC source enables and priorities (mote/riscv.hpp).
#include <mote/platform/port.hpp>

#include "mote/panic.hpp"
#include "mote/riscv.hpp"

namespace mote::riscv::plic {

void enable(unsigned irq, unsigned priority) noexcept {
  if (irq == 0 || priority == 0 || priority > kMaxPriority) {
    MOTE_PANIC("PLIC: source {}, priority {}: sources start at 1, priorities are 1..{}", irq, priority, kMaxPriority);
  }
  const platform::CsState cs = platform::cs_enter();
  reg32(kPriority + 4 * irq) = priority;
  reg32(kEnable + 4 * (irq / 32)) = reg32(kEnable + 4 * (irq / 32)) | (1u << (irq % 32));
  mie_set(csr::kMieMeie);
  platform::cs_exit(cs);
}

void disable(unsigned irq) noexcept {
  const platform::CsState cs = platform::cs_enter();
  reg32(kEnable + 4 * (irq / 32)) = reg32(kEnable + 4 * (irq / 32)) & ~(1u << (irq % 32));
  platform::cs_exit(cs);
}

}  // namespace mote::riscv::plic
