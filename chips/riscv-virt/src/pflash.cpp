// The virt machine's CFI flash (mote/riscv_virt/pflash.hpp): Intel command set, as QEMU 7.2's
// pflash_cfi01 implements it (commands in the low byte of a bank-width write).
#include "mote/riscv_virt/pflash.hpp"

namespace mote::riscv_virt {
namespace {

constexpr std::uint32_t kReadArray = 0xFF;
constexpr std::uint32_t kClearStatus = 0x50;
constexpr std::uint32_t kWordProgram = 0x40;
constexpr std::uint32_t kBlockErase = 0x20;
constexpr std::uint32_t kEraseConfirm = 0xD0;
constexpr std::uint32_t kReady = 0x80;
constexpr std::uint32_t kErrors = 0x3A;  // erase, program, VPP and block-lock errors

volatile std::uint32_t* word(std::uintptr_t base, std::uint32_t offset) noexcept {
  return reinterpret_cast<volatile std::uint32_t*>(base + offset);
}

// Polls the status register (read at any address of the bank after a command) until ready.
hal::FlashResult wait_ready(volatile std::uint32_t* at) noexcept {
  std::uint32_t status;
  for (std::uint32_t spins = 0;; ++spins) {
    status = *at;
    if (status & kReady) break;
    if (spins > 10'000'000) {
      *at = kReadArray;
      return Err(hal::FlashError::Device);
    }
  }
  if (status & kErrors) {
    *at = kClearStatus;
    *at = kReadArray;
    return Err(hal::FlashError::Device);
  }
  *at = kReadArray;
  return {};
}

}  // namespace

hal::FlashResult PFlash::read(std::uint32_t offset, std::span<std::byte> buffer) noexcept {
  if (auto r = hal::check_flash_range(offset, buffer.size(), capacity_, read_size); !r) return r;
  const volatile std::byte* src = reinterpret_cast<const volatile std::byte*>(base_ + offset);
  for (std::size_t i = 0; i < buffer.size(); ++i) buffer[i] = src[i];
  return {};
}

hal::FlashResult PFlash::write(std::uint32_t offset, std::span<const std::byte> bytes) noexcept {
  if (auto r = hal::check_flash_range(offset, bytes.size(), capacity_, write_size); !r) return r;
  for (std::size_t i = 0; i < bytes.size(); i += 4) {
    const std::uint32_t value = std::uint32_t(bytes[i]) | std::uint32_t(bytes[i + 1]) << 8 |
                                std::uint32_t(bytes[i + 2]) << 16 | std::uint32_t(bytes[i + 3]) << 24;
    volatile std::uint32_t* at = word(base_, offset + static_cast<std::uint32_t>(i));
    const std::uint32_t programmed = *at & value;  // a NOR cell: bits only go from 1 to 0
    if (programmed == *at) continue;                // nothing to clear: no program cycle
    *at = kWordProgram;
    *at = programmed;
    if (auto r = wait_ready(at); !r) return r;
  }
  return {};
}

hal::FlashResult PFlash::erase(std::uint32_t from, std::uint32_t to) noexcept {
  if (to < from) return Err(hal::FlashError::OutOfBounds);
  if (auto r = hal::check_flash_range(from, to - from, capacity_, erase_size); !r) return r;
  for (std::uint32_t sector = from; sector < to; sector += erase_size) {
    volatile std::uint32_t* at = word(base_, sector);
    *at = kBlockErase;
    *at = kEraseConfirm;
    if (auto r = wait_ready(at); !r) return r;
  }
  return {};
}

}  // namespace mote::riscv_virt
