// mote/fe310/fe310.hpp: bring-up of the SiFive FE310 (the HiFive1's microcontroller) as QEMU's
// sifive_e machine models it: console on UART0, the CLINT time driver, the memory map.
// Addresses and interrupt numbers from the FE310-G000 manual, as QEMU 7.2 wires them
// (hw/riscv/sifive_e.c), written here by hand.
#pragma once

#include <cstdint>

namespace mote::fe310 {

inline constexpr std::uintptr_t kUart0Base = 0x10013000;
inline constexpr std::uintptr_t kUart1Base = 0x10023000;
inline constexpr unsigned kUart0Irq = 3;  // PLIC sources
inline constexpr unsigned kUart1Irq = 4;

/// The SiFive UART's registers (FE310-G000 manual, chapter 18).
namespace uart {
inline constexpr std::uintptr_t kTxData = 0x00;  // write: a byte; read: bit 31 = FIFO full
inline constexpr std::uintptr_t kRxData = 0x04;  // read: bit 31 = FIFO empty, else bits 7:0
inline constexpr std::uintptr_t kTxCtrl = 0x08;  // bit 0 enable, bits 18:16 watermark
inline constexpr std::uintptr_t kRxCtrl = 0x0C;  // bit 0 enable, bits 18:16 watermark
inline constexpr std::uintptr_t kIe = 0x10;      // interrupt enables
inline constexpr std::uintptr_t kIp = 0x14;      // interrupt pending (read-only)
inline constexpr std::uintptr_t kDiv = 0x18;     // baud divisor
inline constexpr std::uint32_t kTxFull = 1u << 31;
inline constexpr std::uint32_t kRxEmpty = 1u << 31;
inline constexpr std::uint32_t kCtrlEnable = 1u << 0;
inline constexpr std::uint32_t kIeTxwm = 1u << 0;  // transmit FIFO below its watermark
inline constexpr std::uint32_t kIeRxwm = 1u << 1;  // receive FIFO above its watermark
inline constexpr unsigned kFifoBytes = 8;
}  // namespace uart

/// Enables UART0's transmitter and receiver (QEMU needs nothing; the chip does). Call once at
/// boot. Not ISR-safe.
void console_init() noexcept;

/// Starts the time driver: nothing armed until a deadline is. Call once at boot. Not ISR-safe.
void time_init() noexcept;

}  // namespace mote::fe310
