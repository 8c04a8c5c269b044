// A periodic hardware timer interrupt for the firmware tests on the LM3S6965: GPTM Timer1A in
// 32-bit periodic mode (the time driver owns Timer0A; the ADC driver takes timers on request).
#pragma once

#include <mote/lm3s6965/regs.hpp>

#include <cstdint>

namespace mote_test {
namespace periodic_regs = mote::lm3s6965;
inline constexpr unsigned kPeriodicTimerIrq = 21;  // Timer1A
inline constexpr std::uintptr_t kPeriodicTimer = periodic_regs::gptm::kTimer0 + 0x1000;

/// Starts the timer: an interrupt every `period_us` (the GPTM counts the 50 MHz system clock).
inline void start_periodic_timer(std::uint32_t period_us) noexcept {
  using namespace periodic_regs;
  reg32(sysctl::kRcgc1) = reg32(sysctl::kRcgc1) | (1u << (sysctl::kRcgc1TimerShift + 1));
  reg32(kPeriodicTimer + gptm::kCtl) = 0;
  reg32(kPeriodicTimer + gptm::kCfg) = gptm::kCfg32Bit;
  reg32(kPeriodicTimer + gptm::kTamr) = gptm::kTamrPeriodic;
  reg32(kPeriodicTimer + gptm::kTailr) = period_us * 50;
  reg32(kPeriodicTimer + gptm::kIcr) = gptm::kTaTimeout;
  reg32(kPeriodicTimer + gptm::kImr) = gptm::kTaTimeout;
  reg32(kPeriodicTimer + gptm::kCtl) = gptm::kCtlTaEn;
}
inline void stop_periodic_timer() noexcept {
  periodic_regs::reg32(kPeriodicTimer + periodic_regs::gptm::kCtl) = 0;
}
/// Clears the interrupt: first thing in the handler.
inline void ack_periodic_timer() noexcept {
  periodic_regs::reg32(kPeriodicTimer + periodic_regs::gptm::kIcr) = periodic_regs::gptm::kTaTimeout;
}
}  // namespace mote_test

#define MOTE_TEST_PERIODIC_TIMER_HANDLER lm3s6965_timer1a_irq
