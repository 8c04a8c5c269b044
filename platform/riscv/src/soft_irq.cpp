// The software interrupt controller (mote/riscv/soft_irq.hpp).
#include "mote/riscv/soft_irq.hpp"

#include <mote/platform/port.hpp>

#include "mote/panic.hpp"
#include "mote/riscv.hpp"

// Weak defaults of the handlers, each passing its number on.
#define MOTE_RISCV_SOFT_IRQ_DEFAULT(n)                                                         \
  extern "C" [[gnu::weak]] void mote_riscv_soft_irq##n() noexcept {                            \
    MOTE_PANIC("soft interrupt {} has no handler", n##u);                                     \
  }
MOTE_RISCV_SOFT_IRQ_DEFAULT(0)
MOTE_RISCV_SOFT_IRQ_DEFAULT(1)
MOTE_RISCV_SOFT_IRQ_DEFAULT(2)
MOTE_RISCV_SOFT_IRQ_DEFAULT(3)
MOTE_RISCV_SOFT_IRQ_DEFAULT(4)
MOTE_RISCV_SOFT_IRQ_DEFAULT(5)
MOTE_RISCV_SOFT_IRQ_DEFAULT(6)
MOTE_RISCV_SOFT_IRQ_DEFAULT(7)

namespace mote::riscv::soft_irq {
namespace {

constexpr Handler kHandlers[kCount] = {mote_riscv_soft_irq0, mote_riscv_soft_irq1, mote_riscv_soft_irq2,
                                       mote_riscv_soft_irq3, mote_riscv_soft_irq4, mote_riscv_soft_irq5,
                                       mote_riscv_soft_irq6, mote_riscv_soft_irq7};

// Changed only with interrupts masked (a critical section or the trap).
volatile std::uint32_t g_pending = 0;
volatile std::uint32_t g_enabled = 0;
std::uint8_t g_level[kCount] = {7, 7, 7, 7, 7, 7, 7, 7};
volatile unsigned g_running_level = kLevels;  // thread mode
volatile int g_running = -1;

void check(unsigned irq) noexcept {
  if (irq >= kCount) MOTE_PANIC("no soft interrupt {} (0..{})", irq, kCount - 1);
}

}  // namespace

void set_pending(unsigned irq) noexcept {
  const platform::CsState cs = platform::cs_enter();
  g_pending = g_pending | (1u << irq);
  reg32(clint::kMsip) = 1;  // the trap comes once the caller's critical section (if any) ends
  platform::cs_exit(cs);
}

void clear_pending(unsigned irq) noexcept {
  const platform::CsState cs = platform::cs_enter();
  g_pending = g_pending & ~(1u << irq);
  platform::cs_exit(cs);
}

void enable(unsigned irq) noexcept {
  check(irq);
  const platform::CsState cs = platform::cs_enter();
  g_enabled = g_enabled | (1u << irq);
  mie_set(csr::kMieMsie);
  if ((g_pending & (1u << irq)) != 0) reg32(clint::kMsip) = 1;
  platform::cs_exit(cs);
}

void disable(unsigned irq) noexcept {
  check(irq);
  const platform::CsState cs = platform::cs_enter();
  g_enabled = g_enabled & ~(1u << irq);
  platform::cs_exit(cs);
}

void set_level(unsigned irq, unsigned level) noexcept {
  check(irq);
  if (level == 0 || level >= kLevels) {
    MOTE_PANIC("soft interrupt {}: no level {} (1..{}; 0 is the hardware handlers')", irq, level, kLevels - 1);
  }
  g_level[irq] = static_cast<std::uint8_t>(level);
}

unsigned level(unsigned irq) noexcept {
  check(irq);
  return g_level[irq];
}

int current() noexcept { return g_running; }

void dispatch() noexcept {
  reg32(clint::kMsip) = 0;  // every request is in g_pending; a later set_pending raises it again
  for (;;) {
    // The most urgent ready interrupt that is more urgent than the one running (lowest number
    // on a tie).
    const std::uint32_t ready = g_pending & g_enabled;
    int best = -1;
    unsigned best_level = g_running_level;
    for (unsigned i = 0; i < kCount; ++i) {
      if ((ready & (1u << i)) != 0 && g_level[i] < best_level) {
        best = static_cast<int>(i);
        best_level = g_level[i];
      }
    }
    if (best < 0) return;
    g_pending = g_pending & ~(1u << best);
    const unsigned saved_level = g_running_level;
    const int saved = g_running;
    g_running_level = best_level;
    g_running = best;
    // Interrupts on while the handler runs: the timer, the PLIC and more urgent software
    // interrupts (this trap, nested) may preempt it. The trap entry saved mepc and mstatus.
    interrupts_enable();
    kHandlers[best]();
    interrupts_disable();
    g_running_level = saved_level;
    g_running = saved;
  }
}

}  // namespace mote::riscv::soft_irq
