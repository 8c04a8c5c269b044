// mote/lm3s6965/regs.hpp: the LM3S6965 registers mote uses, from the TI Stellaris LM3S6965
// data sheet (addresses, offsets and bit positions are facts of the chip; written here by hand).
#pragma once

#include <cstdint>

#include "mote/cortex_m.hpp"

namespace mote::lm3s6965 {

using cortex_m::reg32;

// ---- System control (clocks, clock gating) -------------------------------------------------
namespace sysctl {
inline constexpr std::uintptr_t kBase = 0x400FE000;
inline constexpr std::uintptr_t kRis = kBase + 0x050;   // raw interrupt status
inline constexpr std::uintptr_t kMisc = kBase + 0x058;  // masked status and clear (write 1)
inline constexpr std::uintptr_t kRcc = kBase + 0x060;   // run-mode clock configuration
inline constexpr std::uintptr_t kRcc2 = kBase + 0x070;
inline constexpr std::uintptr_t kRcgc1 = kBase + 0x104;  // run-mode clock gating: UARTs, timers
inline constexpr std::uintptr_t kRcgc2 = kBase + 0x108;  // run-mode clock gating: GPIO ports

inline constexpr std::uint32_t kRisPllLock = 1u << 6;

inline constexpr std::uint32_t kRccMoscDis = 1u << 0;  // main oscillator disabled
inline constexpr std::uint32_t kRccOscSrcMask = 3u << 4;  // 0: main oscillator
inline constexpr unsigned kRccXtalShift = 6;              // crystal frequency, 4 bits
inline constexpr std::uint32_t kRccXtalMask = 0xFu << kRccXtalShift;
inline constexpr std::uint32_t kRccBypass = 1u << 11;  // system clock from the oscillator, not the PLL
inline constexpr std::uint32_t kRccPwrDn = 1u << 13;   // PLL powered down
inline constexpr std::uint32_t kRccUseSysDiv = 1u << 22;
inline constexpr unsigned kRccSysDivShift = 23;  // divisor - 1 of the 200 MHz PLL output, 4 bits
inline constexpr std::uint32_t kRccSysDivMask = 0xFu << kRccSysDivShift;
inline constexpr std::uint32_t kRcc2UseRcc2 = 1u << 31;

inline constexpr std::uint32_t kRcgc1Uart0 = 1u << 0;
inline constexpr std::uint32_t kRcgc1Timer0 = 1u << 16;
inline constexpr std::uint32_t kRcgc2GpioA = 1u << 0;
}  // namespace sysctl

// ---- GPIO port A (UART0 pins: PA0 = U0Rx, PA1 = U0Tx) --------------------------------------
namespace gpio_a {
inline constexpr std::uintptr_t kBase = 0x40004000;
inline constexpr std::uintptr_t kAfsel = kBase + 0x420;  // alternate (peripheral) function select
inline constexpr std::uintptr_t kDen = kBase + 0x51C;    // digital enable
}  // namespace gpio_a

// ---- UART0 (a PL011 with TI's register subset) ---------------------------------------------
namespace uart0 {
inline constexpr std::uintptr_t kBase = 0x4000C000;
inline constexpr std::uintptr_t kDr = kBase + 0x000;    // data
inline constexpr std::uintptr_t kFr = kBase + 0x018;    // flags
inline constexpr std::uintptr_t kIbrd = kBase + 0x024;  // integer baud divisor
inline constexpr std::uintptr_t kFbrd = kBase + 0x028;  // fractional baud divisor (1/64)
inline constexpr std::uintptr_t kLcrh = kBase + 0x02C;  // line control
inline constexpr std::uintptr_t kCtl = kBase + 0x030;   // control

inline constexpr std::uint32_t kFrBusy = 1u << 3;  // still shifting out
inline constexpr std::uint32_t kFrTxff = 1u << 5;  // transmit FIFO full
inline constexpr std::uint32_t kLcrhFen = 1u << 4;       // FIFOs on
inline constexpr std::uint32_t kLcrhWlen8 = 3u << 5;     // 8 data bits
inline constexpr std::uint32_t kCtlUartEn = 1u << 0;
inline constexpr std::uint32_t kCtlTxe = 1u << 8;
inline constexpr std::uint32_t kCtlRxe = 1u << 9;
inline constexpr unsigned kIrq = 5;
}  // namespace uart0

// ---- General-purpose timers (GPTM) --------------------------------------------------------
namespace gptm {
inline constexpr std::uintptr_t kTimer0 = 0x40030000;  // Timer1..3 follow every 0x1000
inline constexpr std::uintptr_t kCfg = 0x000;    // 0: one 32-bit timer
inline constexpr std::uintptr_t kTamr = 0x004;   // timer A mode
inline constexpr std::uintptr_t kCtl = 0x00C;    // control
inline constexpr std::uintptr_t kImr = 0x018;    // interrupt mask
inline constexpr std::uintptr_t kRis = 0x01C;    // raw interrupt status
inline constexpr std::uintptr_t kIcr = 0x024;    // interrupt clear (write 1)
inline constexpr std::uintptr_t kTailr = 0x028;  // timer A interval load (32 bits in 32-bit mode)

inline constexpr std::uint32_t kCfg32Bit = 0x0;
inline constexpr std::uint32_t kTamrOneShot = 0x1;
inline constexpr std::uint32_t kTamrPeriodic = 0x2;
inline constexpr std::uint32_t kCtlTaEn = 1u << 0;
inline constexpr std::uint32_t kCtlTaStall = 1u << 1;  // freeze while a debugger halts the core
inline constexpr std::uint32_t kTaTimeout = 1u << 0;   // TATOIM / TATORIS / TATOCINT
inline constexpr unsigned kTimer0aIrq = 19;
}  // namespace gptm

/// Interrupt priority bits this chip implements (the top 3 of each priority byte).
inline constexpr unsigned kPriorityBits = 3;

}  // namespace mote::lm3s6965
