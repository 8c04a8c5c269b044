// mote/cmsdk_apb/dualtimer_time.hpp: the time driver on a CMSDK APB dual timer (timer 1 the
// clock, timer 2 the alarm), for a chip to instantiate with the block's address, its interrupt
// and its clock (PCLK), then route the port's time functions and the interrupt to it:
//
//   using Time = mote::cmsdk_apb::DualTimerTime<0x40002000, 10, 25'000'000>;
//   std::uint64_t mote::platform::time_now() noexcept { return Time::ticks(); }
//   void mote::platform::time_set_alarm(std::uint64_t at) noexcept { Time::set_alarm(at); }
//   extern "C" void <chip>_dualtimer_irq() noexcept { Time::on_interrupt(); }
//
// Tickless: the only interrupts are the alarm when the earliest deadline is due (or, for a
// deadline more than 2^32 cycles away, once per 2^32 cycles to re-check) and the clock's wrap,
// once every 2^32 cycles (171.8 s at 25 MHz, 214.7 s at 20 MHz).
//
// Why the dual timer and not SysTick: SysTick has 24 bits, so as the clock it would wrap (and
// interrupt) every 0.67 s at 25 MHz even while nothing is due. Dual timer 1 in free-running
// 32-bit mode counts PCLK, and QEMU's model (unlike the LM3S6965's GPTM) returns the live count
// from its VALUE register, computed from the virtual clock: exact under -icount. Its interrupt
// (on the step from 1 to 0) marks each wrap.
//
// Why the alarm is dual timer 2 in one-shot mode and not an APB timer (which has no one-shot
// mode and reloads after each time-out): measured under QEMU 7.2 with -icount sleep=off, a WFI
// that waits for a periodic timer with a short reload value wakes one period late (twice the
// delay): once the timer fires, QEMU's main loop may skip virtual time forward to the timer's
// next reload before the halted CPU has noticed the interrupt. A one-shot timer leaves no near
// deadline to skip to, and wakes the CPU exactly. The price is one interrupt line for both
// timers: one handler looks at both.
//
// The count: dual timer 1 steps L = 2^32-1, ..., 1, 0, L, ..., interrupting as it reaches 0.
// Taking that step as the start of each period, the offset into the period is (2^32 - VALUE)
// mod 2^32: 0 at VALUE 0, 1 at VALUE L, 2^32-1 at VALUE 1. So the 64-bit time is
// wraps * 2^32 + (0 - VALUE), with `wraps` counted by the interrupt; a read under PRIMASK that
// sees the interrupt flag (RIS) raised counts the pending wrap itself.
#pragma once

#include <cstdint>

#include <mote/platform/port.hpp>

#include "mote/cmsdk_apb/regs.hpp"
#include "mote/cortex_m.hpp"
#include "mote/time.hpp"
#include "mote/time_driver.hpp"

namespace mote::cmsdk_apb {

template <std::uintptr_t Base, unsigned Irq, std::uint32_t PclkHz>
class DualTimerTime {
  static_assert(PclkHz % kTickHz == 0, "MOTE_TICK_HZ must divide the dual timer's clock (PCLK)");
  static constexpr std::uint64_t kCyclesPerTick = PclkHz / kTickHz;
  static constexpr std::uint64_t kMaxCountdown = 0xFFFFFFFF;  // dual timer 2's 32 bits
  static constexpr std::uintptr_t kClock = Base + dualtimer::kTimer1;
  static constexpr std::uintptr_t kAlarm = Base + dualtimer::kTimer2;
  static constexpr std::uint32_t kClockRun = dualtimer::kControlSize32 | dualtimer::kControlPrescale1 |
                                             dualtimer::kControlIntEnable | dualtimer::kControlEnable;
  // Alarm stopped (ENABLE clear) but configured: 32 bits, one-shot, interrupt at 0.
  static constexpr std::uint32_t kAlarmIdle = dualtimer::kControlSize32 | dualtimer::kControlPrescale1 |
                                              dualtimer::kControlOneShot | dualtimer::kControlPeriodic |
                                              dualtimer::kControlIntEnable;
  // Of all levels, the most urgent: the handler is short (a count, or on_alarm), and a late wrap
  // count would only delay readers, never mislead them (they count a pending wrap themselves).
  static constexpr std::uint8_t kPriority = 0;

  // Wrap periods of dual timer 1 (2^32 cycles each) counted so far. Written by the interrupt
  // handler with interrupts masked, read under PRIMASK.
  static inline volatile std::uint32_t wraps_ = 0;
  // A deadline was already due when the alarm was set: the handler runs on_alarm though dual
  // timer 2 has not fired (the line is shared, so its pending bit alone says nothing).
  static inline volatile bool alarm_due_ = false;
  // Dual timer 2 is counting down (or alarm_due_ is set): disarming has something to undo. Lets
  // set_alarm(UINT64_MAX) after the alarm fired (the alarm path's usual end: no deadline left)
  // skip three register writes.
  static inline volatile bool alarm_armed_ = false;
  // The deadline (ticks) the alarm waits for, or 0 when its countdown was clamped short of it:
  // the handler then reads the clock instead of taking the deadline as reached.
  static inline std::uint64_t alarm_at_ = 0;

 public:
  /// Starts the clock at zero and leaves the alarm stopped; enables the interrupt at the highest
  /// priority. Call once at boot, before anything reads the time. Not ISR-safe.
  static void init() noexcept {
    cortex_m::nvic::disable(Irq);
    // Clock: dual timer 1, free-running, 32 bits, no prescaler, interrupt at each wrap.
    reg32(kClock + dualtimer::kControl) = 0;
    reg32(kClock + dualtimer::kIntClr) = 1;
    reg32(kClock + dualtimer::kControl) = kClockRun & ~dualtimer::kControlEnable;
    reg32(kClock + dualtimer::kLoad) = 0xFFFFFFFF;  // in free-running mode: only sets the count
    wraps_ = 0;
    reg32(kClock + dualtimer::kControl) = kClockRun;
    // Alarm: dual timer 2, stopped until set_alarm.
    reg32(kAlarm + dualtimer::kControl) = kAlarmIdle;
    reg32(kAlarm + dualtimer::kIntClr) = 1;
    alarm_due_ = false;
    alarm_armed_ = false;

    cortex_m::nvic::set_priority(Irq, kPriority);
    cortex_m::nvic::clear_pending(Irq);
    cortex_m::nvic::enable(Irq);
  }

  /// PCLK cycles since init() (plus one), monotonic, 64 bits. ISR-safe.
  static std::uint64_t cycles() noexcept {
    const platform::CsState cs = platform::cs_enter();
    std::uint32_t wraps = wraps_;
    std::uint32_t value = reg32(kClock + dualtimer::kValue);
    if ((reg32(kClock + dualtimer::kRis) & dualtimer::kInt) != 0) {
      // A wrap happened (before or after the read above) and the handler has not counted it:
      // count it here and re-read, now surely after the wrap.
      ++wraps;
      value = reg32(kClock + dualtimer::kValue);
    } else if (value == 0) {
      // The counter has just reached 0 but its flag is not visible yet (QEMU without -icount
      // updates the two apart). The handler leaves only once VALUE has left 0, so a 0 with the
      // flag clear is never a wrap already counted.
      ++wraps;
    }
    platform::cs_exit(cs);
    return (std::uint64_t{wraps} << 32) | static_cast<std::uint32_t>(0u - value);
  }

  /// The time in MOTE_TICK_HZ ticks (platform::time_now). ISR-safe.
  static std::uint64_t ticks() noexcept {
    const std::uint64_t c = cycles();
    if constexpr (kCyclesPerTick == 1) return c;
    return c / kCyclesPerTick;
  }

  /// Arms the one alarm for `at` ticks (UINT64_MAX: disarms); platform::time_set_alarm. Never
  /// early. ISR-safe.
  static void set_alarm(std::uint64_t at) noexcept {
    const platform::CsState cs = platform::cs_enter();
    if (at == UINT64_MAX && !alarm_armed_) {
      platform::cs_exit(cs);  // stopped already (one-shot, fired and handled, or never armed)
      return;
    }
    // Stop the countdown and forget a time-out not yet handled: the alarm is for `at` alone.
    reg32(kAlarm + dualtimer::kControl) = kAlarmIdle;
    reg32(kAlarm + dualtimer::kIntClr) = 1;
    alarm_due_ = false;
    alarm_armed_ = at != UINT64_MAX;
    if (at != UINT64_MAX) {
      const std::uint64_t now = cycles();
      const std::uint64_t at_cycles = at > UINT64_MAX / kCyclesPerTick ? UINT64_MAX : at * kCyclesPerTick;
      if (at_cycles <= now) {
        alarm_due_ = true;  // due already: the handler runs once `cs` ends
        alarm_at_ = at;
        cortex_m::nvic::set_pending(Irq);
      } else {
        // The countdown of n cycles starts a few cycles after `now` was read and interrupts n
        // cycles later, so the alarm is never early. Beyond 32 bits it fires at the maximum;
        // on_alarm then finds nothing due and re-arms for the rest.
        const std::uint64_t delta = at_cycles - now;
        alarm_at_ = delta < kMaxCountdown ? at : 0;
        reg32(kAlarm + dualtimer::kLoad) = static_cast<std::uint32_t>(delta < kMaxCountdown ? delta : kMaxCountdown);
        reg32(kAlarm + dualtimer::kControl) = kAlarmIdle | dualtimer::kControlEnable;
      }
    }
    platform::cs_exit(cs);
  }

  /// The dual timer's interrupt: a wrap of timer 1 (the clock), the alarm (timer 2 reached 0, or
  /// a deadline was already due when it was set), or both. Interrupt context only.
  static void on_interrupt() noexcept {
    const platform::CsState cs = platform::cs_enter();
    // Masked throughout, so that no reader of the clock, whatever its priority, sees the flag
    // cleared but the count not yet incremented.
    if ((reg32(kClock + dualtimer::kRis) & dualtimer::kInt) != 0) {
      reg32(kClock + dualtimer::kIntClr) = 1;
      wraps_ = wraps_ + 1;
      // VALUE stays 0 for one cycle after the flag rises; cycles() takes a 0 without the flag
      // for a wrap not yet counted, so leave only once it has moved on.
      while (reg32(kClock + dualtimer::kValue) == 0) {
      }
    }
    const bool alarm = alarm_due_ || (reg32(kAlarm + dualtimer::kMis) & dualtimer::kInt) != 0;
    if (alarm) {
      // One-shot: timer 2 has stopped at 0. Clear its flag; on_alarm arms it for the next
      // deadline (through set_alarm).
      reg32(kAlarm + dualtimer::kIntClr) = 1;
      alarm_due_ = false;
      alarm_armed_ = false;
    }
    const std::uint64_t due = alarm_at_;
    platform::cs_exit(cs);
    if (alarm) {
      if (due != 0) {
        on_alarm_due(due);
      } else {
        on_alarm();
      }
    }
  }
};

}  // namespace mote::cmsdk_apb
