// mote/cortex_m/systick_clock.hpp: a 64-bit cycle counter from the 24-bit SysTick.
//
// SysTick runs free on the core clock from 2^24 - 1 down to 0 and wraps; its interrupt (one
// every 2^24 cycles: 0.34 s at 50 MHz) adds 2^24 to a 64-bit base. Reading combines the base
// with the live counter inside a critical section and looks at the SysTick pending bit, so a
// wrap whose interrupt has not run yet (because the reader masked it) is still counted. This
// is the only periodic interrupt; the alarm for deadlines is a separate one-shot timer.
//
// Rules that keep it exact: no critical section may last a whole period (2^24 cycles), and
// SysTick keeps the highest priority of every handler that reads the clock (0, set by
// systick_clock_start), so that no reader can interrupt its handler half-way.
#pragma once

#include <cstdint>

namespace mote::cortex_m {

/// Cycles between two SysTick wraps (the counter runs from 2^24 - 1 down to 0).
inline constexpr std::uint64_t kSysTickPeriod = std::uint64_t{1} << 24;

/// The latest cycle count a time driver built on this clock may sleep until, from `now`: just
/// past the next wrap. QEMU 7.2 delivers a periodic interrupt that falls while the CPU is halted
/// one period late and merges it with the next, so a sleep across two wraps would lose a whole
/// period; an exact one-shot alarm that wakes the CPU just after each wrap keeps every wrap
/// counted (by then its interrupt is pending). ISR-safe.
constexpr std::uint64_t systick_clock_latest_wake(std::uint64_t now) noexcept {
  constexpr std::uint64_t kMargin = 64;  // cycles past the wrap
  return now - now % kSysTickPeriod + kSysTickPeriod + kMargin;
}

/// Starts the counter at zero. Call once at boot, before anything reads the clock. Not ISR-safe.
void systick_clock_start() noexcept;
/// Core clock cycles since systick_clock_start(). Monotonic. ISR-safe.
std::uint64_t systick_clock_now() noexcept;

}  // namespace mote::cortex_m

extern "C" {
/// The SysTick handler that counts wraps; a chip using this clock puts it in its vector table.
void mote_systick_clock_handler() noexcept;
}
