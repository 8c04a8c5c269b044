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

// Issues one command sequence, polls the status register (read at the same address) until ready
// and puts the bank back into read-array mode; returns the status (0 on a timeout). Runs from RAM
// (.ramfunc; the board's linker script or an application's places it) with interrupts masked: a
// program executing in place from this bank cannot fetch instructions while it is in command
// mode. A leaf with no calls, so nothing of it stays in flash.
[[gnu::noinline, gnu::section(".ramfunc")]] std::uint32_t command(volatile std::uint32_t* at, std::uint32_t first,
                                                                  std::uint32_t second) noexcept {
  std::uint32_t mstatus;
  __asm__ volatile("csrrci %0, mstatus, 8" : "=r"(mstatus)::"memory");
  *at = first;
  *at = second;
  std::uint32_t status = 0;
  for (std::uint32_t spins = 0; spins < 10'000'000; ++spins) {
    const std::uint32_t s = *at;
    if (s & kReady) {
      status = s;
      break;
    }
  }
  if (status & kErrors) *at = kClearStatus;
  *at = kReadArray;
  __asm__ volatile("csrs mstatus, %0" ::"r"(mstatus & 8) : "memory");
  return status;
}

hal::FlashResult result_of(std::uint32_t status) noexcept {
  if (!(status & kReady) || (status & kErrors)) return Err{hal::FlashError::Device};
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
    if (auto r = result_of(command(at, kWordProgram, programmed)); !r) return r;
  }
  return {};
}

hal::FlashResult PFlash::erase(std::uint32_t from, std::uint32_t to) noexcept {
  if (to < from) return Err{hal::FlashError::OutOfBounds};
  if (auto r = hal::check_flash_range(from, to - from, capacity_, erase_size); !r) return r;
  for (std::uint32_t sector = from; sector < to; sector += erase_size) {
    volatile std::uint32_t* at = word(base_, sector);
    if (auto r = result_of(command(at, kBlockErase, kEraseConfirm)); !r) return r;
  }
  return {};
}

}  // namespace mote::riscv_virt
