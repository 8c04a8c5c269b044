// A periodic hardware timer interrupt for the firmware tests on the MPS2 TrustZone images: the
// IoTKit's APB TIMER1 (the time driver owns the dual timer), a down-counter that reloads at zero.
#pragma once

#include <mote/cmsdk_apb/regs.hpp>
#include <mote/sse200/regs.hpp>
#include <mote/sse200/sse200.hpp>

#include <cstdint>

namespace mote_test {
inline constexpr unsigned kPeriodicTimerIrq = mote::sse200::timer::kTimer1Irq;

/// Starts the timer: an interrupt every `period_us` (TIMER1 counts the 20 MHz main clock).
inline void start_periodic_timer(std::uint32_t period_us) noexcept {
  using namespace mote::cmsdk_apb;
  constexpr std::uintptr_t t = mote::sse200::timer::kTimer1;
  reg32(t + timer::kCtrl) = 0;
  reg32(t + timer::kReload) = period_us * (mote::sse200::kSystemClockHz / 1'000'000);
  reg32(t + timer::kIntStatus) = timer::kInt;
  reg32(t + timer::kCtrl) = timer::kCtrlEnable | timer::kCtrlIrqEnable;
}
inline void stop_periodic_timer() noexcept {
  mote::cmsdk_apb::reg32(mote::sse200::timer::kTimer1 + mote::cmsdk_apb::timer::kCtrl) = 0;
}
/// Clears the interrupt: first thing in the handler.
inline void ack_periodic_timer() noexcept {
  mote::cmsdk_apb::reg32(mote::sse200::timer::kTimer1 + mote::cmsdk_apb::timer::kIntStatus) =
      mote::cmsdk_apb::timer::kInt;
}
}  // namespace mote_test

#define MOTE_TEST_PERIODIC_TIMER_HANDLER sse200_timer1_irq
