// A periodic hardware timer interrupt for the firmware tests on the nRF51: TIMER1 (16 bits; the
// time driver owns TIMER0) comparing CC[0] at 1 MHz, cleared by its handler.
#pragma once

#include <mote/nrf51/regs.hpp>

#include <cstdint>

namespace mote_test {
namespace periodic_regs = mote::nrf51;
inline constexpr std::uintptr_t kPeriodicTimer = periodic_regs::timer::kTimer0 + 0x1000;
inline constexpr unsigned kPeriodicTimerIrq = periodic_regs::irq_of(kPeriodicTimer);  // 9

/// Starts the timer: an interrupt every `period_us` (at most 65535).
inline void start_periodic_timer(std::uint32_t period_us) noexcept {
  using namespace periodic_regs;
  reg32(kPeriodicTimer + timer::kTasksStop) = 1;
  reg32(kPeriodicTimer + timer::kMode) = timer::kModeTimer;
  reg32(kPeriodicTimer + timer::kBitmode) = 0;    // 16 bits
  reg32(kPeriodicTimer + timer::kPrescaler) = 4;  // 16 MHz / 2^4 = 1 MHz
  reg32(kPeriodicTimer + timer::cc(0)) = period_us;
  reg32(kPeriodicTimer + timer::events_compare(0)) = 0;
  reg32(kPeriodicTimer + timer::kIntenSet) = timer::inten_compare(0);
  reg32(kPeriodicTimer + timer::kTasksClear) = 1;
  reg32(kPeriodicTimer + timer::kTasksStart) = 1;
}
inline void stop_periodic_timer() noexcept {
  periodic_regs::reg32(kPeriodicTimer + periodic_regs::timer::kTasksStop) = 1;
}
/// Clears the event and restarts the count: first thing in the handler. The read back makes
/// the clear reach the TIMER before the handler returns (else the interrupt comes again).
inline void ack_periodic_timer() noexcept {
  using namespace periodic_regs;
  reg32(kPeriodicTimer + timer::events_compare(0)) = 0;
  reg32(kPeriodicTimer + timer::kTasksClear) = 1;
  (void)reg32(kPeriodicTimer + timer::events_compare(0));
}
}  // namespace mote_test

#define MOTE_TEST_PERIODIC_TIMER_HANDLER nrf51_timer1_irq
