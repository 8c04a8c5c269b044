// The SSE-200's (mps2-an521's) part of multicore builds (mote/multicore.hpp): releasing core 1
// from its CPU wait and the doorbell between the cores. Compiles to nothing on the AN505.
//
// Core 1 waits at reset (the system control block's CPUWAIT resets to 2 on the SSE-200); its
// secure vector table is INITSVTOR1. Writing INITSVTOR1, then clearing CPUWAIT bit 1, starts
// it (QEMU: hw/misc/iotkit-sysctl.c resets the core and points its VTOR_S there).
//
// The doorbell is Message Handling Unit 0: each core has a 32-bit status register there whose
// bits are set by a SET register and cleared by a CLR register; a non-zero status holds that
// core's line 6 high (QEMU: hw/misc/armsse-mhu.c; MHU 0 line 0 goes to core 0's IRQ 6, line 1
// to core 1's). Ringing core N sets bit 0 of its status; its handler clears it. The handler has
// nothing else to do: the task the ring announces is already in that core's run queue, and
// taking the interrupt is what ends the core's WFI.
#include <mote/platform/port.hpp>

#if MOTE_MULTICORE

#include "mote/cortex_m.hpp"
#include "mote/sse200/regs.hpp"

namespace mote::platform {

namespace {
using cortex_m::reg32;
constexpr std::uintptr_t kSet[2] = {sse200::mhu::kMhu0 + sse200::mhu::kCpu0IntrSet, sse200::mhu::kMhu0 + sse200::mhu::kCpu1IntrSet};
constexpr std::uintptr_t kClr[2] = {sse200::mhu::kMhu0 + sse200::mhu::kCpu0IntrClr, sse200::mhu::kMhu0 + sse200::mhu::kCpu1IntrClr};
}  // namespace

void ring_core(std::uint32_t core) noexcept { reg32(kSet[core & 1u]) = 1u; }

void enable_doorbell() noexcept {
  reg32(0xE000E100 + 4 * (sse200::mhu::kIrq / 32)) = 1u << (sse200::mhu::kIrq % 32);  // NVIC ISER: this core's
}

void release_core(std::uint32_t core, const std::uint32_t* vectors) noexcept {
  if (core != 1) return;
  reg32(sse200::sysctl::kInitSvtor1) = reinterpret_cast<std::uintptr_t>(vectors);
  reg32(sse200::sysctl::kCpuWait) = reg32(sse200::sysctl::kCpuWait) & ~(1u << core);
}

}  // namespace mote::platform

// Line 6 on both cores: this core's doorbell rang.
extern "C" void sse200_mhu0_irq() noexcept {
  mote::cortex_m::reg32(mote::platform::kClr[mote::platform::core_id() & 1u]) = ~0u;
}

#endif  // MOTE_MULTICORE
