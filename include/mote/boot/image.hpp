// mote/boot/image.hpp: the signed firmware image (header + payload), its errors, and the crypto
// that checks it (SHA-256 and ECDSA P-256 from mbedTLS, src/boot/crypto.cpp; docs/boot.md).
//
//   offset  size  field (little-endian)
//   0       4     magic "MOTE"
//   4       2     header_version (1)          6   2   header_size (256)
//   8       4     payload_size                12  4   version (major << 24 | minor << 16 | patch)
//   16      4     flags (0)                   20  4   reserved (0)
//   24      32    board name, NUL padded (e.g. "riscv32-virt")
//   56      40    reserved (0)
//   96      32    SHA-256 of header bytes [0, 96) followed by the payload
//   128     64    ECDSA P-256 signature of that digest: r || s, 32 bytes each, big-endian
//   192     64    padding (not covered; ignored)
//   256     ...   payload (the program: linked to run from its partition + 256)
//
// tools/sign-image writes this format; the bootloader checks it before it swaps, the updater
// before it marks an update ready. Checking means, in this order: magic and header version
// (BadHeader), size against the partition (TooLarge) and against the bytes received
// (Truncated), board (WrongBoard), version against the running one (VersionRollback, unless
// allowed), digest (Corrupt), a signature present (Unsigned), the signature under the key
// compiled into the firmware (WrongKey).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "mote/result.hpp"

namespace mote::boot {

/// Everything the bootloader and the updater can refuse, each with a message.
enum class Error : std::uint8_t {
  BadHeader,        ///< not a mote image (magic) or an unknown header version
  Truncated,        ///< fewer bytes than the header announces
  TooLarge,         ///< larger than the partition it must fit in
  WrongBoard,       ///< built for another board
  VersionRollback,  ///< older than the running image (refused unless allowed)
  Corrupt,          ///< the digest does not match the bytes: changed after signing, or damaged
  Unsigned,         ///< no signature (sign-image --unsigned, or an erased signature)
  WrongKey,         ///< the signature does not verify under this firmware's public key
  Flash,            ///< a flash operation failed (power loss, device error)
  NotStarted,       ///< write/finish without a successful begin
  OutOfRange,       ///< a chunk beyond the size given to begin
  NotAligned,       ///< a chunk that does not start on a write unit (or ends mid-unit before the end)
  NotConfirmed,     ///< a new update while the running image has not called mark_booted()
  NoValidImage,     ///< the bootloader found no verified image to boot
};

/// A fixed text for `e`. ISR-safe.
constexpr const char* error_message(Error e) noexcept {
  switch (e) {
    case Error::BadHeader: return "boot: not a mote image (bad magic or header version)";
    case Error::Truncated: return "boot: image truncated";
    case Error::TooLarge: return "boot: image too large for the partition";
    case Error::WrongBoard: return "boot: image built for another board";
    case Error::VersionRollback: return "boot: image older than the running one (rollback refused)";
    case Error::Corrupt: return "boot: image corrupt (digest mismatch)";
    case Error::Unsigned: return "boot: image not signed";
    case Error::WrongKey: return "boot: signature does not verify (wrong key)";
    case Error::Flash: return "boot: flash operation failed";
    case Error::NotStarted: return "boot: no update in progress (call begin first)";
    case Error::OutOfRange: return "boot: chunk beyond the announced size";
    case Error::NotAligned: return "boot: chunk not aligned to the flash write unit";
    case Error::NotConfirmed: return "boot: running image not confirmed (mark_booted) yet";
    case Error::NoValidImage: return "boot: no valid image to boot";
  }
  return "boot: error";
}

/// The enumerator's name ("WrongKey"), as transports name an error on the wire (HTTP bodies,
/// mote-push's table). ISR-safe.
constexpr const char* error_name(Error e) noexcept {
  constexpr const char* names[] = {"BadHeader", "Truncated",  "TooLarge",   "WrongBoard", "VersionRollback",
                                   "Corrupt",   "Unsigned",   "WrongKey",   "Flash",      "NotStarted",
                                   "OutOfRange", "NotAligned", "NotConfirmed", "NoValidImage"};
  const auto i = static_cast<std::size_t>(e);
  return i < sizeof names / sizeof names[0] ? names[i] : "Unknown";
}
static_assert(error_name(Error::NoValidImage)[0] == 'N' && error_name(Error::WrongKey)[0] == 'W', "names follow the enum");

inline constexpr std::uint32_t image_magic = 0x45544F4Du;  // "MOTE" in memory order
inline constexpr std::uint16_t image_header_version = 1;
inline constexpr std::uint32_t image_header_size = 256;
inline constexpr std::uint32_t image_signed_header_bytes = 96;  // header bytes the digest covers
inline constexpr std::size_t image_board_name_size = 32;

using Digest = std::array<std::uint8_t, 32>;
using Signature = std::array<std::uint8_t, 64>;
/// An uncompressed P-256 point: 0x04 || X || Y (what `tools/sign-image pubkey` prints).
using PublicKey = std::array<std::uint8_t, 65>;

/// The decoded header.
struct ImageHeader {
  std::uint32_t payload_size = 0;
  std::uint32_t version = 0;
  std::uint32_t flags = 0;
  std::array<char, image_board_name_size> board{};
  Digest digest{};
  Signature signature{};

  /// Header plus payload: the bytes the image occupies in its partition.
  std::uint32_t total_size() const noexcept { return image_header_size + payload_size; }
  std::string_view board_name() const noexcept;
};

/// Decodes the first image_header_size bytes of an image. Fails with BadHeader only. ISR-safe.
Result<ImageHeader, Error> parse_image_header(std::span<const std::byte, image_header_size> bytes) noexcept;

/// "major.minor.patch" of a packed version into `out` (at least 16 bytes). ISR-safe.
const char* format_version(std::uint32_t version, std::span<char> out) noexcept;

/// Streaming SHA-256 (mbedTLS). Not ISR-safe: one object per user.
class Sha256 {
 public:
  Sha256() noexcept;
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::span<const std::byte> bytes) noexcept;
  Digest finish() noexcept;

 private:
  alignas(8) std::byte state_[128];  // an mbedtls_sha256_context (size checked in crypto.cpp)
};

/// Whether `signature` (r || s) signs `digest` under `key`: Ok, WrongKey (bad signature or a
/// key that is not a P-256 point), Unsigned (an all-0xFF or all-zero signature). Uses a static
/// work buffer: not reentrant, not ISR-safe.
Result<void, Error> verify_signature(const Digest& digest, const Signature& signature, const PublicKey& key) noexcept;

/// What the checks compare an image against.
struct ImagePolicy {
  PublicKey key{};                    ///< the public key compiled into the firmware
  std::string_view board;             ///< this board's name (MOTE_BOARD)
  std::uint32_t max_total_size = 0;   ///< header + payload must fit (the ACTIVE partition)
  std::uint32_t min_version = 0;      ///< the running version: older is VersionRollback
  bool allow_downgrade = false;       ///< accept an older version (never a wrong signature)
};

/// The header checks (no digest): TooLarge, WrongBoard, VersionRollback. ISR-safe.
Result<void, Error> check_image_header(const ImageHeader& header, const ImagePolicy& policy) noexcept;

}  // namespace mote::boot
