// A periodic hardware timer interrupt for the firmware tests on the STM32F4: TIM3's update
// interrupt (the time driver owns TIM2 and TIM5).
#pragma once

#include <mote/stm32f4/regs.hpp>

#include <cstdint>

namespace mote_test {
namespace periodic_regs = mote::stm32f4;
inline constexpr unsigned kPeriodicTimerIrq = 29;  // TIM3
inline constexpr std::uintptr_t kPeriodicTimer = 0x40000400;

/// Starts the timer: an interrupt every `period_us` under QEMU, whose TIM model counts at
/// 1 GHz (on silicon, at 84 MHz, the period is 12 times longer: these tests need only "often").
inline void start_periodic_timer(std::uint32_t period_us) noexcept {
  using namespace periodic_regs;
  reg32(rcc::kApb1Enr) = reg32(rcc::kApb1Enr) | (1u << 1);  // TIM3EN
  reg32(kPeriodicTimer + tim::kCr1) = 0;
  reg32(kPeriodicTimer + tim::kArr) = period_us * 1000;
  reg32(kPeriodicTimer + tim::kSr) = 0;
  reg32(kPeriodicTimer + tim::kDier) = tim::kDierUie;
  reg32(kPeriodicTimer + tim::kCr1) = tim::kCr1Cen;
}
inline void stop_periodic_timer() noexcept {
  periodic_regs::reg32(kPeriodicTimer + periodic_regs::tim::kCr1) = 0;
}
/// Clears the interrupt: first thing in the handler.
inline void ack_periodic_timer() noexcept { periodic_regs::reg32(kPeriodicTimer + periodic_regs::tim::kSr) = 0; }
}  // namespace mote_test

#define MOTE_TEST_PERIODIC_TIMER_HANDLER stm32f4_tim3_irq
