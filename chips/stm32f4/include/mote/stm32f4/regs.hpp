// mote/stm32f4/regs.hpp: the STM32F405/407 registers mote uses, from ST's reference manual
// RM0090 (addresses, offsets and bit positions are facts of the chip; written here by hand).
#pragma once

#include <cstdint>

#include "mote/cortex_m.hpp"

namespace mote::stm32f4 {

using cortex_m::reg32;

// ---- Reset and clock control --------------------------------------------------------------
namespace rcc {
inline constexpr std::uintptr_t kBase = 0x40023800;
inline constexpr std::uintptr_t kCr = kBase + 0x00;       // clock control
inline constexpr std::uintptr_t kPllCfgr = kBase + 0x04;  // main PLL configuration
inline constexpr std::uintptr_t kCfgr = kBase + 0x08;     // clock configuration (sources, bus prescalers)
inline constexpr std::uintptr_t kAhb1Enr = kBase + 0x30;  // AHB1 clock enable: GPIO ports
inline constexpr std::uintptr_t kApb1Enr = kBase + 0x40;  // APB1 clock enable: TIM2-7, USART2-5
inline constexpr std::uintptr_t kApb2Enr = kBase + 0x44;  // APB2 clock enable: USART1/6, SYSCFG

inline constexpr std::uint32_t kCrHseOn = 1u << 16;
inline constexpr std::uint32_t kCrHseRdy = 1u << 17;
inline constexpr std::uint32_t kCrPllOn = 1u << 24;
inline constexpr std::uint32_t kCrPllRdy = 1u << 25;

// PLLCFGR: VCO input = source / M (2..63), VCO = input x N (50..432), SYSCLK = VCO / P, 48 MHz
// domain = VCO / Q.
inline constexpr unsigned kPllM = 0;             // 6 bits
inline constexpr unsigned kPllN = 6;             // 9 bits
inline constexpr unsigned kPllP = 16;            // 2 bits: 0 = /2, 1 = /4, 2 = /6, 3 = /8
inline constexpr std::uint32_t kPllSrcHse = 1u << 22;
inline constexpr unsigned kPllQ = 24;            // 4 bits

inline constexpr std::uint32_t kCfgrSwMask = 3u << 0;   // system clock switch
inline constexpr std::uint32_t kCfgrSwPll = 2u << 0;
inline constexpr std::uint32_t kCfgrSwsMask = 3u << 2;  // system clock switch status
inline constexpr std::uint32_t kCfgrSwsPll = 2u << 2;
inline constexpr std::uint32_t kCfgrHpreMask = 0xFu << 4;   // AHB prescaler (0: /1)
inline constexpr std::uint32_t kCfgrPpre1Mask = 7u << 10;   // APB1 prescaler
inline constexpr std::uint32_t kCfgrPpre1Div4 = 5u << 10;
inline constexpr std::uint32_t kCfgrPpre2Mask = 7u << 13;   // APB2 prescaler
inline constexpr std::uint32_t kCfgrPpre2Div2 = 4u << 13;

inline constexpr std::uint32_t kAhb1EnrGpioA = 1u << 0;
inline constexpr std::uint32_t kApb1EnrTim2 = 1u << 0;
inline constexpr std::uint32_t kApb1EnrTim5 = 1u << 3;
inline constexpr std::uint32_t kApb2EnrUsart1 = 1u << 4;
}  // namespace rcc

// ---- Flash interface (wait states) ----------------------------------------------------------
namespace flash {
inline constexpr std::uintptr_t kAcr = 0x40023C00;  // access control
inline constexpr std::uint32_t kAcrLatencyMask = 7u << 0;
inline constexpr std::uint32_t kAcrPrften = 1u << 8;  // prefetch
inline constexpr std::uint32_t kAcrIcen = 1u << 9;    // instruction cache
inline constexpr std::uint32_t kAcrDcen = 1u << 10;   // data cache
}  // namespace flash

// ---- GPIO port A (USART1 pins: PA9 = TX, PA10 = RX, alternate function 7) --------------------
namespace gpio_a {
inline constexpr std::uintptr_t kBase = 0x40020000;
inline constexpr std::uintptr_t kModer = kBase + 0x00;  // 2 bits per pin: 2 = alternate function
inline constexpr std::uintptr_t kAfrh = kBase + 0x24;   // 4 bits per pin 8..15: function number
}  // namespace gpio_a

// ---- USART (USART1 at 0x40011000 is QEMU's serial0) -----------------------------------------
namespace usart {
inline constexpr std::uintptr_t kUsart1 = 0x40011000;
inline constexpr std::uintptr_t kSr = 0x00;   // status
inline constexpr std::uintptr_t kDr = 0x04;   // data
inline constexpr std::uintptr_t kBrr = 0x08;  // baud rate: clock / baud with 16x oversampling
inline constexpr std::uintptr_t kCr1 = 0x0C;  // control 1
inline constexpr std::uintptr_t kCr2 = 0x10;  // control 2 (stop bits)

// PE, FE, NF and ORE describe the character in DR; reading SR then DR clears them.
inline constexpr std::uint32_t kSrPe = 1u << 0;    // parity error
inline constexpr std::uint32_t kSrFe = 1u << 1;    // framing error (a break: FE with data 0)
inline constexpr std::uint32_t kSrNf = 1u << 2;    // noise on the line (the byte is still good)
inline constexpr std::uint32_t kSrOre = 1u << 3;   // overrun: a character was lost after the one in DR
inline constexpr std::uint32_t kSrRxne = 1u << 5;  // a received character waits in DR
inline constexpr std::uint32_t kSrTc = 1u << 6;    // transmission complete (shift register empty)
inline constexpr std::uint32_t kSrTxe = 1u << 7;   // data register empty
inline constexpr std::uint32_t kCr1Re = 1u << 2;   // receiver on
inline constexpr std::uint32_t kCr1Te = 1u << 3;   // transmitter on
inline constexpr std::uint32_t kCr1Rxneie = 1u << 5;  // interrupt on RXNE or ORE
inline constexpr std::uint32_t kCr1Txeie = 1u << 7;   // interrupt on TXE
inline constexpr std::uint32_t kCr1Ps = 1u << 9;      // odd parity
inline constexpr std::uint32_t kCr1Pce = 1u << 10;    // parity on (it takes the word's top bit)
inline constexpr std::uint32_t kCr1M = 1u << 12;      // 9-bit words (8 data bits + parity)
inline constexpr std::uint32_t kCr1Ue = 1u << 13;  // USART enabled
inline constexpr std::uint32_t kCr2Stop2 = 2u << 12;  // two stop bits (STOP = 0b10)
inline constexpr unsigned kUsart1Irq = 37;
}  // namespace usart

// ---- General-purpose timers TIM2 and TIM5 (32-bit counters) ---------------------------------
namespace tim {
inline constexpr std::uintptr_t kTim2 = 0x40000000;
inline constexpr std::uintptr_t kTim5 = 0x40000C00;
inline constexpr std::uintptr_t kCr1 = 0x00;   // control 1
inline constexpr std::uintptr_t kDier = 0x0C;  // DMA/interrupt enable
inline constexpr std::uintptr_t kSr = 0x10;    // status (flags cleared by writing 0)
inline constexpr std::uintptr_t kEgr = 0x14;   // event generation
inline constexpr std::uintptr_t kCnt = 0x24;   // counter
inline constexpr std::uintptr_t kPsc = 0x28;   // prescaler: counts at clock / (PSC + 1)
inline constexpr std::uintptr_t kArr = 0x2C;   // auto-reload: the update event follows CNT == ARR

inline constexpr std::uint32_t kCr1Cen = 1u << 0;  // counter enabled
inline constexpr std::uint32_t kCr1Opm = 1u << 3;  // one-pulse: the update event clears CEN
inline constexpr std::uint32_t kDierUie = 1u << 0;  // update interrupt
inline constexpr std::uint32_t kSrUif = 1u << 0;    // update interrupt flag
inline constexpr std::uint32_t kEgrUg = 1u << 0;    // update: reload PSC, clear CNT
inline constexpr unsigned kTim2Irq = 28;
inline constexpr unsigned kTim5Irq = 50;
}  // namespace tim

/// Interrupt priority bits this chip implements (the top 4 of each priority byte).
inline constexpr unsigned kPriorityBits = 4;

}  // namespace mote::stm32f4
