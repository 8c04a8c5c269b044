// mote/boot/verify.hpp: checking a signed image stored in a partition (mote/boot/image.hpp),
// all at once (verify_image, what the bootloader calls) or a chunk at a time (ImageVerifier,
// what the updater's finish() future polls, so a task hashing 64 KiB lets others run).
//
//   auto header = mote::boot::verify_image(dfu, policy, received_bytes);  // Result<ImageHeader, Error>
//
// Blocking flash reads; not reentrant (the signature check uses a static work buffer); not
// from an interrupt.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "mote/boot/image.hpp"
#include "mote/boot/partition.hpp"

namespace mote::boot {

template <hal::NorFlash Flash>
class ImageVerifier {
 public:
  static constexpr std::uint32_t chunk_size = 256;

  /// Checks the image at the start of `part`, of which only the first `available` bytes are
  /// meaningful (the bytes received; the partition's size when checking an installed image).
  ImageVerifier(Partition<Flash> part, const ImagePolicy& policy, std::uint32_t available) noexcept
      : part_(part), policy_(&policy), available_(available) {}

  /// Does the next piece of work; returns the outcome once there is one.
  std::optional<Result<ImageHeader, Error>> step() {
    if (!started_) {
      started_ = true;
      if (available_ < image_header_size) return Result<ImageHeader, Error>(Err{Error::Truncated});
      std::array<std::byte, image_header_size> raw;
      if (!part_.read(0, raw)) return Result<ImageHeader, Error>(Err{Error::Flash});
      auto h = parse_image_header(raw);
      if (!h) return h;
      header_ = *h;
      if (header_.total_size() > policy_->max_total_size || header_.total_size() > part_.capacity() ||
          header_.payload_size > policy_->max_total_size) {
        return Result<ImageHeader, Error>(Err{Error::TooLarge});
      }
      if (header_.total_size() > available_) return Result<ImageHeader, Error>(Err{Error::Truncated});
      if (auto c = check_image_header(header_, *policy_); !c) return Result<ImageHeader, Error>(Err{c.error()});
      sha_.update(std::span(raw).first(image_signed_header_bytes));
      at_ = image_header_size;
      return std::nullopt;
    }
    const std::uint32_t end = header_.total_size();
    if (at_ < end) {
      std::array<std::byte, chunk_size> buf;
      const std::uint32_t n = end - at_ < chunk_size ? end - at_ : chunk_size;
      if (!part_.read(at_, std::span(buf).first(n))) return Result<ImageHeader, Error>(Err{Error::Flash});
      sha_.update(std::span(buf).first(n));
      at_ += n;
      return std::nullopt;
    }
    if (sha_.finish() != header_.digest) return Result<ImageHeader, Error>(Err{Error::Corrupt});
    if (auto v = verify_signature(header_.digest, header_.signature, policy_->key); !v) {
      return Result<ImageHeader, Error>(Err{v.error()});
    }
    return Result<ImageHeader, Error>(header_);
  }

 private:
  Partition<Flash> part_;
  const ImagePolicy* policy_;
  std::uint32_t available_;
  bool started_ = false;
  std::uint32_t at_ = 0;
  ImageHeader header_{};
  Sha256 sha_;
};

/// Checks the image at the start of `part` in one go (see ImageVerifier).
template <hal::NorFlash Flash>
Result<ImageHeader, Error> verify_image(Partition<Flash> part, const ImagePolicy& policy, std::uint32_t available) {
  ImageVerifier<Flash> v(part, policy, available);
  for (;;) {
    if (auto r = v.step()) return *r;
  }
}

/// Reads and parses the header at the start of `part` (no digest or signature check).
template <hal::NorFlash Flash>
Result<ImageHeader, Error> read_image_header(Partition<Flash> part) {
  std::array<std::byte, image_header_size> raw;
  if (!part.read(0, raw)) return Err{Error::Flash};
  return parse_image_header(raw);
}

}  // namespace mote::boot
