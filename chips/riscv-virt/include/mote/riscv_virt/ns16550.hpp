// mote/riscv_virt/ns16550.hpp: the registers of the 16550-compatible UART that QEMU's virt
// machine has at 0x10000000 (byte registers, one byte apart). Layout and bits from the National
// Semiconductor PC16550D data sheet.
#pragma once

#include <cstdint>

namespace mote::riscv_virt::ns16550 {

/// A byte register. ISR-safe (one bus access).
inline volatile std::uint8_t& reg8(std::uintptr_t address) noexcept {
  return *reinterpret_cast<volatile std::uint8_t*>(address);
}

inline constexpr std::uintptr_t kRbr = 0;  // read: receive buffer
inline constexpr std::uintptr_t kThr = 0;  // write: transmit holding
inline constexpr std::uintptr_t kIer = 1;  // interrupt enable
inline constexpr std::uintptr_t kIir = 2;  // read: interrupt identification
inline constexpr std::uintptr_t kFcr = 2;  // write: FIFO control
inline constexpr std::uintptr_t kLcr = 3;  // line control
inline constexpr std::uintptr_t kMcr = 4;  // modem control
inline constexpr std::uintptr_t kLsr = 5;  // line status

inline constexpr std::uint8_t kIerRx = 1u << 0;    // received data available (and timeout)
inline constexpr std::uint8_t kIerTx = 1u << 1;    // transmit holding register empty
inline constexpr std::uint8_t kIerLine = 1u << 2;  // receiver line status (errors, break)
inline constexpr std::uint8_t kIirNoInterrupt = 1u << 0;
inline constexpr std::uint8_t kFcrEnable = 1u << 0;
inline constexpr std::uint8_t kFcrClearRx = 1u << 1;
inline constexpr std::uint8_t kFcrClearTx = 1u << 2;
inline constexpr std::uint8_t kLcr8N1 = 0x03;
inline constexpr std::uint8_t kMcrOut2 = 1u << 3;  // on a PC, gates the interrupt line (QEMU too)
inline constexpr std::uint8_t kLsrDataReady = 1u << 0;
inline constexpr std::uint8_t kLsrOverrun = 1u << 1;
inline constexpr std::uint8_t kLsrParity = 1u << 2;
inline constexpr std::uint8_t kLsrFraming = 1u << 3;
inline constexpr std::uint8_t kLsrBreak = 1u << 4;
inline constexpr std::uint8_t kLsrThre = 1u << 5;  // transmit holding register (FIFO) empty
inline constexpr std::uint8_t kLsrTemt = 1u << 6;  // transmitter empty
inline constexpr unsigned kTxFifoBytes = 16;

}  // namespace mote::riscv_virt::ns16550
