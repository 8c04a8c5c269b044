// The LM3S6965 time driver: SysTick for now(), Timer0A one-shot for the alarm. Tickless: the
// alarm interrupt comes only when the earliest deadline is due (or, for deadlines more than
// 2^32 cycles away, once per 2^32 cycles to re-check). SysTick's wrap interrupt every 2^24
// cycles is what extends its 24 bits to 64.
//
// Why this split: QEMU 7.2's GPTM model cannot be read (TAR reads 0 and logs "timer read not
// supported") and implements only the 32-bit one-shot and periodic modes (and the 1 Hz RTC
// mode), with one time-out interrupt per timer. A GPTM is therefore a good one-shot alarm but
// useless as a clock; SysTick's current value is readable. Both count the system clock, so a
// deadline converts to a Timer0A load value with no rounding.
#include <mote/platform/port.hpp>

#include <algorithm>

#include "mote/cortex_m/nvic_priority.hpp"
#include "mote/cortex_m/systick_clock.hpp"
#include "mote/lm3s6965/lm3s6965.hpp"
#include "mote/lm3s6965/regs.hpp"
#include "mote/time.hpp"
#include "mote/time_driver.hpp"

namespace mote {
namespace lm3s6965 {
namespace {

static_assert(kSystemClockHz % kTickHz == 0, "MOTE_TICK_HZ must divide the system clock (50 MHz)");
constexpr std::uint64_t kCyclesPerTick = kSystemClockHz / kTickHz;

constexpr std::uintptr_t kTimer = gptm::kTimer0;
// Priority level 1: below SysTick (0), whose wrap count no reader of the clock may interrupt,
// and at least as urgent as every interrupt executor (levels 1 and up). Set as a level, not as
// 1 << (8 - kPriorityBits), so that it stays the level after SysTick's where the NVIC implements
// more bits than the chip's 3 (QEMU 7.2 implements all 8).
constexpr unsigned kAlarmLevel = 1;

}  // namespace

void time_init() noexcept {
  cortex_m::systick_clock_start();

  reg32(sysctl::kRcgc1) = reg32(sysctl::kRcgc1) | sysctl::kRcgc1Timer0;
  static_cast<void>(std::uint32_t{reg32(sysctl::kRcgc1)});  // a gated-on peripheral needs a few cycles
  reg32(kTimer + gptm::kCtl) = 0;
  reg32(kTimer + gptm::kCfg) = gptm::kCfg32Bit;
  reg32(kTimer + gptm::kTamr) = gptm::kTamrOneShot;
  reg32(kTimer + gptm::kIcr) = gptm::kTaTimeout;
  reg32(kTimer + gptm::kImr) = gptm::kTaTimeout;
  cortex_m::set_priority_level(gptm::kTimer0aIrq, kAlarmLevel);
  cortex_m::nvic::clear_pending(gptm::kTimer0aIrq);
  cortex_m::nvic::enable(gptm::kTimer0aIrq);
}

}  // namespace lm3s6965

namespace platform {

std::uint64_t time_now() noexcept {
  const std::uint64_t cycles = cortex_m::systick_clock_now();
  if constexpr (lm3s6965::kCyclesPerTick == 1) return cycles;
  return cycles / lm3s6965::kCyclesPerTick;
}

void time_set_alarm(std::uint64_t at) noexcept {
  using namespace lm3s6965;
  const CsState cs = cs_enter();
  // Stop the countdown and forget a time-out not yet handled: the alarm is for `at` alone.
  // (Stopping also matters to QEMU, which only restarts a GPTM when its enable bit goes 0 -> 1.)
  reg32(kTimer + gptm::kCtl) = 0;
  reg32(kTimer + gptm::kIcr) = gptm::kTaTimeout;
  cortex_m::nvic::clear_pending(gptm::kTimer0aIrq);
  const std::uint64_t now = cortex_m::systick_clock_now();
  const std::uint64_t at_cycles = at > UINT64_MAX / kCyclesPerTick ? UINT64_MAX : at * kCyclesPerTick;
  if (at_cycles <= now) {
    cortex_m::nvic::set_pending(gptm::kTimer0aIrq);  // due already: runs once `cs` ends
  } else {
    // Never sleep past the next SysTick wrap (systick_clock_latest_wake says why: under QEMU a
    // longer sleep loses clock periods). On silicon this costs one extra wake per wrap.
    const std::uint64_t delta = std::min(at_cycles, cortex_m::systick_clock_latest_wake(now)) - now;
    // Counting starts a few cycles after `now` was read, so the alarm is never early; when it
    // fires before the deadline, on_alarm finds nothing due and re-arms.
    reg32(kTimer + gptm::kTailr) = static_cast<std::uint32_t>(delta);
    reg32(kTimer + gptm::kCtl) = gptm::kCtlTaEn | gptm::kCtlTaStall;
  }
  cs_exit(cs);
}

}  // namespace platform
}  // namespace mote

// Timer0A time-out (or a software pend for a deadline already due): wake what is due and arm the
// alarm for the next deadline (on_alarm calls time_set_alarm).
extern "C" void lm3s6965_timer0a_irq() noexcept {
  using namespace mote::lm3s6965;
  reg32(gptm::kTimer0 + gptm::kIcr) = gptm::kTaTimeout;
  mote::on_alarm();
}
