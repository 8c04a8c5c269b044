// mote/nrf51/regs.hpp: the nRF51 registers mote uses, from Nordic's nRF51 Series Reference
// Manual (addresses, offsets, bit positions and interrupt numbers are facts of the chip; written
// here by hand).
//
// nRF51 peripherals share one scheme: writing 1 to a TASKS_ register starts an action, an
// EVENTS_ register reads 1 once something happened and is cleared by writing 0, INTENSET /
// INTENCLR enable or disable an event's interrupt bit by bit. A peripheral's interrupt number is
// its ID: bits 12..16 of its base address.
#pragma once

#include <cstdint>

#include "mote/cortex_m.hpp"

namespace mote::nrf51 {

using cortex_m::reg32;

/// Interrupt number of the peripheral at `base` (its ID).
constexpr unsigned irq_of(std::uintptr_t base) noexcept { return static_cast<unsigned>((base >> 12) & 0x1F); }

// ---- CLOCK (high-frequency clock source) ---------------------------------------------------
namespace clock {
inline constexpr std::uintptr_t kBase = 0x40000000;
inline constexpr std::uintptr_t kTasksHfclkStart = kBase + 0x000;  // start the crystal oscillator
inline constexpr std::uintptr_t kEventsHfclkStarted = kBase + 0x100;
inline constexpr std::uintptr_t kXtalFreq = kBase + 0x550;  // crystal frequency
inline constexpr std::uint32_t kXtalFreq16Mhz = 0xFF;
inline constexpr std::uint32_t kXtalFreq32Mhz = 0x00;
}  // namespace clock

// ---- GPIO (port 0, pins 0..31) ------------------------------------------------------------
namespace gpio {
inline constexpr std::uintptr_t kBase = 0x50000000;
inline constexpr std::uintptr_t kOutSet = kBase + 0x508;  // drive pins high (write 1s)
inline constexpr std::uintptr_t kDirSet = kBase + 0x518;  // make pins outputs (write 1s)
}  // namespace gpio

// ---- UART0 --------------------------------------------------------------------------------
namespace uart {
inline constexpr std::uintptr_t kBase = 0x40002000;
inline constexpr std::uintptr_t kTasksStartTx = kBase + 0x008;
inline constexpr std::uintptr_t kEventsTxdRdy = kBase + 0x11C;  // the byte in TXD has been sent
inline constexpr std::uintptr_t kEnable = kBase + 0x500;
inline constexpr std::uintptr_t kPselTxd = kBase + 0x50C;  // pin number of TXD
inline constexpr std::uintptr_t kPselRxd = kBase + 0x514;  // pin number of RXD
inline constexpr std::uintptr_t kTxd = kBase + 0x51C;
inline constexpr std::uintptr_t kBaudrate = kBase + 0x524;
inline constexpr std::uintptr_t kConfig = kBase + 0x56C;  // 0: no flow control, no parity
inline constexpr std::uint32_t kEnableUart = 4;
inline constexpr unsigned kIrq = irq_of(kBase);  // 2
// Receive, errors and interrupts (the serial driver, chips/nrf51/src/uart.cpp).
inline constexpr std::uintptr_t kTasksStartRx = kBase + 0x000;
inline constexpr std::uintptr_t kEventsRxdRdy = kBase + 0x108;  // a byte was moved into RXD
inline constexpr std::uintptr_t kEventsError = kBase + 0x124;   // see ERRORSRC
inline constexpr std::uintptr_t kIntenSet = kBase + 0x304;
inline constexpr std::uintptr_t kIntenClr = kBase + 0x308;
inline constexpr std::uintptr_t kErrorSrc = kBase + 0x480;  // write 1s to clear
inline constexpr std::uintptr_t kRxd = kBase + 0x518;       // reading it lets the next byte in
inline constexpr std::uint32_t kIntenRxdRdy = 1u << 2;
inline constexpr std::uint32_t kIntenTxdRdy = 1u << 7;
inline constexpr std::uint32_t kIntenError = 1u << 9;
inline constexpr std::uint32_t kIntenRxTo = 1u << 17;
inline constexpr std::uint32_t kErrorSrcOverrun = 1u << 0;
inline constexpr std::uint32_t kErrorSrcParity = 1u << 1;
inline constexpr std::uint32_t kErrorSrcFraming = 1u << 2;
inline constexpr std::uint32_t kErrorSrcBreak = 1u << 3;
inline constexpr std::uint32_t kConfigParityEven = 0x7u << 1;  // the only parity the UART has
}  // namespace uart

// ---- TIMER0..2 (counters at 16 MHz / 2^PRESCALER, four capture/compare registers each) ------
namespace timer {
inline constexpr std::uintptr_t kTimer0 = 0x40008000;  // TIMER1, TIMER2 follow every 0x1000
inline constexpr std::uintptr_t kTasksStart = 0x000;
inline constexpr std::uintptr_t kTasksStop = 0x004;
inline constexpr std::uintptr_t kTasksClear = 0x00C;
/// TASKS_CAPTURE[n]: copies the counter into CC[n].
constexpr std::uintptr_t tasks_capture(unsigned n) noexcept { return 0x040 + 4 * n; }
/// EVENTS_COMPARE[n]: the counter became equal to CC[n].
constexpr std::uintptr_t events_compare(unsigned n) noexcept { return 0x140 + 4 * n; }
inline constexpr std::uintptr_t kIntenSet = 0x304;
inline constexpr std::uintptr_t kIntenClr = 0x308;
inline constexpr std::uintptr_t kMode = 0x504;       // 0: timer (counts the prescaled clock)
inline constexpr std::uintptr_t kBitmode = 0x508;    // counter width
inline constexpr std::uintptr_t kPrescaler = 0x510;  // f = 16 MHz / 2^PRESCALER, 0..9
constexpr std::uintptr_t cc(unsigned n) noexcept { return 0x540 + 4 * n; }
/// INTENSET/INTENCLR bit of EVENTS_COMPARE[n].
constexpr std::uint32_t inten_compare(unsigned n) noexcept { return 1u << (16 + n); }

inline constexpr std::uint32_t kModeTimer = 0;
inline constexpr std::uint32_t kBitmode16 = 0;  // the widest TIMER1 and TIMER2 have
inline constexpr std::uint32_t kBitmode32 = 3;  // TIMER0 only: TIMER1 and TIMER2 have 16 bits
inline constexpr std::uint32_t kClockHz = 16'000'000;
inline constexpr unsigned kMaxPrescaler = 9;
inline constexpr unsigned kTimer0Irq = irq_of(kTimer0);  // 8
}  // namespace timer

// ---- RNG (random bytes from thermal noise, one per VALRDY event) ----------------------------
namespace rng {
inline constexpr std::uintptr_t kBase = 0x4000D000;
inline constexpr std::uintptr_t kTasksStart = kBase + 0x000;
inline constexpr std::uintptr_t kTasksStop = kBase + 0x004;
inline constexpr std::uintptr_t kEventsValRdy = kBase + 0x100;  // a new byte is in VALUE
inline constexpr std::uintptr_t kIntenSet = kBase + 0x304;
inline constexpr std::uintptr_t kIntenClr = kBase + 0x308;
inline constexpr std::uintptr_t kConfig = kBase + 0x504;  // bit 0 DERCEN: bias correction
inline constexpr std::uintptr_t kValue = kBase + 0x508;
inline constexpr std::uint32_t kIntenValRdy = 1u << 0;
inline constexpr std::uint32_t kConfigDercen = 1u << 0;
inline constexpr unsigned kIrq = irq_of(kBase);  // 13
}  // namespace rng

// ---- NVMC (non-volatile memory controller: programs and erases the code flash) ------------
namespace nvmc {
inline constexpr std::uintptr_t kBase = 0x4001E000;
inline constexpr std::uintptr_t kReady = kBase + 0x400;      // bit 0: no write or erase running
inline constexpr std::uintptr_t kConfig = kBase + 0x504;     // what stores into flash do
inline constexpr std::uintptr_t kErasePage = kBase + 0x508;  // write a page's address: erases it
inline constexpr std::uint32_t kReadyReady = 1u << 0;
inline constexpr std::uint32_t kConfigReadOnly = 0;
inline constexpr std::uint32_t kConfigWriteEnable = 1;  // WEN: a word store programs the word
inline constexpr std::uint32_t kConfigEraseEnable = 2;  // EEN: ERASEPAGE/ERASEALL work
inline constexpr std::uint32_t kPageBytes = 1024;       // nRF51 (FICR.CODEPAGESIZE)
}  // namespace nvmc

/// Interrupt priority bits a Cortex-M0 implements (the top 2 of each priority byte): 0..3.
inline constexpr unsigned kPriorityBits = 2;

}  // namespace mote::nrf51
