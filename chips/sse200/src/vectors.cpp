// The vector table of the MPS2 TrustZone images (AN505): the 16 Cortex-M exceptions, then the
// 124 interrupts of mote/sse200/interrupts.hpp, generated from that list so that the table and
// the names cannot disagree. Placed at the start of the code SSRAM's secure alias (0x10000000),
// where QEMU's IoTKit has the M33's secure vector table (INITSVTOR) point at reset.
//
// Every interrupt has a weak default (ending in mote_default_handler, which panics naming the
// interrupt); a driver or the application overrides one by defining a function of that name.
// This file is linked into every firmware as an object (not from the library), so the table
// and the handlers it names are always kept.
#include <cstddef>
#include <iterator>

#include "mote/cortex_m/systick_clock.hpp"
#include "mote/cortex_m/vector_table.hpp"
#include "mote/sse200/interrupts.hpp"

MOTE_CORTEX_M_DEFAULT_IRQ(sse200_unhandled_irq)
#define MOTE_SSE200_WEAK(name, number) MOTE_CORTEX_M_WEAK_IRQ(sse200_##name##_irq, sse200_unhandled_irq)
MOTE_SSE200_INTERRUPTS(MOTE_SSE200_WEAK)
#undef MOTE_SSE200_WEAK

namespace {
// The list's numbers, which must count 0, 1, 2...: a gap or a swap would shift every vector after it.
#define MOTE_SSE200_NUMBER(name, number) number,
constexpr unsigned kNumbers[] = {MOTE_SSE200_INTERRUPTS(MOTE_SSE200_NUMBER)};
#undef MOTE_SSE200_NUMBER
consteval bool in_order() {
  for (std::size_t i = 0; i < std::size(kNumbers); ++i) {
    if (kNumbers[i] != i) return false;
  }
  return true;
}
static_assert(in_order(), "mote: MOTE_SSE200_INTERRUPTS must list lines 0, 1, 2... in order");
}  // namespace

#define MOTE_SSE200_VECTOR(name, number) sse200_##name##_irq,
extern "C" [[gnu::used, gnu::section(".vectors")]] const auto sse200_vector_table = mote::cortex_m::vector_table(
    // SysTick: not the time base (the dual timer is, as on the AN385), but the port's SysTick
    // clock stays available to whoever starts it (systick_clock_start).
    mote_systick_clock_handler, {MOTE_SSE200_INTERRUPTS(MOTE_SSE200_VECTOR)});
#undef MOTE_SSE200_VECTOR
static_assert(std::size(sse200_vector_table.interrupts) == 124);
