// The image header's decoding and checks (mote/boot/image.hpp): no crypto here.
#include "mote/boot/image.hpp"

#include <cstdio>
#include <cstring>

namespace mote::boot {
namespace {
std::uint32_t le32(const std::byte* p) noexcept {
  return std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 | std::uint32_t(p[3]) << 24;
}
std::uint16_t le16(const std::byte* p) noexcept { return static_cast<std::uint16_t>(std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8); }
}  // namespace

std::string_view ImageHeader::board_name() const noexcept {
  std::size_t n = 0;
  while (n < board.size() && board[n] != '\0') ++n;
  return {board.data(), n};
}

Result<ImageHeader, Error> parse_image_header(std::span<const std::byte, image_header_size> bytes) noexcept {
  const std::byte* p = bytes.data();
  if (le32(p) != image_magic || le16(p + 4) != image_header_version || le16(p + 6) != image_header_size) {
    return Err{Error::BadHeader};
  }
  ImageHeader h;
  h.payload_size = le32(p + 8);
  h.version = le32(p + 12);
  h.flags = le32(p + 16);
  std::memcpy(h.board.data(), p + 24, h.board.size());
  std::memcpy(h.digest.data(), p + 96, h.digest.size());
  std::memcpy(h.signature.data(), p + 128, h.signature.size());
  if (h.payload_size > 0xFFFFFFFFu - image_header_size) return Err{Error::BadHeader};
  return h;
}

const char* format_version(std::uint32_t version, std::span<char> out) noexcept {
  std::snprintf(out.data(), out.size(), "%u.%u.%u", unsigned(version >> 24), unsigned((version >> 16) & 0xFF),
                unsigned(version & 0xFFFF));
  return out.data();
}

Result<void, Error> check_image_header(const ImageHeader& header, const ImagePolicy& policy) noexcept {
  if (header.total_size() > policy.max_total_size) return Err{Error::TooLarge};
  if (header.board_name() != policy.board) return Err{Error::WrongBoard};
  if (header.version < policy.min_version && !policy.allow_downgrade) return Err{Error::VersionRollback};
  return {};
}

}  // namespace mote::boot
