// mote/stm32f4/stm32f4.hpp: bring-up of the ST STM32F405/407 (Cortex-M4F, 1 MiB flash, 128 KiB
// SRAM + 64 KiB CCM): system clock, console on USART1, and the time driver behind mote::Instant.
//
// The same code runs on silicon and under QEMU 7.2's netduinoplus2 machine, whose STM32F405
// model has no clock controller (RCC reads 0) and clocks its timers at a fixed 1 GHz. The few
// places where the two must differ ask rcc_present(); see docs/boards/netduinoplus2.md.
#pragma once

#include <cstdint>

namespace mote::stm32f4 {

/// The core clock after clock_init(): the chip's maximum (and QEMU's fixed SYSCLK).
inline constexpr std::uint32_t kSystemClockHz = 168'000'000;
/// TIM2-TIM5's clock on silicon after clock_init(): APB1 runs at 168 / 4 = 42 MHz, and with an
/// APB prescaler other than 1 its timers get twice that.
inline constexpr std::uint32_t kTimerClockHz = 84'000'000;
/// TIM2-TIM5's clock under QEMU 7.2: its STM32F2xx timer model has a "clock-frequency" property
/// that the STM32F405 SoC leaves at the default, 1 GHz of virtual time.
inline constexpr std::uint32_t kQemuTimerClockHz = 1'000'000'000;

/// Whether the chip's clock controller is there. On silicon RCC_CR is never 0 (the clock the
/// core runs on is on and ready); QEMU 7.2 leaves the RCC unimplemented, so it reads 0. Then
/// clocks are fixed and nothing may wait for a clock-ready bit. ISR-safe.
bool rcc_present() noexcept;

/// Runs the core at kSystemClockHz from the PLL fed by a crystal of `hse_hz` (a whole number
/// of MHz, 4..26), with AHB at 168 MHz, APB1 at 42 MHz (its timers at 84 MHz) and APB2 at
/// 84 MHz. Without an RCC (QEMU) it does nothing. Call first, once. Not ISR-safe.
void clock_init(std::uint32_t hse_hz) noexcept;

/// The clock TIM2-TIM5 count with prescaler 0: kTimerClockHz on silicon (after clock_init()),
/// kQemuTimerClockHz under QEMU. ISR-safe.
std::uint32_t timer_clock_hz() noexcept;

/// Sets USART1 (PA9 = TX, PA10 = RX) to `baud`, 8N1, transmit by polling; afterwards
/// std::printf, panics and the fault handler print there. Call after clock_init(). Not ISR-safe.
void console_init(std::uint32_t baud) noexcept;

/// Starts the time driver: TIM2 counts ticks freely for mote::Instant::now(), TIM5 is the
/// one-shot alarm for the earliest deadline (see time_driver.cpp). MOTE_TICK_HZ must divide
/// 4 MHz (it must divide both 84 MHz and 1 GHz). Call after clock_init(). Not ISR-safe.
void time_init() noexcept;

}  // namespace mote::stm32f4
