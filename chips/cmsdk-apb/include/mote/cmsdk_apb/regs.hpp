// mote/cmsdk_apb/regs.hpp: register layouts of the Cortex-M System Design Kit's APB UART, APB
// timer and APB dual timer (CMSDK Technical Reference Manual), for every chip that carries them: the MPS2
// AN385/AN386 images (chips/cmsdk) and the MPS2 TrustZone images' IoTKit/SSE-200 (chips/sse200).
// Offsets and bits only: the chips give the addresses, interrupt numbers and clocks. Written
// here by hand.
#pragma once

#include <cstdint>

#include "mote/cortex_m.hpp"

namespace mote::cmsdk_apb {

using cortex_m::reg32;

// ---- APB UART ---------------------------------------------------------------------------------
namespace uart {
inline constexpr std::uintptr_t kData = 0x000;     // write: transmit, read: receive
inline constexpr std::uintptr_t kState = 0x004;    // buffer full flags, overrun (write 1 to clear)
inline constexpr std::uintptr_t kCtrl = 0x008;     // enables
inline constexpr std::uintptr_t kIntStatus = 0x00C;  // read: status, write 1: clear
inline constexpr std::uintptr_t kBaudDiv = 0x010;  // PCLK / baud, at least 16

inline constexpr std::uint32_t kStateTxFull = 1u << 0;
inline constexpr std::uint32_t kStateRxFull = 1u << 1;
inline constexpr std::uint32_t kCtrlTxEn = 1u << 0;
inline constexpr std::uint32_t kCtrlRxEn = 1u << 1;
inline constexpr std::uint32_t kCtrlTxIntEn = 1u << 2;
inline constexpr std::uint32_t kCtrlRxIntEn = 1u << 3;
inline constexpr std::uint32_t kStateTxOverrun = 1u << 2;  // write 1 to clear
inline constexpr std::uint32_t kStateRxOverrun = 1u << 3;  // write 1 to clear
inline constexpr std::uint32_t kIntTx = 1u << 0;  // INTSTATUS: latched, write 1 to clear
inline constexpr std::uint32_t kIntRx = 1u << 1;
inline constexpr std::uint32_t kIntTxOverrun = 1u << 2;
inline constexpr std::uint32_t kIntRxOverrun = 1u << 3;
inline constexpr std::uint32_t kMinBaudDiv = 16;
inline constexpr std::uint32_t kMaxBaudDiv = 0xFFFFF;  // 20 bits
}  // namespace uart

// ---- APB timer: 32-bit down-counter with reload ------------------------------------------------
// Counts PCLK down to 0, raises its interrupt on the step from 1 to 0, then reloads from RELOAD
// and goes on. No compare, no one-shot mode.
namespace timer {
inline constexpr std::uintptr_t kCtrl = 0x000;
inline constexpr std::uintptr_t kValue = 0x004;
inline constexpr std::uintptr_t kReload = 0x008;     // writing it also loads the counter
inline constexpr std::uintptr_t kIntStatus = 0x00C;  // read: status, write 1: clear

inline constexpr std::uint32_t kCtrlEnable = 1u << 0;
inline constexpr std::uint32_t kCtrlIrqEnable = 1u << 3;
inline constexpr std::uint32_t kInt = 1u << 0;
}  // namespace timer

// ---- APB dual timer: two 16/32-bit down-counters (free-running, periodic or one-shot) -------
// Timer 1 at +0x00, timer 2 at +0x20; one combined interrupt (TIMINTC) on the chips mote knows.
namespace dualtimer {
inline constexpr std::uintptr_t kTimer1 = 0x00;  // offsets of the two timers from the block's base
inline constexpr std::uintptr_t kTimer2 = 0x20;
inline constexpr std::uintptr_t kLoad = 0x00;     // writing it also loads the counter
inline constexpr std::uintptr_t kValue = 0x04;    // current count (readable, also in QEMU)
inline constexpr std::uintptr_t kControl = 0x08;
inline constexpr std::uintptr_t kIntClr = 0x0C;   // any write clears the interrupt
inline constexpr std::uintptr_t kRis = 0x10;      // raw interrupt status
inline constexpr std::uintptr_t kMis = 0x14;      // masked interrupt status
inline constexpr std::uintptr_t kBgLoad = 0x18;   // reload value without touching the counter

inline constexpr std::uint32_t kControlOneShot = 1u << 0;
inline constexpr std::uint32_t kControlSize32 = 1u << 1;
inline constexpr std::uint32_t kControlPrescale1 = 0u << 2;  // also 16 (1 << 2) and 256 (2 << 2)
inline constexpr std::uint32_t kControlIntEnable = 1u << 5;
inline constexpr std::uint32_t kControlPeriodic = 1u << 6;  // 0: free-running (wraps at 0)
inline constexpr std::uint32_t kControlEnable = 1u << 7;
inline constexpr std::uint32_t kInt = 1u << 0;
}  // namespace dualtimer

}  // namespace mote::cmsdk_apb
