// Software interrupts for the firmware tests on the LM3S6965: the three PWM generator interrupts,
// which no board here uses (the PWM stays unclocked, so only software ever pends them).
#pragma once

namespace mote_test {
inline constexpr unsigned kSoftIrqA = 10;  // PWM generator 0
inline constexpr unsigned kSoftIrqB = 11;  // PWM generator 1
inline constexpr unsigned kSoftIrqC = 12;  // PWM generator 2
}  // namespace mote_test

#define MOTE_TEST_SOFT_IRQ_A_HANDLER lm3s6965_pwm0_irq
#define MOTE_TEST_SOFT_IRQ_B_HANDLER lm3s6965_pwm1_irq
#define MOTE_TEST_SOFT_IRQ_C_HANDLER lm3s6965_pwm2_irq
