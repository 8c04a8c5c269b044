// mote/nrf51/nrf51.hpp: bring-up of the Nordic nRF51822 (Cortex-M0 at 16 MHz, Armv6-M: no
// compare-and-swap, no SysTick on this chip, 2 priority bits): clock source, console on UART0,
// and the time driver behind mote::Instant.
#pragma once

#include <cstdint>

namespace mote::nrf51 {

/// The core clock (HCLK). Fixed on the nRF51: there is no PLL to program.
inline constexpr std::uint32_t kCoreClockHz = 16'000'000;

/// Frequency of the crystal on the high-frequency oscillator (XTALFREQ).
enum class Crystal : std::uint8_t {
  Mhz16 = 0xFF,  // the micro:bit
  Mhz32 = 0x00,
};

/// Switches the high-frequency clock from the internal RC oscillator to the crystal and waits
/// until it runs, so that UART baud rates and timers are accurate. Call first, once. Not ISR-safe.
void clock_init(Crystal crystal) noexcept;

/// UART0 on pins `tx_pin` and `rx_pin` of port 0 at `baud`, 8N1, no flow control, transmit by
/// polling; afterwards std::printf, panics and the fault handler print there (bytes written
/// earlier are dropped). Call after clock_init(). Not ISR-safe.
void console_init(unsigned tx_pin, unsigned rx_pin, std::uint32_t baud) noexcept;

/// Starts the time driver on TIMER0: a free-running 32-bit counter at MOTE_TICK_HZ (16 MHz /
/// 2^n) gives mote::Instant::now(), extended to 64 bits by compare events at each half of its
/// range; another compare register is the alarm for the earliest deadline. Call after
/// clock_init(). Not ISR-safe.
void time_init() noexcept;

}  // namespace mote::nrf51
