// The nRF51 NVMC driver (mote/nrf51/nvmc.hpp): bounds from the linker script, and the two kinds
// of step (one page erase, a run of word programs) that the blocking calls and the futures share.
#include "mote/nrf51/nvmc.hpp"

#include <algorithm>

#include "mote/nrf51/regs.hpp"

extern "C" {
extern const char __mote_flash_image_end[];  // boards/microbit/linker.ld
extern const char __mote_flash_end[];
}

namespace mote::nrf51 {
namespace {

static_assert(Nvmc::erase_size == nvmc::kPageBytes);

// QEMU's model is always ready; a real NVMC is busy for up to a page erase's 21 ms, during which
// a CPU fetching from flash is halted anyway, so a plain spin costs nothing more.
void wait_ready() noexcept {
  while (!(reg32(nvmc::kReady) & nvmc::kReadyReady)) {
  }
}

// One step of an erase. CONFIG is read-only again before it returns (see the header: a future
// dropped between steps leaves nothing enabled).
void erase_page(std::uint32_t page) noexcept {
  wait_ready();
  reg32(nvmc::kConfig) = nvmc::kConfigEraseEnable;
  reg32(nvmc::kErasePage) = page;
  wait_ready();
  reg32(nvmc::kConfig) = nvmc::kConfigReadOnly;
}

volatile std::uint32_t& flash_word(std::uint32_t offset) noexcept {
  return *reinterpret_cast<volatile std::uint32_t*>(static_cast<std::uintptr_t>(offset));
}

// One step of a write: programs at most `max_words` words of `bytes` at `offset`; returns how many
// bytes it consumed. A word whose new value clears no bit is skipped: a real cell may be
// programmed only a few times between erases (nWRITE), and the stored value would not change.
std::size_t program_words(std::uint32_t offset, std::span<const std::byte> bytes, std::uint32_t max_words) noexcept {
  const std::size_t count = std::min<std::size_t>(bytes.size(), std::size_t{max_words} * 4);
  reg32(nvmc::kConfig) = nvmc::kConfigWriteEnable;
  for (std::size_t i = 0; i < count; i += 4) {
    const std::uint32_t value = std::uint32_t(bytes[i]) | std::uint32_t(bytes[i + 1]) << 8 |
                                std::uint32_t(bytes[i + 2]) << 16 | std::uint32_t(bytes[i + 3]) << 24;
    volatile std::uint32_t& word = flash_word(offset + static_cast<std::uint32_t>(i));
    const std::uint32_t old = word;
    if ((old & value) == old) continue;
    wait_ready();
    word = old & value;  // a NOR cell: bits only go from 1 to 0, whatever the hardware does with 1s
  }
  wait_ready();
  reg32(nvmc::kConfig) = nvmc::kConfigReadOnly;
  return count;
}

}  // namespace

Nvmc Nvmc::flash() noexcept {
  const auto image_end = static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(__mote_flash_image_end));
  const auto end = static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(__mote_flash_end));
  return Nvmc((image_end + erase_size - 1) / erase_size * erase_size, end);
}

hal::FlashResult Nvmc::check(std::uint32_t from, std::uint64_t size, std::uint32_t unit) const noexcept {
  if (auto r = hal::check_flash_range(from, size, capacity_, unit); !r) return r;
  if (size != 0 && from < free_begin_) return Err{hal::FlashError::Protected};
  return {};
}

hal::FlashResult Nvmc::read(std::uint32_t offset, std::span<std::byte> buffer) const noexcept {
  if (auto r = hal::check_flash_range(offset, buffer.size(), capacity_, read_size); !r) return r;
  const auto* src = reinterpret_cast<const volatile std::byte*>(static_cast<std::uintptr_t>(offset));
  for (std::size_t i = 0; i < buffer.size(); ++i) buffer[i] = src[i];
  return {};
}

hal::FlashResult Nvmc::write(std::uint32_t offset, std::span<const std::byte> bytes) noexcept {
  if (auto r = check(offset, bytes.size(), write_size); !r) return r;
  program_words(offset, bytes, static_cast<std::uint32_t>(bytes.size() / 4));
  return {};
}

hal::FlashResult Nvmc::erase(std::uint32_t from, std::uint32_t to) noexcept {
  if (to < from) return Err{hal::FlashError::OutOfBounds};
  if (auto r = check(from, to - from, erase_size); !r) return r;
  for (std::uint32_t page = from; page < to; page += erase_size) erase_page(page);
  return {};
}

nvmc::WriteFuture Nvmc::write_async(std::uint32_t offset, std::span<const std::byte> bytes) noexcept {
  hal::FlashResult checked = check(offset, bytes.size(), write_size);
  if (!checked) bytes = {};  // nothing to do but report the error
  return nvmc::WriteFuture(offset, bytes, checked);
}

nvmc::EraseFuture Nvmc::erase_async(std::uint32_t from, std::uint32_t to) noexcept {
  hal::FlashResult checked = to < from ? hal::FlashResult(Err{hal::FlashError::OutOfBounds})
                                       : check(from, to - from, erase_size);
  if (!checked) to = from;
  return nvmc::EraseFuture(from, to, checked);
}

namespace nvmc {

bool WriteFuture::poll(Waker waker) noexcept {
  if (bytes_.empty()) return true;
  const std::size_t done = program_words(offset_, bytes_, kWordsPerStep);
  offset_ += static_cast<std::uint32_t>(done);
  bytes_ = bytes_.subspan(done);
  if (bytes_.empty()) return true;
  waker.wake();  // more words: poll again after the other runnable tasks
  return false;
}

bool EraseFuture::poll(Waker waker) noexcept {
  if (next_ >= to_) return true;
  erase_page(next_);
  next_ += Nvmc::erase_size;
  if (next_ >= to_) return true;
  waker.wake();  // more pages: poll again after the other runnable tasks
  return false;
}

}  // namespace nvmc
}  // namespace mote::nrf51
