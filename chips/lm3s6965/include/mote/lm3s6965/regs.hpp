// mote/lm3s6965/regs.hpp: the LM3S6965 registers mote uses, from the TI Stellaris LM3S6965
// data sheet (addresses, offsets and bit positions are facts of the chip; written here by hand).
#pragma once

#include <cstdint>

#include "mote/cortex_m.hpp"
#include "mote/pl022/regs.hpp"

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

// ---- UART registers by offset, for any of the three UARTs (the serial driver) --------------
namespace uart_regs {
inline constexpr std::uintptr_t kDr = 0x000;    // data (reads carry the error bits 8..11)
inline constexpr std::uintptr_t kRsr = 0x004;   // receive status / error clear
inline constexpr std::uintptr_t kFr = 0x018;    // flags
inline constexpr std::uintptr_t kIbrd = 0x024;  // integer baud divisor
inline constexpr std::uintptr_t kFbrd = 0x028;  // fractional baud divisor (1/64)
inline constexpr std::uintptr_t kLcrh = 0x02C;  // line control
inline constexpr std::uintptr_t kCtl = 0x030;   // control
inline constexpr std::uintptr_t kIfls = 0x034;  // FIFO interrupt levels
inline constexpr std::uintptr_t kIm = 0x038;    // interrupt mask (1 = enabled)
inline constexpr std::uintptr_t kRis = 0x03C;   // raw interrupt status
inline constexpr std::uintptr_t kMis = 0x040;   // masked interrupt status
inline constexpr std::uintptr_t kIcr = 0x044;   // interrupt clear (write 1)

inline constexpr std::uint32_t kDrFe = 1u << 8;   // framing error (this byte)
inline constexpr std::uint32_t kDrPe = 1u << 9;   // parity error (this byte)
inline constexpr std::uint32_t kDrBe = 1u << 10;  // break (this "byte" is a break condition)
inline constexpr std::uint32_t kDrOe = 1u << 11;  // overrun: bytes were lost before this one
inline constexpr std::uint32_t kFrBusy = 1u << 3;
inline constexpr std::uint32_t kFrRxfe = 1u << 4;  // receive FIFO empty
inline constexpr std::uint32_t kFrTxff = 1u << 5;  // transmit FIFO full
inline constexpr std::uint32_t kLcrhPen = 1u << 1;   // parity on
inline constexpr std::uint32_t kLcrhEps = 1u << 2;   // even parity
inline constexpr std::uint32_t kLcrhStp2 = 1u << 3;  // two stop bits
inline constexpr std::uint32_t kLcrhFen = 1u << 4;   // FIFOs on
inline constexpr std::uint32_t kLcrhWlen8 = 3u << 5;
inline constexpr std::uint32_t kCtlUartEn = 1u << 0;
inline constexpr std::uint32_t kCtlTxe = 1u << 8;
inline constexpr std::uint32_t kCtlRxe = 1u << 9;
// IFLS: TX interrupt when the TX FIFO drains to <= 1/2 (8 of 16 bytes), RX interrupt when the RX
// FIFO fills to >= 1/8 (2 bytes; a lone byte raises the receive time-out instead).
inline constexpr std::uint32_t kIflsTxHalf = 2u << 0;
inline constexpr std::uint32_t kIflsRxEighth = 0u << 3;
// Interrupt bits of IM, RIS, MIS and ICR.
inline constexpr std::uint32_t kIntRx = 1u << 4;
inline constexpr std::uint32_t kIntTx = 1u << 5;
inline constexpr std::uint32_t kIntRt = 1u << 6;   // receive time-out
inline constexpr std::uint32_t kIntFe = 1u << 7;
inline constexpr std::uint32_t kIntPe = 1u << 8;
inline constexpr std::uint32_t kIntBe = 1u << 9;
inline constexpr std::uint32_t kIntOe = 1u << 10;
inline constexpr std::uint32_t kIntErrors = kIntFe | kIntPe | kIntBe | kIntOe;
}  // namespace uart_regs

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

// ---- GPIO output, ADC and its trigger timer (gpio.cpp, adc.cpp) ---------------------------
namespace sysctl {
inline constexpr std::uintptr_t kRcgc0 = kBase + 0x100;  // run-mode clock gating: ADC, watchdog
inline constexpr std::uint32_t kRcgc0Adc = 1u << 16;
inline constexpr unsigned kRcgc1TimerShift = 16;  // Timer n: bit 16 + n
}  // namespace sysctl

// GPIO registers by offset from a port's base (ports A-D at 0x40004000 + 0x1000 n, E-G at
// 0x40024000 + 0x1000 (n - 4)). GPIODATA is 256 words: address bits 9..2 mask the pins accessed.
namespace gpio_regs {
inline constexpr std::uintptr_t kData = 0x000;
inline constexpr std::uintptr_t kDir = 0x400;    // 1 = output
inline constexpr std::uintptr_t kAfsel = 0x420;  // 1 = peripheral function
inline constexpr std::uintptr_t kDr2r = 0x500;   // 2 mA drive
inline constexpr std::uintptr_t kDen = 0x51C;    // digital enable
// Edge and level interrupts (gpio.cpp: Input and its wait futures).
inline constexpr std::uintptr_t kIs = 0x404;    // interrupt sense: 1 = level, 0 = edge
inline constexpr std::uintptr_t kIbe = 0x408;   // 1 = both edges (IEV ignored)
inline constexpr std::uintptr_t kIev = 0x40C;   // 1 = rising edge / high level
inline constexpr std::uintptr_t kIm = 0x410;    // interrupt mask (1 = enabled)
inline constexpr std::uintptr_t kRis = 0x414;   // raw interrupt status
inline constexpr std::uintptr_t kMis = 0x418;   // masked interrupt status
inline constexpr std::uintptr_t kIcr = 0x41C;   // interrupt clear (write 1)
inline constexpr std::uintptr_t kPur = 0x510;   // pull-up
inline constexpr std::uintptr_t kPdr = 0x514;   // pull-down
inline constexpr std::uintptr_t kDataAll = 0x3FC;  // GPIODATA with every pin in the mask
}  // namespace gpio_regs

namespace gptm {
inline constexpr std::uint32_t kCtlTaOte = 1u << 5;  // timer A's time-out triggers the ADC
}  // namespace gptm

// ADC: four sample sequencers; sequencer 0's registers from 0x040 (each further one 0x20 on).
namespace adc_regs {
inline constexpr std::uintptr_t kActss = 0x000;    // active sample sequencers
inline constexpr std::uintptr_t kRis = 0x004;      // raw interrupt status
inline constexpr std::uintptr_t kIm = 0x008;       // interrupt mask
inline constexpr std::uintptr_t kIsc = 0x00C;      // interrupt status and clear (write 1)
inline constexpr std::uintptr_t kOstat = 0x010;    // FIFO overflow status (write 1 to clear)
inline constexpr std::uintptr_t kEmux = 0x014;     // trigger source per sequencer, 4 bits each
inline constexpr std::uintptr_t kUstat = 0x018;    // FIFO underflow status (write 1 to clear)
inline constexpr std::uintptr_t kSsmux0 = 0x040;   // input of each step, 4 bits each
inline constexpr std::uintptr_t kSsctl0 = 0x044;   // step control, 4 bits each
inline constexpr std::uintptr_t kSsfifo0 = 0x048;  // result FIFO (8 entries on the chip)
inline constexpr std::uintptr_t kSsfstat0 = 0x04C; // FIFO status

inline constexpr std::uint32_t kSs0 = 1u << 0;          // sequencer 0's bit in ACTSS, IM, ISC...
inline constexpr std::uint32_t kEmuxTimer0 = 0x5u;      // EM0 = timer
inline constexpr std::uint32_t kSsctlEnd0 = 1u << 1;    // step 0 is the last
inline constexpr std::uint32_t kSsctlIe0 = 1u << 2;     // interrupt when step 0 completes
inline constexpr std::uint32_t kSsfstatTailMask = 0xFu;  // TPTR: next entry to read
inline constexpr unsigned kSsfstatHeadShift = 4;         // HPTR: next entry to write
inline constexpr std::uint32_t kSsfstatEmpty = 1u << 8;
inline constexpr std::uint32_t kSsfstatFull = 1u << 12;
inline constexpr std::uint32_t kFifoDataMask = 0x3FFu;  // 10-bit results
}  // namespace adc_regs

/// Interrupt priority bits this chip implements (the top 3 of each priority byte).
inline constexpr unsigned kPriorityBits = 3;

// ---- I2C master (i2c.cpp) ------------------------------------------------------------------
// Offsets from a controller's base (I2C0 at 0x40020000; its slave registers from 0x800 are unused).
namespace i2c_regs {
inline constexpr std::uintptr_t kMsa = 0x000;   // slave address (bits 7..1) and direction (bit 0: 1 = read)
inline constexpr std::uintptr_t kMcs = 0x004;   // control (write) and status (read)
inline constexpr std::uintptr_t kMdr = 0x008;   // data
inline constexpr std::uintptr_t kMtpr = 0x00C;  // timer period: SCL = SysClk / (20 (TPR + 1))
inline constexpr std::uintptr_t kMimr = 0x010;  // interrupt mask
inline constexpr std::uintptr_t kMris = 0x014;  // raw interrupt status
inline constexpr std::uintptr_t kMicr = 0x01C;  // interrupt clear (write 1)
inline constexpr std::uintptr_t kMcr = 0x020;   // configuration
// MCS written: what the next step does.
inline constexpr std::uint32_t kCmdRun = 1u << 0;    // transfer one byte
inline constexpr std::uint32_t kCmdStart = 1u << 1;  // (repeated) START and the address first
inline constexpr std::uint32_t kCmdStop = 1u << 2;   // STOP afterwards (alone: the error stop)
inline constexpr std::uint32_t kCmdAck = 1u << 3;    // acknowledge the byte received
// MCS read: how the last step went.
inline constexpr std::uint32_t kStBusy = 1u << 0;     // the controller is still working
inline constexpr std::uint32_t kStError = 1u << 1;    // the last step failed (see the next three)
inline constexpr std::uint32_t kStAdrAck = 1u << 2;   // the address was not acknowledged
inline constexpr std::uint32_t kStDatAck = 1u << 3;   // the data byte was not acknowledged
inline constexpr std::uint32_t kStArbLst = 1u << 4;   // arbitration lost
inline constexpr std::uint32_t kStBusBsy = 1u << 6;   // some controller holds the bus
inline constexpr std::uint32_t kMcrMfe = 1u << 4;     // master function enable
inline constexpr std::uint32_t kMrisRis = 1u << 0;    // a step finished
}  // namespace i2c_regs
namespace sysctl {
inline constexpr std::uint32_t kRcgc1I2c0 = 1u << 12;
inline constexpr std::uint32_t kRcgc2GpioB = 1u << 1;
}  // namespace sysctl
namespace gpio_regs {
inline constexpr std::uintptr_t kOdr = 0x50C;  // open drain
}  // namespace gpio_regs

// ---- SSI (spi.cpp) ---------------------------------------------------------------------------
// Offsets from the SSI's base (SSI0 at 0x40008000), an ARM PL022.
namespace ssi_regs = ::mote::pl022::regs;  // SSI0 is a PL022 (mote/pl022/regs.hpp)
namespace sysctl {
inline constexpr std::uint32_t kRcgc1Ssi0 = 1u << 4;
}  // namespace sysctl

}  // namespace mote::lm3s6965
