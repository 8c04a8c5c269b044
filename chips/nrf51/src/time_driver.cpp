// The nRF51 time driver: one TIMER for both the clock and the alarm, tickless.
//
// The nRF51 has no SysTick, and its TIMERs count up, compare against four CC registers and can
// copy the running counter into one (TASKS_CAPTURE). TIMER0 (the only one with 32 bits) runs
// freely at MOTE_TICK_HZ = 16 MHz / 2^PRESCALER: the board's 16 MHz makes one tick one core
// cycle (62.5 ns; 2^32 ticks = 268 s); 1 MHz (PRESCALER 4, less power) makes 2^32 ticks 71.6 min.
//
//   CC0  capture register for now()
//   CC1  the alarm: compare interrupt enabled only while a deadline is near
//   CC2  0x8000_0000 \  compare events at each half of the counter's range, which run the
//   CC3  0x0000_0000 /  handler that keeps g_epoch (half-periods elapsed) up to date: every
//                       134 s at 16 MHz, 35.8 min at 1 MHz
//
// now() = g_epoch * 2^31 + (counter XOR (g_epoch odd ? 2^31 : 0)), read epoch first, counter
// second, with no critical section. An even epoch means the counter should be in the lower half,
// an odd one in the upper half. If the counter has already crossed into the next half but the
// interrupt that bumps the epoch has not run yet (masked, or the reader is above its priority),
// the XOR maps the counter one half-period further instead of back to the start of the wrong
// half, so the result is still exact. The handler bumps the epoch when its parity disagrees with
// the counter's top bit, not once per event, so a stray or doubled event cannot skew the clock;
// and only the next crossing's event (CC2 in the lower half, CC3 in the upper) may interrupt.
// The one rule: the handler must run within half a period of a crossing (134 s at 16 MHz), so
// interrupts may never stay masked that long. The low 32 bits of now() equal the counter, so a
// deadline's CC value is just its low 32 bits.
//
// The alarm: time_set_alarm(at) stores `at`; if it is within half a period the driver writes
// its low 32 bits to CC1 and enables COMPARE1's interrupt; a deadline further away waits for a
// half-period event to bring it within range (the handler re-arms on every epoch bump); a
// deadline already past pends the interrupt in the NVIC. A compare only fires when the counter
// *becomes* equal to CC, so a value reached while it is written would fire a whole wrap later:
// the driver aims at least 2 ticks ahead and, after enabling, re-reads the clock and pends the
// interrupt itself if the target has passed. The handler trusts nothing but the clock: it calls
// mote::on_alarm() only if now() >= the stored deadline, so stray or doubled events are harmless.
//
// Interrupts: one per deadline (the alarm) plus the two epoch events per counter period; no
// other. A pending 1 s timer costs exactly its alarm unless it straddles an epoch boundary.
#include <mote/platform/port.hpp>

#include "mote/cortex_m.hpp"
#include "mote/cortex_m/nvic_priority.hpp"
#include "mote/nrf51/nrf51.hpp"
#include "mote/nrf51/regs.hpp"
#include "mote/time.hpp"
#include "mote/time_driver.hpp"

namespace mote {
namespace nrf51 {
namespace {

constexpr std::uintptr_t kTimer = timer::kTimer0;
constexpr unsigned kIrq = timer::kTimer0Irq;
constexpr unsigned kCcNow = 0;
constexpr unsigned kCcAlarm = 1;
constexpr unsigned kCcUpperHalf = 2;  // the counter enters [2^31, 2^32)
constexpr unsigned kCcLowerHalf = 3;  // the counter wraps to 0
constexpr std::uint32_t kHalfRange = 0x80000000u;
constexpr std::uint64_t kMinLead = 2;  // ticks: a CC value this close ahead is still seen
// Priority level 1 of 0..3 (0 is the most urgent), as urgent as the most urgent interrupt
// executor. Correctness needs no particular level: readers of the clock may preempt this handler
// or be preempted by it.
constexpr unsigned kAlarmLevel = 1;

// PRESCALER for MOTE_TICK_HZ, or kMaxPrescaler + 1 if no prescaler gives exactly that rate.
constexpr unsigned prescaler_for(std::uint64_t hz) noexcept {
  for (unsigned p = 0; p <= timer::kMaxPrescaler; ++p) {
    if ((std::uint64_t{timer::kClockHz} >> p) == hz && (timer::kClockHz & ((1u << p) - 1)) == 0) return p;
  }
  return timer::kMaxPrescaler + 1;
}
constexpr unsigned kTickPrescaler = prescaler_for(kTickHz);
static_assert(kTickPrescaler <= timer::kMaxPrescaler,
              "nRF51 TIMER: MOTE_TICK_HZ must be 16 MHz / 2^n with n = 0..9 (e.g. 1000000)");

// Half-periods since time_init (or one fewer, until the TIMER0 handler catches up with a
// crossing). Written only by that handler, which does not nest with itself; one 32-bit load
// reads it whole from any context.
volatile std::uint32_t g_epoch = 0;
// The deadline the alarm stands for (UINT64_MAX: none). Read and written in critical sections.
volatile std::uint64_t g_alarm_at = UINT64_MAX;

volatile std::uint32_t& timer_reg(std::uintptr_t offset) noexcept { return reg32(kTimer + offset); }

// Whether EVENTS_COMPARE[n] is set; clears it.
bool take_event(unsigned n) noexcept {
  if (timer_reg(timer::events_compare(n)) == 0) return false;
  timer_reg(timer::events_compare(n)) = 0;
  return true;
}

// The counter, captured into CC0. ISR-safe: another context capturing between our capture and
// our read only makes us read its later value, which is just as valid a "now".
std::uint32_t capture_counter() noexcept {
  timer_reg(timer::tasks_capture(kCcNow)) = 1;
  return timer_reg(timer::cc(kCcNow));
}

// Brings g_epoch up to date: bumps it by one if its parity disagrees with the counter's top bit
// (even epoch: lower half), i.e. if the counter has crossed a half since; returns whether it did.
// Then lets only the next crossing's compare event interrupt. Deriving the bump from the counter
// rather than counting events means a doubled or stray event cannot skew the clock, and
// disabling the other half's interrupt keeps such events from even interrupting (QEMU 7.2 raises
// them: see docs/boards/microbit.md). TIMER0 handler only, after it has cleared the events: an
// event of the next crossing can then only come from that crossing itself.
bool sync_epoch() noexcept {
  using namespace timer;
  const std::uint32_t upper = capture_counter() >> 31;
  const std::uint32_t epoch = g_epoch;
  const bool bump = ((epoch ^ upper) & 1u) != 0;
  if (bump) g_epoch = epoch + 1;
  timer_reg(kIntenSet) = inten_compare(upper != 0 ? kCcLowerHalf : kCcUpperHalf);
  timer_reg(kIntenClr) = inten_compare(upper != 0 ? kCcUpperHalf : kCcLowerHalf);
  return bump;
}

// Arms CC1 for g_alarm_at, or leaves its interrupt off if there is none or it is more than half
// a period away; pends the interrupt if it is due. Caller holds a critical section.
void arm_alarm() noexcept {
  using namespace timer;
  timer_reg(kIntenClr) = inten_compare(kCcAlarm);
  const std::uint64_t at = g_alarm_at;
  if (at == UINT64_MAX) return;
  const std::uint64_t now = platform::time_now();
  if (at <= now) {
    cortex_m::nvic::set_pending(kIrq);  // due: the handler runs once the critical section ends
    return;
  }
  if (at - now >= kHalfRange) return;  // an epoch bump re-arms it once it is in range
  const std::uint64_t target = at - now >= kMinLead ? at : now + kMinLead;
  timer_reg(cc(kCcAlarm)) = static_cast<std::uint32_t>(target);
  timer_reg(events_compare(kCcAlarm)) = 0;  // after the write: any match from now on is the new one
  timer_reg(kIntenSet) = inten_compare(kCcAlarm);
  if (platform::time_now() >= target) cortex_m::nvic::set_pending(kIrq);  // passed while writing
}

}  // namespace

void time_init() noexcept {
  using namespace timer;
  timer_reg(kTasksStop) = 1;
  timer_reg(kIntenClr) = 0xFFFFFFFFu;
  timer_reg(kMode) = kModeTimer;
  timer_reg(kBitmode) = kBitmode32;
  timer_reg(kPrescaler) = kTickPrescaler;
  timer_reg(kTasksClear) = 1;
  timer_reg(cc(kCcUpperHalf)) = kHalfRange;
  timer_reg(cc(kCcLowerHalf)) = 0;  // the counter starts at 0: the first match is the first wrap
  for (unsigned n = 0; n < 4; ++n) timer_reg(events_compare(n)) = 0;
  timer_reg(kIntenSet) = inten_compare(kCcUpperHalf);  // the next crossing: see sync_epoch
  cortex_m::set_priority_level(kIrq, kAlarmLevel);  // word access: Armv6-M has no byte access here
  cortex_m::nvic::clear_pending(kIrq);
  cortex_m::nvic::enable(kIrq);
  timer_reg(kTasksStart) = 1;
}

}  // namespace nrf51

namespace platform {

std::uint64_t time_now() noexcept {
  using namespace nrf51;
  // Epoch first, counter second (volatile accesses keep this order; the core is in-order).
  const std::uint32_t epoch = g_epoch;
  const std::uint32_t count = capture_counter();
  return (std::uint64_t{epoch} << 31) + (count ^ ((epoch & 1u) << 31));
}

void time_set_alarm(std::uint64_t at) noexcept {
  const CsState cs = cs_enter();
  nrf51::g_alarm_at = at;
  nrf51::arm_alarm();
  cs_exit(cs);
}

}  // namespace platform
}  // namespace mote

// TIMER0: a half-period event, the alarm's compare, or a software pend for a deadline already
// due. Brings the epoch up to date, wakes what is due (on_alarm then arms the next deadline
// through time_set_alarm), or re-arms a far deadline that an epoch bump brought within range.
extern "C" void nrf51_timer0_irq() noexcept {
  using namespace mote::nrf51;
  using namespace mote::nrf51::timer;
  // The events only make this handler run; what it does depends on the counter and the clock
  // alone, so stray events change nothing.
  take_event(kCcUpperHalf);
  take_event(kCcLowerHalf);
  take_event(kCcAlarm);
  // Read back: the event clears must reach the TIMER before the handler returns, or its still
  // raised interrupt line would pend the handler again.
  static_cast<void>(std::uint32_t{timer_reg(events_compare(kCcAlarm))});
  const bool bumped = sync_epoch();

  bool due = false;
  {
    const mote::platform::CsState cs = mote::platform::cs_enter();
    const std::uint64_t at = g_alarm_at;
    if (at != UINT64_MAX && mote::platform::time_now() >= at) {
      due = true;
      g_alarm_at = UINT64_MAX;
      timer_reg(kIntenClr) = inten_compare(kCcAlarm);
    } else if (bumped) {
      arm_alarm();  // a far deadline may now be within half a period
    }
    mote::platform::cs_exit(cs);
  }
  if (due) mote::on_alarm();
}
