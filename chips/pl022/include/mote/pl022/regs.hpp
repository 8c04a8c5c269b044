// mote/pl022/regs.hpp: the registers of Arm's PrimeCell PL022 synchronous serial port (SSP),
// offsets from a port's base, from the PL022 Technical Reference Manual. Written here by hand.
// The LM3S6965's SSI and the MPS2 images' SPI ports are PL022s (QEMU models them with its pl022).
#pragma once

#include <cstdint>

namespace mote::pl022 {

namespace regs {
inline constexpr std::uintptr_t kCr0 = 0x000;   // SCR (15..8), SPH (7), SPO (6), FRF (5..4), DSS (3..0)
inline constexpr std::uintptr_t kCr1 = 0x004;   // SSE (1): enable; MS (2): 0 = master
inline constexpr std::uintptr_t kDr = 0x008;    // data (both FIFOs, 8 entries each)
inline constexpr std::uintptr_t kSr = 0x00C;    // status
inline constexpr std::uintptr_t kCpsr = 0x010;  // clock prescaler (even, 2..254)
inline constexpr std::uintptr_t kIm = 0x014;    // interrupt mask (1 = enabled)
inline constexpr std::uintptr_t kRis = 0x018;   // raw interrupt status
inline constexpr std::uintptr_t kMis = 0x01C;   // masked interrupt status
inline constexpr std::uintptr_t kIcr = 0x020;   // interrupt clear (ROR, RT)
inline constexpr std::uint32_t kCr0Dss8 = 0x7u;  // 8-bit frames, Freescale SPI format (FRF 0)
inline constexpr std::uint32_t kCr0Spo = 1u << 6;
inline constexpr std::uint32_t kCr0Sph = 1u << 7;
inline constexpr std::uint32_t kCr1Lbm = 1u << 0;  // loopback: the receiver hears the transmitter
inline constexpr std::uint32_t kCr1Sse = 1u << 1;
inline constexpr std::uint32_t kSrTfe = 1u << 0;  // transmit FIFO empty
inline constexpr std::uint32_t kSrTnf = 1u << 1;  // transmit FIFO not full
inline constexpr std::uint32_t kSrRne = 1u << 2;  // receive FIFO not empty
inline constexpr std::uint32_t kSrBsy = 1u << 4;  // a frame is being shifted
inline constexpr std::uint32_t kIntRor = 1u << 0;  // receive overrun
inline constexpr std::uint32_t kIntRt = 1u << 1;   // receive time-out (not in QEMU 7.2)
inline constexpr std::uint32_t kIntRx = 1u << 2;   // receive FIFO half full or more
inline constexpr unsigned kFifoDepth = 8;
}  // namespace regs

}  // namespace mote::pl022
