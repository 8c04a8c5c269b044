// mote/riscv_virt/pflash.hpp: the CFI parallel NOR flash of QEMU's virt machine (an Intel
// command set part, QEMU's pflash_cfi01) as a hal::NorFlash.
//
//   qemu-system-riscv32 -M virt ... -drive if=pflash,format=raw,unit=0,file=flash0.bin
//   auto flash = mote::riscv_virt::PFlash::bank(0);     // 32 MiB at 0x20000000
//   flash.erase(0, PFlash::erase_size);                  // one 256 KiB sector
//
// The virt machine has two banks of 32 MiB (0x20000000 and 0x22000000), 256 KiB sectors, 4-byte
// bank width; a bank given a file (exactly 32 MiB) keeps its content across QEMU runs, so resets
// and power cuts are real. (Giving bank 0 a file makes QEMU start at 0x20000000 instead of
// the ELF's entry, where a bootloader goes; a bank-1 file makes QEMU 7.2 expect S-mode firmware
// there and load no ELF at all: tests/target/boot/pflash_runs.py.)
//
// Reads are plain loads (read-array mode). A write programs each 32-bit word with the single
// word program command (0x40); QEMU's model stores the new value as is, so the driver programs
// old AND new, which is what a real NOR cell does: code tested here behaves the same on a part.
// An erase is the block erase command (0x20, 0xD0) per sector. After each command the status
// register is polled until ready, its error bits mapped to FlashError::Device, and the part is
// put back into read-array mode (0xFF). While a command runs the bank cannot be read, so that
// part runs from RAM (section .ramfunc, which a linker script for executing in place must put
// in its copied .data) with interrupts masked: an application may program the bank it runs from.
// Blocking; not from an interrupt; one user at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "mote/hal/flash.hpp"

namespace mote::riscv_virt {

class PFlash {
 public:
  static constexpr std::uint32_t read_size = 1;
  static constexpr std::uint32_t write_size = 4;
  static constexpr std::uint32_t erase_size = 256 * 1024;
  static constexpr std::uint32_t bank_size = 32 * 1024 * 1024;
  static constexpr std::uintptr_t bank0_base = 0x20000000;

  /// Bank 0 or 1 of the virt machine. ISR-safe (no hardware access).
  static PFlash bank(unsigned index) noexcept { return PFlash(bank0_base + index * bank_size, bank_size); }
  constexpr PFlash(std::uintptr_t base, std::uint32_t capacity) noexcept : base_(base), capacity_(capacity) {}

  std::uint32_t capacity() const noexcept { return capacity_; }
  /// The address where offset 0 is mapped (for executing in place).
  std::uintptr_t base() const noexcept { return base_; }

  hal::FlashResult read(std::uint32_t offset, std::span<std::byte> buffer) noexcept;
  hal::FlashResult write(std::uint32_t offset, std::span<const std::byte> bytes) noexcept;
  hal::FlashResult erase(std::uint32_t from, std::uint32_t to) noexcept;

 private:
  std::uintptr_t base_;
  std::uint32_t capacity_;
};

static_assert(hal::NorFlash<PFlash>);

}  // namespace mote::riscv_virt
