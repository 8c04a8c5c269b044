// mote/nrf51/nvmc.hpp: the nRF51's code flash, programmed by its NVMC, as a hal::NorFlash with
// async erase and write.
//
//   auto flash = mote::nrf51::Nvmc::flash();           // the whole 256 KiB; the image protected
//   const std::uint32_t page = flash.free_begin();     // the first page after the running image
//   co_await flash.erase_async(page, page + Nvmc::erase_size);       // FlashResult
//   co_await flash.write_async(page, std::as_bytes(std::span(words)));
//
// Offsets are flash addresses (the flash starts at 0). Reads are plain loads and may cover the
// whole flash. Writes and erases are refused with FlashError::Protected below free_begin(): the
// pages that hold the running firmware (vector table, code, the initial values of .data), taken
// from the linker script's __mote_flash_image_end, so no call can erase the program it runs in.
//
// Geometry: 1 KiB pages (the erase unit), 4-byte words (the program unit: the NVMC programs
// whole words, and a word store is the only way to program). Like a real cell, a write only
// clears bits (each stored word becomes old AND new); an erase sets a page to 0xFF.
//
// Why async by polling READY and yielding, not by a Timer or an interrupt: the NVMC has no
// interrupt, and while it writes or erases, a CPU fetching from flash is halted by the hardware
// (nRF51 Reference Manual, NVMC chapter: about 41 us per word, 21 ms per page). Waiting on a
// Timer would not let anything else run sooner. What an async operation can do is cut the work
// into steps and let other tasks run between them: one step is one page erase or kWordsPerStep
// words, after which the future wakes itself and yields to the executor. Each step enables
// writing (CONFIG.WEN) or erasing (CONFIG.EEN) for itself only and sets CONFIG back to read-only
// before it returns, so a future destroyed between steps leaves the NVMC idle and read-only, and
// two operations in different tasks cannot trip over each other's CONFIG; the steps already done
// stay done (those pages erased, those words programmed), the rest untouched.
//
// The blocking read/write/erase (what hal::NorFlash requires, for the bootloader, which runs
// before any executor) run the same steps without yielding. None may be called from an interrupt
// (they would stall it for a page erase's time). QEMU 7.2's model completes every operation at
// once (READY always reads 1) and keeps its flash in RAM only: nothing persists across runs
// (docs/drivers/nrf51.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "mote/hal/flash.hpp"
#include "mote/waker.hpp"

namespace mote::nrf51 {

class Nvmc;

namespace nvmc {

/// Words one write step programs before the future yields (real hardware: about 0.7 ms).
inline constexpr std::uint32_t kWordsPerStep = 16;

/// Future of Nvmc::erase_async: hal::FlashResult once every page of the range is 0xFF.
/// Destroying it early leaves the pages already erased erased and the rest untouched. Poll from
/// tasks.
class [[nodiscard]] EraseFuture {
 public:
  EraseFuture(EraseFuture&&) noexcept = default;
  EraseFuture& operator=(EraseFuture&&) = delete;

  bool poll(Waker waker) noexcept;
  hal::FlashResult take() const noexcept { return result_; }

 private:
  friend class ::mote::nrf51::Nvmc;
  EraseFuture(std::uint32_t from, std::uint32_t to, hal::FlashResult checked) noexcept
      : next_(from), to_(to), result_(checked) {}

  std::uint32_t next_;  // the next page to erase
  std::uint32_t to_;
  hal::FlashResult result_;  // an error found before any step: completes at the first poll
};

/// Future of Nvmc::write_async: hal::FlashResult once every word is programmed. Destroying it
/// early leaves the words already programmed programmed and the rest untouched. The bytes must
/// stay valid until it completes or is destroyed. Poll from tasks.
class [[nodiscard]] WriteFuture {
 public:
  WriteFuture(WriteFuture&&) noexcept = default;
  WriteFuture& operator=(WriteFuture&&) = delete;

  bool poll(Waker waker) noexcept;
  hal::FlashResult take() const noexcept { return result_; }

 private:
  friend class ::mote::nrf51::Nvmc;
  WriteFuture(std::uint32_t offset, std::span<const std::byte> bytes, hal::FlashResult checked) noexcept
      : offset_(offset), bytes_(bytes), result_(checked) {}

  std::uint32_t offset_;              // where bytes_.front() goes
  std::span<const std::byte> bytes_;  // what is left to program
  hal::FlashResult result_;
};

}  // namespace nvmc

class Nvmc {
 public:
  static constexpr std::uint32_t read_size = 1;
  static constexpr std::uint32_t write_size = 4;
  static constexpr std::uint32_t erase_size = 1024;  // one page

  /// The chip's flash, from the linker script: capacity __mote_flash_end (256 KiB on the
  /// micro:bit), writable from the first page after __mote_flash_image_end. ISR-safe (no
  /// hardware access).
  static Nvmc flash() noexcept;
  /// Flash of `capacity` bytes whose pages below `free_begin` (a page multiple) are protected.
  /// ISR-safe.
  constexpr Nvmc(std::uint32_t free_begin, std::uint32_t capacity) noexcept
      : free_begin_(free_begin), capacity_(capacity) {}

  /// Bytes of flash. ISR-safe.
  std::uint32_t capacity() const noexcept { return capacity_; }
  /// The first offset writes and erases accept (a page boundary). ISR-safe.
  std::uint32_t free_begin() const noexcept { return free_begin_; }

  /// Copies [offset, offset + buffer.size()) of the flash into `buffer`. Not from an interrupt
  /// (a read is cheap, but it stalls while a write or erase runs).
  hal::FlashResult read(std::uint32_t offset, std::span<std::byte> buffer) const noexcept;

  /// Programs `bytes` at `offset` (both multiples of 4): each word becomes old AND new. Errors
  /// (nothing touched): NotAligned, OutOfBounds, Protected (below free_begin()). Blocking; not
  /// from an interrupt.
  hal::FlashResult write(std::uint32_t offset, std::span<const std::byte> bytes) noexcept;
  /// Erases the pages [from, to) (page multiples) to 0xFF. Errors as write(). Blocking; not from
  /// an interrupt.
  hal::FlashResult erase(std::uint32_t from, std::uint32_t to) noexcept;

  /// write() that lets other tasks run every kWordsPerStep words. The range is checked here:
  /// a refused request touches nothing and its future completes with the error at its first
  /// poll. Task context.
  nvmc::WriteFuture write_async(std::uint32_t offset, std::span<const std::byte> bytes) noexcept;
  /// erase() that lets other tasks run after every page. Task context.
  nvmc::EraseFuture erase_async(std::uint32_t from, std::uint32_t to) noexcept;

 private:
  hal::FlashResult check(std::uint32_t from, std::uint64_t size, std::uint32_t unit) const noexcept;

  std::uint32_t free_begin_;
  std::uint32_t capacity_;
};

static_assert(hal::NorFlash<Nvmc>);

}  // namespace mote::nrf51
