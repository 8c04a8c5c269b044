// mote/riscv_virt/virt.hpp: bring-up of QEMU's RISC-V `virt` machine (one rv32 hart in machine
// mode): console on the ns16550 UART, the CLINT time driver, and the machine's memory map.
// Addresses and interrupt numbers are QEMU 7.2's (hw/riscv/virt.c), written here by hand.
#pragma once

#include <cstdint>

namespace mote::riscv_virt {

inline constexpr std::uintptr_t kUart0Base = 0x10000000;  // ns16550a, byte registers
inline constexpr unsigned kUart0Irq = 10;                 // PLIC source
inline constexpr std::uintptr_t kVirtioBase = 0x10001000;  // virtio-mmio slot 0; slot n at + 0x1000 n
inline constexpr unsigned kVirtioSlots = 8;
inline constexpr unsigned kVirtioIrq0 = 1;  // slot n: PLIC source 1 + n
inline constexpr std::uint32_t kMtimeHz = 10'000'000;  // the CLINT's mtime rate

/// Prepares the console (the ns16550 needs nothing for QEMU: polled transmit works from reset;
/// this sets 8N1 and turns its FIFOs on). Call once at boot. Not ISR-safe.
void console_init() noexcept;

/// Starts the time driver: nothing is armed until a deadline is (mtimecmp at its maximum, the
/// timer interrupt off). Call once at boot. Not ISR-safe.
void time_init() noexcept;

}  // namespace mote::riscv_virt
