// mote/hal/block.hpp: block storage as a concept (SD cards, virtio-blk): 512-byte blocks read
// and written by number (embedded-sdmmc's BlockDevice).
//
//   template <mote::hal::BlockDevice D>
//   mote::Async<bool> is_formatted(D& disk) {
//     std::byte boot[mote::hal::kBlockSize];
//     auto r = co_await disk.read(0, boot);          // Result<void, hal::BlockError>
//     co_return r && boot[510] == std::byte{0x55} && boot[511] == std::byte{0xAA};
//   }
//
// read(first_block, buffer) and write(first_block, bytes) move buffer.size() / 512 consecutive
// blocks (the size must be a non-zero multiple of 512); block_count() yields the device's size in
// blocks. Each is a Future yielding a Result with hal::BlockError. Buffers are borrowed until the
// future completes or is destroyed; destroying a write before it completes leaves the blocks it
// had not finished with unspecified contents (the device stays usable).
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>

#include "mote/future.hpp"
#include "mote/result.hpp"

namespace mote::hal {

/// Bytes in a block.
inline constexpr std::size_t kBlockSize = 512;

/// Why a block operation failed.
enum class BlockError : std::uint8_t {
  NoDevice,       ///< nothing answered (no card in the slot)
  NotReady,       ///< the device did not finish initialising or was not initialised
  OutOfRange,     ///< a block beyond the end of the device; nothing was transferred
  BadBufferSize,  ///< the buffer is empty or not a multiple of kBlockSize; nothing was transferred
  Crc,            ///< the data arrived with a wrong checksum (or the device reported one)
  Response,       ///< the device answered something the protocol does not allow here
  Timeout,        ///< the device stayed busy (or silent) for longer than its specification allows
  WriteFailed,    ///< the device refused to write the data (write error, write protection)
  Bus,            ///< the bus to the device failed
};

/// A fixed text for `e` (what Result::unwrap prints). ISR-safe.
constexpr const char* error_message(BlockError e) noexcept {
  switch (e) {
    case BlockError::NoDevice: return "block: no device";
    case BlockError::NotReady: return "block: device not initialised";
    case BlockError::OutOfRange: return "block: block number out of range";
    case BlockError::BadBufferSize: return "block: buffer size is not a multiple of 512";
    case BlockError::Crc: return "block: CRC error";
    case BlockError::Response: return "block: unexpected response";
    case BlockError::Timeout: return "block: device timed out";
    case BlockError::WriteFailed: return "block: write refused";
    case BlockError::Bus: return "block: bus error";
  }
  return "block: error";
}

using BlockResult = Result<void, BlockError>;

/// A device of 512-byte blocks: read, write and block_count, each a Future.
template <class D>
concept BlockDevice = requires(D& d, std::uint32_t block, std::span<std::byte> in, std::span<const std::byte> out) {
  requires Future<decltype(d.read(block, in))>;
  requires std::same_as<future_result_t<decltype(d.read(block, in))>, BlockResult>;
  requires Future<decltype(d.write(block, out))>;
  requires std::same_as<future_result_t<decltype(d.write(block, out))>, BlockResult>;
  requires Future<decltype(d.block_count())>;
  requires std::same_as<future_result_t<decltype(d.block_count())>, Result<std::uint32_t, BlockError>>;
};

}  // namespace mote::hal
