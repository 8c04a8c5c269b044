// mote/riscv_virt/pcie.hpp: a minimal PCI Express enumeration for QEMU's virt machine, so that
// firmware running without a boot loader (-bios none) can use PCI devices: QEMU leaves their
// BARs unassigned and their decoding off, as a real root complex does after reset.
//
//   const auto* f = mote::riscv_virt::pcie::find(0x1760, 0xff00);  // a CTU CAN FD card
//   if (f != nullptr) { base = f->bar[1]; irq = f->irq; }
//
// What it does, once (the first call of enumerate() or find()): scans bus 0 of the ECAM window
// (every device, and every function of a multi-function device), gives each 32-bit or 64-bit
// memory BAR an address in the 32-bit MMIO window (a bump allocator: naturally aligned, in
// scan order, never freed), turns on memory decoding and bus mastering, and works out which
// PLIC source the function's INTx pin reaches. What it does not do (not needed for the devices
// mote drives; documented in docs/boards/riscv.md): bridges (buses behind them are not scanned),
// I/O-space BARs (left unassigned), MSI/MSI-X, expansion ROMs, hot plug.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace mote::riscv_virt::pcie {

// QEMU 7.2 hw/riscv/virt.c: the ECAM window (bus << 20 | device << 15 | function << 12 | reg),
// the 32-bit MMIO window (PCI bus addresses equal CPU addresses), and the host bridge's four
// INTx lines on PLIC sources 32..35 (PCIE_IRQ), reached through the standard swizzle.
inline constexpr std::uintptr_t kEcamBase = 0x30000000;
inline constexpr std::uintptr_t kMmioBase = 0x40000000;
inline constexpr std::uintptr_t kMmioEnd = 0x80000000;  // exclusive
inline constexpr unsigned kIntxIrq0 = 32;
inline constexpr std::size_t kMaxFunctions = 16;  // functions recorded on bus 0 (more: panic)

/// One function found on bus 0, with the addresses enumerate() gave its BARs.
struct Function {
  std::uint8_t device = 0;    ///< slot on bus 0 (0..31)
  std::uint8_t function = 0;  ///< 0..7
  std::uint16_t vendor_id = 0;
  std::uint16_t device_id = 0;
  std::uint32_t class_code = 0;      ///< class << 16 | subclass << 8 | programming interface
  std::uintptr_t bar[6] = {};        ///< CPU address of each memory BAR; 0: none (or I/O, or the upper half of a 64-bit BAR)
  std::uint32_t bar_size[6] = {};    ///< its size in bytes; 0: none
  std::uint8_t interrupt_pin = 0;    ///< 1..4 = INTA..INTD; 0: no INTx
  unsigned irq = 0;                  ///< the PLIC source the pin reaches; 0: no INTx
};

/// Scans bus 0 and assigns BARs, the first time only (later calls return at once). Panics if
/// the devices' BARs do not fit the 1 GiB window or more than kMaxFunctions are present.
/// Thread mode, not ISR-safe.
void enumerate() noexcept;

/// The `index`-th function (in scan order) with this vendor and device ID, or nullptr. Calls
/// enumerate() first. Thread mode, not ISR-safe.
const Function* find(std::uint16_t vendor_id, std::uint16_t device_id, unsigned index = 0) noexcept;

/// Every function enumerate() found (calls it first). Thread mode, not ISR-safe.
std::span<const Function> functions() noexcept;

/// A 32-bit register of a function's configuration space (`reg` 4-byte aligned, < 4096).
/// Reads of an absent function give 0xffffffff. ISR-safe (a single MMIO access).
std::uint32_t config_read(unsigned bus, unsigned device, unsigned function, unsigned reg) noexcept;
/// Writes a 32-bit configuration register. ISR-safe (a single MMIO access).
void config_write(unsigned bus, unsigned device, unsigned function, unsigned reg, std::uint32_t value) noexcept;

}  // namespace mote::riscv_virt::pcie
