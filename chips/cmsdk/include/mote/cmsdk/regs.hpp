// mote/cmsdk/regs.hpp: the registers mote uses on Arm's MPS2 boards with the AN385 (Cortex-M3)
// and AN386 (Cortex-M4F) FPGA images, whose peripherals come from the Cortex-M System Design
// Kit (CMSDK). Register layouts are from the CMSDK Technical Reference Manual; addresses and
// interrupt numbers from the application notes, as QEMU's mps2-an385/mps2-an386 machines wire
// them (hw/arm/mps2.c). Written here by hand.
#pragma once

#include <cstdint>

#include "mote/cmsdk_apb/regs.hpp"
#include "mote/cortex_m.hpp"

namespace mote::cmsdk {

using cortex_m::reg32;

// ---- APB UART (five of them; UART0 is the console); layout in mote/cmsdk_apb/regs.hpp -------
namespace uart {
using namespace ::mote::cmsdk_apb::uart;  // the register layout (kData, kState, ...)
inline constexpr std::uintptr_t kUart0 = 0x40004000;  // UART1..3 follow every 0x1000
inline constexpr std::uintptr_t kUart4 = 0x40009000;
inline constexpr unsigned kUart0RxIrq = 0;  // UARTn: RX = 2n, TX = 2n + 1 (n = 0..2)
inline constexpr unsigned kUart0TxIrq = 1;
inline constexpr unsigned kOverflowIrq = 12;  // UART0..2 overruns, ORed
}  // namespace uart

// ---- APB timer (TIMER0, TIMER1); layout in mote/cmsdk_apb/regs.hpp ---------------------------
namespace timer {
using namespace ::mote::cmsdk_apb::timer;  // the register layout (kCtrl, kReload, ...)
inline constexpr std::uintptr_t kTimer0 = 0x40000000;
inline constexpr std::uintptr_t kTimer1 = 0x40001000;
inline constexpr unsigned kTimer0Irq = 8;
inline constexpr unsigned kTimer1Irq = 9;
}  // namespace timer

// ---- APB dual timer (mote/cmsdk_apb/dualtimer_time.hpp): the time driver ----------------------
// Both timers share one interrupt line on the MPS2 images (the combined TIMINTC).
namespace dualtimer {
inline constexpr std::uintptr_t kBase = 0x40002000;
inline constexpr unsigned kIrq = 10;
}  // namespace dualtimer

// ---- FPGA system control and I/O (user LEDs) ------------------------------------------------
namespace fpgaio {
inline constexpr std::uintptr_t kBase = 0x40028000;
inline constexpr std::uintptr_t kLed0 = kBase + 0x000;  // bit n drives user LED n
inline constexpr unsigned kLedCount = 2;                 // what QEMU models
}  // namespace fpgaio

// ---- SBCon two-wire serial bus interface (four of them): I2C by bit-banging -----------------
// No shift register, no interrupt: software drives SCL and SDA (open drain) and reads SDA back.
// Reading CONTROL gives SCL as driven (bit 0) and SDA as the bus has it (bit 1: low while any
// device, or this side, pulls it low). Writing CONTROLS releases (sets) the lines whose bits are
// 1, writing CONTROLC pulls them low. Bases: the Sbcon tokens (peripherals.hpp).
namespace sbcon {
inline constexpr std::uintptr_t kControl = 0x000;   // read: the lines; write: release (CONTROLS)
inline constexpr std::uintptr_t kControlClear = 0x004;  // write: pull low (CONTROLC)
inline constexpr std::uint32_t kScl = 1u << 0;
inline constexpr std::uint32_t kSda = 1u << 1;
}  // namespace sbcon

/// Interrupt priority bits the MPS2 Cortex-M3/M4 images implement (the top 3 of each byte).
/// QEMU implements all 8; using only the top 3 is right on both.
inline constexpr unsigned kPriorityBits = 3;

}  // namespace mote::cmsdk
