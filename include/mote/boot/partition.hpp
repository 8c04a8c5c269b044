// mote/boot/partition.hpp: a window [offset, offset + size) of a NorFlash that is itself a
// NorFlash (offsets relative to the window, bounds checked against it).
//
//   mote::boot::Partition active(flash, 0x10000, 0x20000);   // on erase-unit boundaries
//   active.erase(0, active.erase_size);                       // erases flash [0x10000, 0x11000)
//
// The bootloader's layout (BOOTLOADER, ACTIVE, DFU, STATE; mote/boot/swap.hpp, docs/boot.md)
// is made of these.
// Same calling rules as the flash's own operations (blocking; not from an interrupt).
#pragma once

#include <cstdint>
#include <span>

#include "mote/hal/flash.hpp"

namespace mote::boot {

template <hal::NorFlash Flash>
class Partition {
 public:
  static constexpr std::uint32_t read_size = Flash::read_size;
  static constexpr std::uint32_t write_size = Flash::write_size;
  static constexpr std::uint32_t erase_size = Flash::erase_size;

  /// `offset` and `size` must be multiples of erase_size and lie inside the flash; valid()
  /// says whether they do (a layout is checked once, at start, by its user).
  constexpr Partition(Flash& flash, std::uint32_t offset, std::uint32_t size) noexcept
      : flash_(&flash), offset_(offset), size_(size) {}

  bool valid() const noexcept {
    return offset_ % erase_size == 0 && size_ % erase_size == 0 && size_ > 0 && offset_ <= flash_->capacity() &&
           size_ <= flash_->capacity() - offset_;
  }
  std::uint32_t capacity() const noexcept { return size_; }
  std::uint32_t offset() const noexcept { return offset_; }
  std::uint32_t pages() const noexcept { return size_ / erase_size; }
  Flash& flash() const noexcept { return *flash_; }

  hal::FlashResult read(std::uint32_t at, std::span<std::byte> buffer) {
    if (auto r = hal::check_flash_range(at, buffer.size(), size_, read_size); !r) return r;
    return flash_->read(offset_ + at, buffer);
  }
  hal::FlashResult write(std::uint32_t at, std::span<const std::byte> bytes) {
    if (auto r = hal::check_flash_range(at, bytes.size(), size_, write_size); !r) return r;
    return flash_->write(offset_ + at, bytes);
  }
  hal::FlashResult erase(std::uint32_t from, std::uint32_t to) {
    if (to < from) return Err{hal::FlashError::OutOfBounds};
    if (auto r = hal::check_flash_range(from, to - from, size_, erase_size); !r) return r;
    return flash_->erase(offset_ + from, offset_ + to);
  }

 private:
  Flash* flash_;
  std::uint32_t offset_;
  std::uint32_t size_;
};

}  // namespace mote::boot
