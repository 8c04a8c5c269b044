// mote/host/sim_nor_flash.hpp: a simulated NOR flash for host tests and tools, optionally
// backed by a file (so that its content outlives the process, like a real part across resets).
//
//   mote::host::SimNorFlash<4, 4096> flash(64 * 1024);        // in memory, erased (all 0xFF)
//   auto f = mote::host::SimNorFlash<4, 4096>::open("flash.bin", 64 * 1024);  // file-backed
//   flash.cut_power_after(12);   // the 13th write/erase from now is torn and fails, and so is
//                                // every one after it until restore_power() (the "reboot")
//
// It enforces the rules of real NOR (mote/hal/flash.hpp): erase sets bytes to 0xFF, a write only
// clears bits (stored = old AND new), every range is checked for bounds and for the write/erase
// granularity. A torn operation leaves what a cut part can leave:
//   write  the first half of the bytes programmed, the byte after them half programmed
//   erase  the last half of the range erased, the first half only partly (old OR 0x55)
// so a journal word or a magic at the start of a page that was being erased reads as garbage,
// neither its old value nor erased; code that survives this survives gentler cuts.
// Host only. Not thread-safe; not for interrupts (the host has none).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "mote/hal/flash.hpp"
#include "mote/panic.hpp"

namespace mote::host {

template <std::uint32_t WriteSize = 4, std::uint32_t EraseSize = 4096>
class SimNorFlash {
 public:
  static constexpr std::uint32_t read_size = 1;
  static constexpr std::uint32_t write_size = WriteSize;
  static constexpr std::uint32_t erase_size = EraseSize;
  static_assert(EraseSize % WriteSize == 0, "an erase unit holds whole write units");

  /// An erased flash of `capacity` bytes (a multiple of erase_size), in memory only.
  explicit SimNorFlash(std::uint32_t capacity) : bytes_(capacity, std::byte{0xFF}), wear_(capacity / EraseSize) {
    if (capacity % EraseSize != 0) mote::panic("SimNorFlash: capacity %u is not a multiple of %u", capacity, EraseSize);
  }

  /// A flash backed by the file at `path`: its content is loaded if the file exists (and has
  /// exactly `capacity` bytes), else the file is created erased. Every write and erase is
  /// written through. Empty if the file cannot be opened or has another size.
  static std::optional<SimNorFlash> open(const std::string& path, std::uint32_t capacity) {
    SimNorFlash f(capacity);
    std::FILE* file = std::fopen(path.c_str(), "r+b");
    if (file) {
      if (std::fseek(file, 0, SEEK_END) != 0 || std::ftell(file) != static_cast<long>(capacity) ||
          std::fseek(file, 0, SEEK_SET) != 0 || std::fread(f.bytes_.data(), 1, capacity, file) != capacity) {
        std::fclose(file);
        return std::nullopt;
      }
    } else {
      file = std::fopen(path.c_str(), "w+b");
      if (!file || std::fwrite(f.bytes_.data(), 1, capacity, file) != capacity) {
        if (file) std::fclose(file);
        return std::nullopt;
      }
      std::fflush(file);
    }
    f.file_ = file;
    return f;
  }

  SimNorFlash(SimNorFlash&& o) noexcept
      : bytes_(std::move(o.bytes_)), wear_(std::move(o.wear_)), file_(o.file_), budget_(o.budget_),
        dead_(o.dead_), writes_(o.writes_), erases_(o.erases_) {
    o.file_ = nullptr;
  }
  SimNorFlash& operator=(SimNorFlash&&) = delete;
  ~SimNorFlash() {
    if (file_) std::fclose(file_);
  }

  std::uint32_t capacity() const noexcept { return static_cast<std::uint32_t>(bytes_.size()); }

  hal::FlashResult read(std::uint32_t offset, std::span<std::byte> buffer) {
    if (auto r = hal::check_flash_range(offset, buffer.size(), capacity(), read_size); !r) return r;
    if (dead_) return Err{hal::FlashError::PowerLoss};
    if (!buffer.empty()) std::memcpy(buffer.data(), bytes_.data() + offset, buffer.size());
    return {};
  }

  hal::FlashResult write(std::uint32_t offset, std::span<const std::byte> data) {
    if (auto r = hal::check_flash_range(offset, data.size(), capacity(), write_size); !r) return r;
    if (dead_) return Err{hal::FlashError::PowerLoss};
    const bool torn = cut_now();
    const std::size_t n = torn ? data.size() / 2 : data.size();
    for (std::size_t i = 0; i < n; ++i) bytes_[offset + i] &= data[i];
    if (torn && n < data.size()) bytes_[offset + n] &= (data[n] | std::byte{0xF0});
    ++writes_;
    flush(offset, static_cast<std::uint32_t>(data.size()));
    if (torn) return Err{hal::FlashError::PowerLoss};
    return {};
  }

  hal::FlashResult erase(std::uint32_t from, std::uint32_t to) {
    if (to < from) return Err{hal::FlashError::OutOfBounds};
    if (auto r = hal::check_flash_range(from, to - from, capacity(), erase_size); !r) return r;
    if (dead_) return Err{hal::FlashError::PowerLoss};
    const bool torn = cut_now();
    const std::uint32_t size = to - from;
    for (std::uint32_t i = 0; i < size; ++i) {
      if (!torn || i >= size / 2) {
        bytes_[from + i] = std::byte{0xFF};
      } else {
        bytes_[from + i] |= std::byte{0x55};
      }
    }
    for (std::uint32_t page = from / EraseSize; page < to / EraseSize; ++page) ++wear_[page];
    ++erases_;
    flush(from, size);
    if (torn) return Err{hal::FlashError::PowerLoss};
    return {};
  }

  /// The next `operations` writes/erases succeed; the one after is torn (see the top) and
  /// fails with PowerLoss, and every operation after it (reads too) fails until
  /// restore_power().
  void cut_power_after(std::uint64_t operations) noexcept { budget_ = operations; }
  /// Power comes back (a reboot): operations work again and no cut is pending.
  void restore_power() noexcept {
    dead_ = false;
    budget_.reset();
  }
  /// Whether a cut happened and power has not been restored.
  bool power_lost() const noexcept { return dead_; }

  /// Writes and erases done so far (torn ones included), and the erases each erase unit took.
  std::uint64_t writes() const noexcept { return writes_; }
  std::uint64_t erases() const noexcept { return erases_; }
  std::uint64_t operations() const noexcept { return writes_ + erases_; }
  std::uint32_t erase_count(std::uint32_t unit) const noexcept { return wear_.at(unit); }

  /// The raw content, for tests that inspect or corrupt it behind the driver's back.
  std::span<std::byte> raw() noexcept { return bytes_; }

 private:
  bool cut_now() noexcept {
    if (!budget_) return false;
    if (*budget_ == 0) {
      dead_ = true;
      budget_.reset();
      return true;
    }
    --*budget_;
    return false;
  }
  void flush(std::uint32_t offset, std::uint32_t size) {
    if (!file_) return;
    if (std::fseek(file_, offset, SEEK_SET) == 0) std::fwrite(bytes_.data() + offset, 1, size, file_);
    std::fflush(file_);
  }

  std::vector<std::byte> bytes_;
  std::vector<std::uint32_t> wear_;
  std::FILE* file_ = nullptr;
  std::optional<std::uint64_t> budget_;
  bool dead_ = false;
  std::uint64_t writes_ = 0;
  std::uint64_t erases_ = 0;
};

static_assert(hal::NorFlash<SimNorFlash<>>);

}  // namespace mote::host
