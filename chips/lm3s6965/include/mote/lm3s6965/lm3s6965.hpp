// mote/lm3s6965/lm3s6965.hpp: bring-up of the TI Stellaris LM3S6965 (Cortex-M3, 256 KiB flash,
// 64 KiB SRAM): system clock, console on UART0, and the time driver behind mote::Instant.
#pragma once

#include <cstdint>

namespace mote::lm3s6965 {

/// The system (core) clock after clock_init(): the 200 MHz PLL divided by 4, the chip's maximum.
inline constexpr std::uint32_t kSystemClockHz = 50'000'000;

/// Frequency of the crystal on the main oscillator, as the RCC XTAL field encodes it.
enum class Crystal : std::uint8_t {
  Mhz6 = 0xB,
  Mhz8 = 0xE,  // the LM3S6965 evaluation board
  Mhz8_192 = 0xF,
};

/// Runs the core at kSystemClockHz from the PLL, fed by the main oscillator with `crystal`.
/// Call first, once, before the console and the time driver. Not ISR-safe.
void clock_init(Crystal crystal) noexcept;

/// Sets UART0 (pins PA0/PA1) to `baud`, 8N1, FIFOs on, transmit by polling; afterwards
/// std::printf, panics and the fault handler print there. Call after clock_init(). Not ISR-safe.
void console_init(std::uint32_t baud) noexcept;

/// Starts the time driver: SysTick counts core cycles for mote::Instant::now() (extended to 64
/// bits by its wrap interrupt), Timer0A (one-shot, 32-bit) is the alarm for the earliest
/// deadline. MOTE_TICK_HZ must divide kSystemClockHz. Call after clock_init(). Not ISR-safe.
void time_init() noexcept;

}  // namespace mote::lm3s6965
