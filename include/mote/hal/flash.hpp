// mote/hal/flash.hpp: the NOR flash concept (embedded-storage's NorFlash), its errors and rules.
//
//   template <mote::hal::NorFlash Flash>
//   mote::hal::FlashResult store(Flash& f, std::uint32_t page, std::span<const std::byte> data) {
//     if (auto r = f.erase(page, page + Flash::erase_size); !r) return r;   // bytes become 0xFF
//     return f.write(page, data);                                           // bits 1 -> 0 only
//   }
//
// NOR flash reads like memory, but a write can only clear bits (1 -> 0) and only an erase sets
// them back, a whole erase unit (sector, page) at a time. Models state their geometry as
// compile-time constants, so that partition layouts (mote/boot/) are checked when they are built:
//
//   read_size    reads start and end on multiples of it (1 on memory-mapped flash)
//   write_size   writes start and end on multiples of it (the program unit: 1, 4, 8 ... bytes)
//   erase_size   erase ranges start and end on multiples of it (the sector size)
//   capacity()   bytes in total (a run-time value: a file-backed or probed flash decides it)
//
//   read(offset, buffer)        fills buffer from [offset, offset + size)
//   write(offset, bytes)        programs bytes: each stored bit becomes old AND new; writing a
//                               1 over a 0 does not set it (the caller erases first)
//   erase(from, to)             sets every byte of [from, to) to 0xFF
//
// Offsets are relative to the flash (or to the partition a Partition view gives). Operations are
// blocking and return a Result: on the targets mote runs on (nRF51 NVMC, the CFI pflash of QEMU's
// virt board) the CPU stalls or polls a status register while flash is busy, and the bootloader
// that is the main user runs before any executor exists. An async flash (a SPI NOR behind a
// DMA bus) will get its own concept beside this one. None of these functions may be called from
// an interrupt unless the model says so.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>

#include "mote/result.hpp"

namespace mote::hal {

/// Why a flash operation failed. No data changed unless the error says so.
enum class FlashError : std::uint8_t {
  OutOfBounds,  ///< the range does not lie inside the flash (nothing was touched)
  NotAligned,   ///< offset or size is not a multiple of read_size/write_size/erase_size (nothing touched)
  PowerLoss,    ///< the operation was cut (simulated power cut): the range's content is undefined
  Device,       ///< the device reported a failure (program/erase error, write protection, timeout)
  Protected,    ///< the range touches flash the model refuses to change, such as the running firmware (nothing touched)
};

/// A fixed text for `e` (what Result::unwrap prints). ISR-safe.
constexpr const char* error_message(FlashError e) noexcept {
  switch (e) {
    case FlashError::OutOfBounds: return "flash: out of bounds";
    case FlashError::NotAligned: return "flash: not aligned";
    case FlashError::PowerLoss: return "flash: power lost during the operation";
    case FlashError::Device: return "flash: device error";
    case FlashError::Protected: return "flash: protected range";
  }
  return "flash: error";
}

/// The result every flash operation yields.
using FlashResult = Result<void, FlashError>;

namespace detail {
template <class F>
concept NorFlashOperations = requires(F& flash, const F& cflash, std::uint32_t offset, std::span<std::byte> in,
                                      std::span<const std::byte> out) {
  typename std::integral_constant<std::uint32_t, F::read_size>;  // compile-time geometry
  typename std::integral_constant<std::uint32_t, F::write_size>;
  typename std::integral_constant<std::uint32_t, F::erase_size>;
  { cflash.capacity() } -> std::same_as<std::uint32_t>;
  { flash.read(offset, in) } -> std::same_as<FlashResult>;
  { flash.write(offset, out) } -> std::same_as<FlashResult>;
  { flash.erase(offset, offset) } -> std::same_as<FlashResult>;
};
}  // namespace detail

/// A NOR flash: read/write/erase with the alignment rules above (see the top of this header),
/// its geometry compile-time constants, an erase unit made of whole write units.
template <class F>
concept NorFlash = detail::NorFlashOperations<F> &&
                   (F::read_size > 0 && F::write_size > 0 && F::erase_size > 0 && F::erase_size % F::write_size == 0);

/// The checks every model makes before touching the device: in bounds, and `from`/`to` on
/// multiples of `unit`. ISR-safe.
inline FlashResult check_flash_range(std::uint32_t from, std::uint64_t size, std::uint32_t capacity,
                                        std::uint32_t unit) noexcept {
  if (from > capacity || size > capacity - from) return Err{FlashError::OutOfBounds};
  if (from % unit != 0 || size % unit != 0) return Err{FlashError::NotAligned};
  return {};
}

}  // namespace mote::hal
