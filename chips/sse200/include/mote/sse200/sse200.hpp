// mote/sse200/sse200.hpp: bring-up of Arm's MPS2 with a TrustZone FPGA image (AN505: Cortex-M33
// on the IoTKit subsystem; the AN521's SSE-200 has the same memory map): console on UART0, the
// time driver behind mote::Instant. The firmware runs in the Secure state, where the M33 starts,
// and reaches every peripheral through its secure alias (0x5xxxxxxx): at reset the security
// controllers (PPCs, MPCs, MSCs) leave everything secure, so nothing needs configuring.
#pragma once

#include <cstdint>

namespace mote::sse200 {

/// The main clock of the MPS2 TrustZone images: 20 MHz, fixed by the FPGA (QEMU's SYSCLK_FRQ).
/// The core, SysTick, the IoTKit's timers and the UART baud divisors all count it.
inline constexpr std::uint32_t kSystemClockHz = 20'000'000;

/// Sets UART0 (QEMU's serial0) to `baud`, 8N1, transmit and receive enabled, no interrupts;
/// afterwards std::printf, panics and the fault handler print there (the console also works
/// before, at 115200). Call once at boot. Not ISR-safe.
void console_init(std::uint32_t baud) noexcept;

/// Starts the time driver: the IoTKit's dual timer (timer 1 the clock, extended to 64 bits by
/// its wrap every 2^32 cycles = 214.7 s; timer 2 the one-shot alarm), line 5. MOTE_TICK_HZ must
/// divide kSystemClockHz. Call once at boot, before anything reads the time. Not ISR-safe.
void time_init() noexcept;

/// Core clock cycles since time_init() (plus one), monotonic, 64 bits. ISR-safe.
std::uint64_t clock_now() noexcept;

}  // namespace mote::sse200
