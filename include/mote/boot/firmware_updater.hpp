// mote/boot/firmware_updater.hpp: receiving a signed update into DFU from a running image.
//
//   mote::boot::FirmwareUpdater<Flash> up(layout, policy);      // policy.min_version = mine
//   if (auto r = co_await up.begin(size); !r) ...              // erases STATE and DFU
//   co_await up.write(offset, chunk);                          // as chunks arrive
//   // (after a reset mid-transfer: co_await up.resume(size, digest) instead of begin)
//   if (auto r = co_await up.finish(); !r) report(error_message(r.error()));
//   // reset: the bootloader swaps; the new image then calls
//   co_await up.mark_booted();                                 // or the next reset reverts it
//
// Every operation is a mote::Future yielding Result<..., boot::Error>. Flash operations are
// blocking (mote/hal/flash.hpp) and are done inside poll; finish() checks the image a 256-byte
// chunk per poll and lets other tasks run in between. Chunks must start on a multiple of the
// flash's write unit and be whole write units, except the one that ends the image (padded
// with 0xFF). A chunk may be sent again (a resumed transfer): writing the same bytes twice is
// harmless on NOR. Nothing here touches ACTIVE: a refused image leaves the running one as it
// was. One updater per layout; task context only (not from an interrupt).
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>

#include "mote/boot/image.hpp"
#include "mote/boot/swap.hpp"
#include "mote/boot/verify.hpp"
#include "mote/future.hpp"

namespace mote::boot {

/// Where an update stands, as the running image sees it.
enum class UpdateState : std::uint8_t {
  Idle,       ///< running a confirmed image; nothing received
  Receiving,  ///< begin() done, finish() not yet
  Pending,    ///< finish() accepted an image: the next reset installs it
  Trial,      ///< running a freshly installed image that has not called mark_booted()
};

template <hal::NorFlash Flash>
class FirmwareUpdater {
  using J = detail::Journal<Flash>;

 public:
  /// `policy`: the key, this board's name, the running version as min_version and whether
  /// older versions are accepted; max_total_size is set here (ACTIVE's size).
  FirmwareUpdater(const Layout<Flash>& layout, const ImagePolicy& policy) noexcept : layout_(layout), policy_(policy) {
    policy_.max_total_size = layout.active.capacity();
  }

  /// A future that runs `fn` at its first poll and is then ready.
  template <class T, class Fn>
  class [[nodiscard]] Deferred {
   public:
    explicit Deferred(Fn fn) noexcept : fn_(fn) {}
    bool poll(Waker) {
      if (!result_) result_.emplace(fn_());
      return true;
    }
    Result<T, Error> take() noexcept { return std::move(*result_); }

   private:
    Fn fn_;
    std::optional<Result<T, Error>> result_;
  };

  /// Starts receiving an image of `size` bytes (header + payload, the signed file's size):
  /// TooLarge if it cannot fit ACTIVE, Truncated if it cannot even hold a header, NotConfirmed
  /// while the running image is on trial, Flash if erasing fails.
  auto begin(std::uint32_t size) {
    auto fn = [this, size]() -> Result<void, Error> {
      receiving_ = false;
      if (!layout_.valid()) return Err{Error::NoValidImage};
      if (size > layout_.active.capacity()) return Err{Error::TooLarge};
      if (size < image_header_size) return Err{Error::Truncated};
      auto j = J::read(layout_);
      if (!j) return Err{j.error()};
      if (j->trial()) return Err{Error::NotConfirmed};
      // STATE first: from here on no reset can swap in a half-received DFU.
      if (!layout_.state.erase(0, layout_.state.capacity())) return Err{Error::Flash};
      const std::uint32_t pages = (size + Flash::erase_size - 1) / Flash::erase_size;
      if (!layout_.dfu.erase(0, pages * Flash::erase_size)) return Err{Error::Flash};
      size_ = size;
      received_ = 0;
      receiving_ = true;
      return {};
    };
    return Deferred<void, decltype(fn)>(fn);
  }

  /// After a reset of the device in the middle of a transfer: continues receiving the image of
  /// `size` bytes whose SHA-256 digest (header bytes 96..127) is `digest` if DFU holds the
  /// start of it. Yields the offset to continue from: 0 when there is nothing to continue
  /// (then call begin()). Only when STATE is erased (begin() erased it and no finish() has
  /// written it since) and DFU's header carries that digest and size. The offset is where the
  /// last programmed bytes start, rounded down to a write unit: the unit a reset may have torn
  /// is written again (rewriting the same bytes is harmless on NOR). Bytes are only assumed to
  /// be written in order (as UartUpdate and HttpUpdate write them); whether they are right is
  /// for the sender to check (read_received() + a CRC) and for finish() to verify anyway.
  /// `digest` is borrowed until the future is polled. Flash if reading fails. Task context
  /// only (not from an interrupt: it reads up to the whole image).
  auto resume(std::uint32_t size, std::span<const std::byte, 32> digest) {
    auto fn = [this, size, digest]() -> Result<std::uint32_t, Error> {
      receiving_ = false;
      if (!layout_.valid()) return Err{Error::NoValidImage};
      if (size > layout_.active.capacity() || size < image_header_size) return std::uint32_t{0};
      auto magic = J::read_slot(layout_.state, detail::slot_magic);
      auto pages = J::read_slot(layout_.state, detail::slot_pages);
      if (!magic || !pages) return Err{Error::Flash};
      if (J::written(*magic) || J::written(*pages)) return std::uint32_t{0};  // not the state begin() leaves
      std::array<std::byte, image_header_size> h;
      if (!layout_.dfu.read(0, h)) return Err{Error::Flash};
      auto header = parse_image_header(h);
      if (!header || header->total_size() != size || std::memcmp(&h[96], digest.data(), digest.size()) != 0) {
        return std::uint32_t{0};
      }
      // The last programmed byte, searching back from the end of the image.
      std::array<std::byte, 256> buf;
      std::uint32_t end = size;
      std::uint32_t last = 0;
      bool found = false;
      while (end > 0 && !found) {
        const std::uint32_t from = end > buf.size() ? end - static_cast<std::uint32_t>(buf.size()) : 0;
        const auto part = std::span(buf).first(end - from);
        if (!layout_.dfu.read(from, part)) return Err{Error::Flash};
        for (std::uint32_t i = static_cast<std::uint32_t>(part.size()); i-- > 0;) {
          if (part[i] != std::byte{0xFF}) {
            last = from + i;
            found = true;
            break;
          }
        }
        end = from;
      }
      const std::uint32_t at = last - last % Flash::write_size;
      size_ = size;
      received_ = at;
      receiving_ = true;
      return at;
    };
    return Deferred<std::uint32_t, decltype(fn)>(fn);
  }

  /// Reads back `out.size()` bytes of the image being received, from `offset` (a sender
  /// checks a resumed prefix with them). NotStarted unless receiving; OutOfRange past the
  /// image. Blocking; task context only.
  Result<void, Error> read_received(std::uint32_t offset, std::span<std::byte> out) {
    if (!receiving_) return Err{Error::NotStarted};
    if (offset > size_ || out.size() > size_ - offset) return Err{Error::OutOfRange};
    if (!layout_.dfu.read(offset, out)) return Err{Error::Flash};
    return {};
  }

  /// Stores `chunk` at `offset` of the image. The chunk is borrowed until the future is polled.
  auto write(std::uint32_t offset, std::span<const std::byte> chunk) {
    auto fn = [this, offset, chunk]() -> Result<void, Error> {
      if (!receiving_) return Err{Error::NotStarted};
      if (offset > size_ || chunk.size() > size_ - offset) return Err{Error::OutOfRange};
      constexpr std::uint32_t w = Flash::write_size;
      const std::uint32_t end = offset + static_cast<std::uint32_t>(chunk.size());
      if (offset % w != 0 || (chunk.size() % w != 0 && end != size_)) return Err{Error::NotAligned};
      const std::size_t whole = chunk.size() - chunk.size() % w;
      if (whole > 0 && !layout_.dfu.write(offset, chunk.first(whole))) return Err{Error::Flash};
      if (whole < chunk.size()) {  // the image's last, partial write unit
        std::array<std::byte, w> last;
        last.fill(std::byte{0xFF});
        std::memcpy(last.data(), chunk.data() + whole, chunk.size() - whole);
        if (!layout_.dfu.write(offset + static_cast<std::uint32_t>(whole), last)) return Err{Error::Flash};
      }
      if (end > received_) received_ = end;
      return {};
    };
    return Deferred<void, decltype(fn)>(fn);
  }

  /// Checks the received image (every Error of mote/boot/image.hpp) and, if it is good,
  /// records the swap request in STATE: the next reset installs it. Yields its header.
  class [[nodiscard]] Finish {
   public:
    explicit Finish(FirmwareUpdater& u) noexcept : u_(&u) {}
    // Futures move only before their first poll (mote/future.hpp): nothing to carry yet.
    Finish(Finish&& o) noexcept : u_(o.u_) {}
    Finish& operator=(Finish&&) = delete;
    bool poll(Waker waker) {
      if (result_) return true;
      if (!u_->receiving_) {
        result_.emplace(Err{Error::NotStarted});
        return true;
      }
      if (!verifier_) verifier_.emplace(u_->layout_.dfu, u_->policy_, u_->received_ < u_->size_ ? u_->received_ : u_->size_);
      auto r = verifier_->step();
      if (!r) {
        waker.wake();  // more to hash: let other tasks run first
        return false;
      }
      if (*r) {
        if (auto m = u_->request_swap((*r)->total_size()); !m) r.emplace(Err{m.error()});
      }
      u_->receiving_ = false;
      result_.emplace(std::move(*r));
      return true;
    }
    Result<ImageHeader, Error> take() noexcept { return std::move(*result_); }

   private:
    FirmwareUpdater* u_;
    std::optional<ImageVerifier<Flash>> verifier_;
    std::optional<Result<ImageHeader, Error>> result_;
  };
  Finish finish() noexcept { return Finish(*this); }

  /// Confirms the running image (after an update: cancels the rollback). Ok when there is
  /// nothing to confirm.
  auto mark_booted() {
    auto fn = [this]() -> Result<void, Error> {
      auto j = J::read(layout_);
      if (!j) return Err{j.error()};
      if (!j->trial()) return {};
      return J::write_slot(layout_.state, detail::slot_booted, 0);
    };
    return Deferred<void, decltype(fn)>(fn);
  }

  /// Where the update stands (reads STATE unless receiving). Blocking; task context.
  Result<UpdateState, Error> state() {
    if (receiving_) return UpdateState::Receiving;
    auto j = J::read(layout_);
    if (!j) return Err{j.error()};
    if (j->trial()) return UpdateState::Trial;
    if (j->swap_requested && !j->idle()) return UpdateState::Pending;
    return UpdateState::Idle;
  }

 private:
  Result<void, Error> request_swap(std::uint32_t total) {
    const std::uint32_t pages = (total + Flash::erase_size - 1) / Flash::erase_size;
    // The page count before the magic: a magic never stands beside a missing count.
    if (auto w = J::write_slot(layout_.state, detail::slot_pages, pages); !w) return w;
    return J::write_slot(layout_.state, detail::slot_magic, detail::swap_magic);
  }

  Layout<Flash> layout_;
  ImagePolicy policy_;
  std::uint32_t size_ = 0;
  std::uint32_t received_ = 0;
  bool receiving_ = false;
};

}  // namespace mote::boot
