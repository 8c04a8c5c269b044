// mote/cmsdk/cmsdk.hpp: bring-up of Arm's MPS2 with the AN385 (Cortex-M3) or AN386 (Cortex-M4F)
// FPGA image: console on UART0, the time driver behind mote::Instant, and the user LEDs.
#pragma once

#include <cstdint>

namespace mote::cmsdk {

/// The core clock and the peripheral clock (PCLK) of every MPS2 image: 25 MHz, fixed by the
/// FPGA (nothing to program). SysTick, the timers and the UART baud divisor all count it.
inline constexpr std::uint32_t kSystemClockHz = 25'000'000;

/// Sets UART0 (QEMU's serial0) to `baud`, 8N1, transmit and receive enabled, no interrupts;
/// afterwards std::printf, panics and the fault handler print there. The console also works
/// before this (it enables the UART at 115200 on first use: a CMSDK UART written before TXEN
/// would never send). Call once at boot. Not ISR-safe.
void console_init(std::uint32_t baud) noexcept;

/// Starts the time driver: dual timer 1 runs free as a 32-bit down-counter at 25 MHz (the clock
/// for mote::Instant::now(), extended to 64 bits by its wrap interrupt every 2^32 cycles =
/// 171.8 s), TIMER0 is the alarm for the earliest deadline. MOTE_TICK_HZ must divide
/// kSystemClockHz. Call once at boot, before anything reads the time. Not ISR-safe.
void time_init() noexcept;

/// Core clock cycles since time_init() (plus one), monotonic, 64 bits. ISR-safe.
std::uint64_t clock_now() noexcept;

/// Turns user LED n on where bit n of `mask` is set and off where it is clear (two LEDs on
/// the FPGA I/O block). ISR-safe (one register write).
void leds_write(std::uint32_t mask) noexcept;
/// The LED mask last written. ISR-safe.
std::uint32_t leds_read() noexcept;

}  // namespace mote::cmsdk
