// A periodic hardware timer interrupt for the firmware tests on the MPS2 CMSDK images: the APB
// TIMER1 (the time driver owns the dual timer), a down-counter that reloads at zero.
#pragma once

#include <mote/cmsdk/regs.hpp>

#include <cstdint>

namespace mote_test {
namespace periodic_regs = mote::cmsdk;
inline constexpr unsigned kPeriodicTimerIrq = periodic_regs::timer::kTimer1Irq;

/// Starts the timer: an interrupt every `period_us` (TIMER1 counts the 25 MHz PCLK).
inline void start_periodic_timer(std::uint32_t period_us) noexcept {
  using namespace periodic_regs;
  reg32(timer::kTimer1 + timer::kCtrl) = 0;
  reg32(timer::kTimer1 + timer::kReload) = period_us * 25;
  reg32(timer::kTimer1 + timer::kIntStatus) = timer::kInt;
  reg32(timer::kTimer1 + timer::kCtrl) = timer::kCtrlEnable | timer::kCtrlIrqEnable;
}
inline void stop_periodic_timer() noexcept {
  periodic_regs::reg32(periodic_regs::timer::kTimer1 + periodic_regs::timer::kCtrl) = 0;
}
/// Clears the interrupt: first thing in the handler.
inline void ack_periodic_timer() noexcept {
  periodic_regs::reg32(periodic_regs::timer::kTimer1 + periodic_regs::timer::kIntStatus) = periodic_regs::timer::kInt;
}
}  // namespace mote_test

#define MOTE_TEST_PERIODIC_TIMER_HANDLER cmsdk_timer1_irq
