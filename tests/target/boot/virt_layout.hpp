// The boot tests' flash layout on riscv32-virt's pflash bank 0 (256 KiB sectors), shared by the
// bootloader firmware and the application (docs/boot.md):
//   sector 0 the bootloader (executing in place)   1 ACTIVE   2-3 DFU   4 STATE
// (boot_swap.cpp, a test program loaded into RAM, puts a jump to itself in sector 0.)
// boot_swap.cpp also uses sector 127 for its control words.
#pragma once

#include <mote/boot/swap.hpp>
#include <mote/riscv_virt/pflash.hpp>

#include "test_key.hpp"

namespace virt_boot {

namespace rv = mote::riscv_virt;
inline constexpr std::uint32_t kSector = rv::PFlash::erase_size;
inline constexpr std::uint32_t kActive = 1 * kSector;
inline constexpr std::uintptr_t kEntry = rv::PFlash::bank0_base + kActive + mote::boot::image_header_size;

inline mote::boot::Layout<rv::PFlash> layout(rv::PFlash& f) noexcept {
  return {{f, kActive, kSector}, {f, 2 * kSector, 2 * kSector}, {f, 4 * kSector, kSector}};
}

inline mote::boot::ImagePolicy policy(std::uint32_t running_version) noexcept {
  mote::boot::ImagePolicy p;
  p.key = test_public_key;
  p.board = "riscv32-virt";
  p.min_version = running_version;
  return p;
}

}  // namespace virt_boot
