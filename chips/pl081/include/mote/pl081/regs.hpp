// mote/pl081/regs.hpp: the registers of Arm's PrimeCell PL081 DMA controller (two channels; the
// PL080 has eight with the same layout), from the PL080/PL081 Technical Reference Manuals.
// Offsets from the controller's base; the chips give the bases. Written here by hand.
#pragma once

#include <cstdint>

namespace mote::pl081::regs {

inline constexpr std::uintptr_t kIntStatus = 0x000;      // TC or error, per channel (masked)
inline constexpr std::uintptr_t kIntTcStatus = 0x004;    // terminal count, per channel (masked)
inline constexpr std::uintptr_t kIntTcClear = 0x008;     // write 1: clear a channel's TC
inline constexpr std::uintptr_t kIntErrorStatus = 0x00C;  // bus error, per channel (masked)
inline constexpr std::uintptr_t kIntErrClr = 0x010;      // write 1: clear a channel's error
inline constexpr std::uintptr_t kEnbldChns = 0x01C;      // bit n: channel n enabled (running)
inline constexpr std::uintptr_t kConfiguration = 0x030;  // controller enable, master endianness

inline constexpr std::uint32_t kConfigurationEnable = 1u << 0;  // E; M1/M2 0: little-endian

inline constexpr unsigned kChannels = 2;
/// Channel n's registers: kChannel0 + n * kChannelStride + kCh*.
inline constexpr std::uintptr_t kChannel0 = 0x100;
inline constexpr std::uintptr_t kChannelStride = 0x20;
inline constexpr std::uintptr_t kChSrcAddr = 0x00;
inline constexpr std::uintptr_t kChDestAddr = 0x04;
inline constexpr std::uintptr_t kChLli = 0x08;      // next linked-list item (0: none)
inline constexpr std::uintptr_t kChControl = 0x0C;
inline constexpr std::uintptr_t kChConfig = 0x10;

// Channel control: transfer size in source items, bursts, widths, increments, TC interrupt.
inline constexpr std::uint32_t kMaxItems = 0xFFF;  // TransferSize, 12 bits
inline constexpr unsigned kControlSbSizeShift = 12;  // burst: 0 = 1 item, 1 = 4, 2 = 8...
inline constexpr unsigned kControlDbSizeShift = 15;
inline constexpr unsigned kControlSWidthShift = 18;  // item: 0 = byte, 1 = halfword, 2 = word
inline constexpr unsigned kControlDWidthShift = 21;
inline constexpr std::uint32_t kControlSi = 1u << 26;  // source address increments
inline constexpr std::uint32_t kControlDi = 1u << 27;  // destination address increments
inline constexpr std::uint32_t kControlProtPrivileged = 1u << 28;  // HPROT[1]
inline constexpr std::uint32_t kControlI = 1u << 31;  // TC interrupt at the end of this transfer

// Channel configuration.
inline constexpr std::uint32_t kConfigE = 1u << 0;    // channel enable (the hardware clears it when done)
inline constexpr unsigned kConfigFlowShift = 11;      // 0: memory to memory, the DMAC as flow controller
inline constexpr std::uint32_t kConfigIe = 1u << 14;  // error interrupt unmasked
inline constexpr std::uint32_t kConfigItc = 1u << 15;  // TC interrupt unmasked
inline constexpr std::uint32_t kConfigA = 1u << 17;   // active: data in the channel's FIFO (read-only)
inline constexpr std::uint32_t kConfigH = 1u << 18;   // halt: ignore further requests

}  // namespace mote::pl081::regs
