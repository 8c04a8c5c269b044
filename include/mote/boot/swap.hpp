// mote/boot/swap.hpp: the partition layout, the swap journal in STATE, and the page swap that
// the bootloader runs and the updater requests (docs/boot.md explains why it is power-fail safe).
//
// ACTIVE has N erase units ("pages"); DFU has at least N + 1. The updater writes the new image
// to DFU[0..n), then records a swap of n pages (n covers the larger of the old and new image)
// in STATE. The bootloader then runs 2n steps, each "erase one page, copy one page into it",
// and records each step in its own journal slot after the copy:
//
//   forward step 2j, 2j+1 (page i = n-1-j):  ACTIVE[i] -> DFU[i+1];  DFU[i] -> ACTIVE[i]
//   revert  step 2j, 2j+1 (page i = j):      ACTIVE[i] -> DFU[i];    DFU[i+1] -> ACTIVE[i]
//
// A step never erases its own source, and its destination holds nothing that a later step or
// the other direction still needs (that content was copied, and recorded, earlier). So a power
// cut during a step just repeats it on the next boot. After the forward swap ACTIVE holds the
// new image and DFU[1..n] the old one, shifted by a page; the revert undoes exactly that.
//
// STATE journal: slots of max(write_size, 4) bytes, each written once between two erases of
// STATE; a slot counts as written when any of its bytes is not 0xFF (a torn write of a marker
// means its step had finished before it started, so either reading is safe):
//   slot 0 swap magic      slot 1 page count n (written before the magic)
//   slot 2 booted          slot 3 reverted
//   slots 4 .. 4+2N        forward progress     slots 4+2N .. 4+4N   revert progress
// STATE is erased only by the updater's begin(), when no swap is in flight and the running
// image is confirmed; a torn erase leaves a magic that is neither the old nor erased, read as
// "no swap requested", which boots the confirmed image.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <span>

#include "mote/boot/image.hpp"
#include "mote/boot/partition.hpp"

namespace mote::boot {

/// ACTIVE, DFU and STATE (BOOTLOADER is touched by neither side, so it is not listed).
template <hal::NorFlash Flash>
struct Layout {
  Partition<Flash> active;
  Partition<Flash> dfu;
  Partition<Flash> state;

  static constexpr std::uint32_t slot_size = Flash::write_size < 4 ? 4 : Flash::write_size;
  /// Journal slots a swap of all of ACTIVE needs.
  std::uint32_t journal_slots() const noexcept { return 4 + 4 * active.pages(); }

  /// Every partition valid, DFU at least one page larger than ACTIVE, STATE large enough for
  /// the journal. Check it once at start; the other functions assume it.
  bool valid() const noexcept {
    return active.valid() && dfu.valid() && state.valid() && dfu.pages() >= active.pages() + 1 &&
           state.capacity() / slot_size >= journal_slots();
  }
};

/// What the journal says.
struct JournalState {
  bool swap_requested = false;  ///< a valid magic and page count
  std::uint32_t pages = 0;      ///< n, the pages the swap covers
  std::uint32_t forward = 0;    ///< forward steps done (of 2n)
  std::uint32_t revert = 0;     ///< revert steps done (of 2n)
  bool booted = false;          ///< the swapped-in image called mark_booted()
  bool reverted = false;        ///< the revert finished

  /// Running a swapped-in image that has not confirmed itself.
  bool trial() const noexcept { return swap_requested && forward == 2 * pages && !booted && !reverted; }
  /// Nothing in flight: the running image is confirmed (or was never swapped).
  bool idle() const noexcept { return !swap_requested || booted || reverted; }
};

namespace detail {

inline constexpr std::uint32_t swap_magic = 0x50574D53u;  // "SMWP"
enum : std::uint32_t { slot_magic = 0, slot_pages = 1, slot_booted = 2, slot_reverted = 3, slot_progress = 4 };

template <hal::NorFlash Flash>
struct Journal {
  static constexpr std::uint32_t slot_size = Layout<Flash>::slot_size;

  static Result<std::array<std::byte, slot_size>, Error> read_slot(Partition<Flash>& state, std::uint32_t slot) {
    std::array<std::byte, slot_size> bytes{};
    if (!state.read(slot * slot_size, bytes)) return Err{Error::Flash};
    return bytes;
  }
  static bool written(const std::array<std::byte, slot_size>& s) noexcept {
    return std::any_of(s.begin(), s.end(), [](std::byte b) { return b != std::byte{0xFF}; });
  }
  static std::uint32_t value(const std::array<std::byte, slot_size>& s) noexcept {
    return std::uint32_t(s[0]) | std::uint32_t(s[1]) << 8 | std::uint32_t(s[2]) << 16 | std::uint32_t(s[3]) << 24;
  }
  static Result<void, Error> write_slot(Partition<Flash>& state, std::uint32_t slot, std::uint32_t v) {
    std::array<std::byte, slot_size> bytes;
    for (std::uint32_t i = 0; i < slot_size; ++i) bytes[i] = std::byte(v >> (8 * (i % 4)));
    if (!state.write(slot * slot_size, bytes)) return Err{Error::Flash};
    return {};
  }

  static Result<JournalState, Error> read(const Layout<Flash>& layout) {
    Partition<Flash> state = layout.state;
    JournalState j;
    auto magic = read_slot(state, slot_magic);
    auto pages = read_slot(state, slot_pages);
    if (!magic || !pages) return Err{Error::Flash};
    const std::uint32_t n = value(*pages);
    if (value(*magic) != swap_magic || n == 0 || n > layout.active.pages()) return j;  // no swap requested
    j.swap_requested = true;
    j.pages = n;
    const std::uint32_t total = layout.active.pages() * 2;
    for (; j.forward < 2 * n; ++j.forward) {
      auto s = read_slot(state, slot_progress + j.forward);
      if (!s) return Err{Error::Flash};
      if (!written(*s)) break;
    }
    for (; j.revert < 2 * n; ++j.revert) {
      auto s = read_slot(state, slot_progress + total + j.revert);
      if (!s) return Err{Error::Flash};
      if (!written(*s)) break;
    }
    auto booted = read_slot(state, slot_booted);
    auto reverted = read_slot(state, slot_reverted);
    if (!booted || !reverted) return Err{Error::Flash};
    j.booted = written(*booted);
    j.reverted = written(*reverted);
    return j;
  }

  /// Erases `dst` page and copies `src` page into it, skipping chunks that are all 0xFF.
  static Result<void, Error> copy_page(Partition<Flash>& src, std::uint32_t src_page, Partition<Flash>& dst,
                                       std::uint32_t dst_page) {
    constexpr std::uint32_t page = Flash::erase_size;
    constexpr std::uint32_t chunk = page < 256 ? page : 256;
    static_assert(page % chunk == 0 && chunk % Flash::write_size == 0, "copy chunks must be whole write units");
    if (!dst.erase(dst_page * page, (dst_page + 1) * page)) return Err{Error::Flash};
    std::array<std::byte, chunk> buf;
    for (std::uint32_t at = 0; at < page; at += chunk) {
      if (!src.read(src_page * page + at, buf)) return Err{Error::Flash};
      if (std::all_of(buf.begin(), buf.end(), [](std::byte b) { return b == std::byte{0xFF}; })) continue;
      if (!dst.write(dst_page * page + at, buf)) return Err{Error::Flash};
    }
    return {};
  }

  /// Runs the forward (or revert) steps from `done` to 2n, recording each.
  static Result<void, Error> run(const Layout<Flash>& layout, std::uint32_t n, std::uint32_t done, bool revert) {
    Layout<Flash> l = layout;
    const std::uint32_t base = slot_progress + (revert ? l.active.pages() * 2 : 0);
    for (std::uint32_t k = done; k < 2 * n; ++k) {
      Result<void, Error> r;
      if (!revert) {
        const std::uint32_t i = n - 1 - k / 2;
        r = k % 2 == 0 ? copy_page(l.active, i, l.dfu, i + 1) : copy_page(l.dfu, i, l.active, i);
      } else {
        const std::uint32_t i = k / 2;
        r = k % 2 == 0 ? copy_page(l.active, i, l.dfu, i) : copy_page(l.dfu, i + 1, l.active, i);
      }
      if (!r) return r;
      if (auto w = write_slot(l.state, base + k, 0); !w) return w;
    }
    return {};
  }
};

}  // namespace detail
}  // namespace mote::boot
