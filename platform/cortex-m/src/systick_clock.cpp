// The SysTick clock: 24-bit hardware down-counter + wrap interrupt = 64-bit cycle count.
#include "mote/cortex_m/systick_clock.hpp"

#include <mote/platform/port.hpp>

#include "mote/cortex_m.hpp"

namespace mote::cortex_m {
namespace {

constexpr std::uint32_t kReload = 0x00FFFFFF;  // 2^24 cycles per period
constexpr unsigned kPeriodBits = 24;

// Whole periods since start. Written only by the SysTick handler, read under PRIMASK.
volatile std::uint64_t g_periods = 0;

}  // namespace

void systick_clock_start() noexcept {
  using namespace systick;
  reg32(kCsr) = 0;
  reg32(kRvr) = kReload;
  reg32(kCvr) = 0;  // any write clears the counter; it reloads to kReload on the next cycle
  scb::set_priority(kException, 0);
  reg32(kCsr) = kCsrClkSourceCore | kCsrTickInt | kCsrEnable;
}

std::uint64_t systick_clock_now() noexcept {
  const platform::CsState cs = platform::cs_enter();
  std::uint64_t periods = g_periods;
  std::uint32_t count = reg32(systick::kCvr);
  if ((reg32(scb::kIcsr) & scb::kIcsrPendStSet) != 0) {
    // A wrap happened (before or just after the read above) and its handler has not run:
    // count that period here, and re-read the counter so that it is surely past the wrap. The
    // pending bit is raised as the counter reaches 0, one cycle before it reloads: at that
    // point 0 stands for the start of the new period.
    periods += 1;
    count = reg32(systick::kCvr);
  }
  // Without the pending bit, 0 is also the start of a period: just after systick_clock_start
  // (which clears the counter; at 25 MHz QEMU shows that 0 for 40 instructions), or when the
  // handler has already counted the wrap.
  if (count == 0) count = kReload;
  platform::cs_exit(cs);
  return (periods << kPeriodBits) + (kReload - count);
}

}  // namespace mote::cortex_m

extern "C" void mote_systick_clock_handler() noexcept {
  // Priority 0: nothing that reads the clock can run between the exception clearing its
  // pending bit and this increment.
  mote::cortex_m::g_periods = mote::cortex_m::g_periods + 1;
}
