// The STM32F4 time driver: TIM2 counts ticks freely for now(), TIM5 is a one-shot alarm for the
// earliest deadline. Tickless: no periodic interrupt (SysTick is not used).
//
// What QEMU 7.2's timer model (hw/timer/stm32f2xx_timer.c) computes decides the design:
// - CNT reads floor(t / (PSC + 1)) - offset, t being virtual time in ns (the model's clock is
//   1 GHz); writes to CNT or PSC and EGR.UG move the offset so that the count goes on from the
//   written value. So reading CNT is exact, and it wraps at 2^32 as on silicon. A good clock.
// - The update interrupt is not tied to the count: a write to ARR (or CNT, PSC, UG) schedules
//   it (ARR + offset) x (PSC + 1) ns later, and after firing it repeats with that period, OPM or
//   not, until CEN or UIE is clear. The offset is the tick count at the last CNT/PSC/UG write
//   minus the value written, so a timer whose CNT and PSC were never written (offset 0: reset
//   happens at time 0) fires exactly ARR ns after the ARR write; any other timer fires late by
//   about the time since boot. There are no compare interrupts.
// Hence:
// - now(): TIM2 prescaled to MOTE_TICK_HZ, ARR = 2^32 - 1. Its overflow interrupt would come at
//   the wrong moment under QEMU, so the count is extended to 64 bits in software instead: each
//   reading compares CNT with the previous reading, and a smaller value means one wrap. That is
//   exact while readings are less than 2^32 ticks apart (71 min at 1 MHz), which the alarm
//   guarantees: it is never armed further ahead than its range (4.29 s under QEMU, 51 s on
//   silicon) and each firing reads the clock. Every reader, in thread mode or in a handler,
//   updates the extension under PRIMASK, so no two readings can interleave.
// - Alarm: TIM5 keeps prescaler 0 and, under QEMU, a CNT never written, so ARR is the delay in
//   timer clocks. QEMU fires ARR cycles after the write; silicon counts from 0 to ARR (CNT is
//   cleared first) and one-pulse mode stops it at the update. 32 bits at 1 GHz span 4.29 s: a
//   deadline 1 s away costs exactly one interrupt. With no deadline the alarm is still armed at
//   its range, only to feed the clock extension: one interrupt per 4.29 s under QEMU, per 51 s
//   on silicon (SysTick, 24 bits at 168 MHz, would wrap every 0.1 s).
// - TIM2 starts 100 ms before its 32-bit wrap (now() still starts at 0), so that every run
//   longer than that crosses a wrap: the extension is exercised by the ordinary tests, not once
//   per 71 minutes.
#include <mote/platform/port.hpp>

#include "mote/cortex_m/nvic_priority.hpp"
#include "mote/stm32f4/regs.hpp"
#include "mote/stm32f4/stm32f4.hpp"
#include "mote/time.hpp"
#include "mote/time_driver.hpp"

namespace mote {
namespace stm32f4 {
namespace {

static_assert(kTimerClockHz % kTickHz == 0 && kQemuTimerClockHz % kTickHz == 0,
              "MOTE_TICK_HZ must divide 4 MHz, so that TIM2 counts ticks exactly at 84 MHz and at 1 GHz");
static_assert(kQemuTimerClockHz / kTickHz <= 0x10000, "TIM2's prescaler has 16 bits: MOTE_TICK_HZ >= 15259");

constexpr std::uint32_t kStartCount = static_cast<std::uint32_t>((std::uint64_t{1} << 32) - kTickHz / 10);

// The clock's extension, touched only under PRIMASK: 2^32 x wraps seen, and CNT at the latest
// reading.
std::uint64_t g_wraps = 0;
std::uint32_t g_last = kStartCount;

// The alarm's scale, set by time_init: TIM5 cycles per tick and the longest delay in ticks.
std::uint32_t g_cycles_per_tick = 1;
std::uint64_t g_max_alarm_ticks = 0;
// Silicon restarts TIM5 from 0 for each alarm; under QEMU writing CNT would skew its alarm.
bool g_clear_alarm_count = false;

// Priority level 1: at least as urgent as every interrupt executor (levels 1 and up), so none
// of them can hold up the timers of the others; level 0 stays free (the SysTick clock's).
constexpr unsigned kAlarmLevel = 1;

}  // namespace

void time_init() noexcept {
  g_cycles_per_tick = timer_clock_hz() / static_cast<std::uint32_t>(kTickHz);
  g_max_alarm_ticks = 0xFFFFFFFFu / g_cycles_per_tick;
  g_clear_alarm_count = rcc_present();

  reg32(rcc::kApb1Enr) = reg32(rcc::kApb1Enr) | rcc::kApb1EnrTim2 | rcc::kApb1EnrTim5;
  static_cast<void>(std::uint32_t{reg32(rcc::kApb1Enr)});  // a clock turned on needs two cycles to arrive

  using namespace tim;
  const platform::CsState cs = platform::cs_enter();
  // TIM2: the clock. The prescaler is buffered on silicon: the update event (UG) loads it.
  reg32(kTim2 + kCr1) = 0;
  reg32(kTim2 + kPsc) = g_cycles_per_tick - 1;
  reg32(kTim2 + kArr) = 0xFFFFFFFFu;
  reg32(kTim2 + kEgr) = kEgrUg;
  reg32(kTim2 + kSr) = 0;
  reg32(kTim2 + kCnt) = kStartCount;
  reg32(kTim2 + kCr1) = kCr1Cen;
  g_wraps = 0;
  g_last = kStartCount;

  // TIM5: the alarm, stopped until time_set_alarm. PSC and CNT keep their reset values (0).
  reg32(kTim5 + kCr1) = 0;
  reg32(kTim5 + kDier) = kDierUie;
  reg32(kTim5 + kSr) = 0;
  cortex_m::set_priority_level(kTim5Irq, kAlarmLevel);
  cortex_m::nvic::clear_pending(kTim5Irq);
  cortex_m::nvic::enable(kTim5Irq);
  platform::cs_exit(cs);
}

}  // namespace stm32f4

namespace platform {

std::uint64_t time_now() noexcept {
  using namespace stm32f4;
  const CsState cs = cs_enter();
  const std::uint32_t count = reg32(tim::kTim2 + tim::kCnt);
  if (count < g_last) g_wraps += std::uint64_t{1} << 32;
  g_last = count;
  const std::uint64_t ticks = g_wraps + count - kStartCount;
  cs_exit(cs);
  return ticks;
}

void time_set_alarm(std::uint64_t at) noexcept {
  using namespace stm32f4;
  using namespace stm32f4::tim;
  const CsState cs = cs_enter();
  // Stop the countdown and forget a firing not yet handled: the alarm is for `at` alone.
  reg32(kTim5 + kCr1) = 0;
  reg32(kTim5 + kSr) = 0;
  cortex_m::nvic::clear_pending(kTim5Irq);
  const std::uint64_t now = time_now();
  if (at <= now) {
    cortex_m::nvic::set_pending(kTim5Irq);  // due already: runs once `cs` ends
  } else {
    // The tick `now` began at most one tick ago and counting starts after this, so the alarm
    // is never early (and at most a tick late). Beyond the range (or with no deadline at all:
    // UINT64_MAX) it fires at the range; on_alarm then finds nothing due and re-arms.
    const std::uint64_t ticks = at - now < g_max_alarm_ticks ? at - now : g_max_alarm_ticks;
    if (g_clear_alarm_count) reg32(kTim5 + kCnt) = 0;
    reg32(kTim5 + kArr) = static_cast<std::uint32_t>(ticks) * g_cycles_per_tick;
    reg32(kTim5 + kCr1) = kCr1Opm | kCr1Cen;
  }
  cs_exit(cs);
}

}  // namespace platform
}  // namespace mote

// TIM5 update (or a software pend for a deadline already due): wake what is due and arm the
// alarm for the next deadline (on_alarm calls time_set_alarm).
extern "C" void stm32f4_tim5_irq() noexcept {
  using namespace mote::stm32f4::tim;
  // Silicon's one-pulse mode has stopped the counter; QEMU's would fire again every ARR cycles.
  mote::cortex_m::reg32(kTim5 + kCr1) = 0;
  mote::cortex_m::reg32(kTim5 + kSr) = 0;
  mote::on_alarm();
}
