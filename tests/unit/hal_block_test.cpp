// mote/hal/block.hpp: the BlockDevice concept against an archetype and near misses; the SD card
// driver (mote/devices/sd_card.hpp) models it over any SpiBus; its checksums against the
// specification's values.
#include <mote/devices/sd_card.hpp>
#include <mote/hal/block.hpp>

#include <cstring>

#include "test_support.hpp"

namespace {

using mote::hal::BlockError;
using mote::hal::BlockResult;

template <class T>
struct Ready {
  T value;
  bool poll(mote::Waker) noexcept { return true; }
  T take() noexcept { return value; }
};
using Count = mote::Result<std::uint32_t, BlockError>;

struct DiskArchetype {
  Ready<BlockResult> read(std::uint32_t, std::span<std::byte>) { return {{}}; }
  Ready<BlockResult> write(std::uint32_t, std::span<const std::byte>) { return {{}}; }
  Ready<Count> block_count() { return {Count(1)}; }
};
struct DiskWithoutCount {
  Ready<BlockResult> read(std::uint32_t, std::span<std::byte>) { return {{}}; }
  Ready<BlockResult> write(std::uint32_t, std::span<const std::byte>) { return {{}}; }
};
struct BlockingDisk {  // returns results directly: not futures
  BlockResult read(std::uint32_t, std::span<std::byte>) { return {}; }
  BlockResult write(std::uint32_t, std::span<const std::byte>) { return {}; }
  Count block_count() { return Count(1); }
};
struct DiskWithOtherError {  // its own error type instead of hal::BlockError
  enum class E { Bad };
  Ready<mote::Result<void, E>> read(std::uint32_t, std::span<std::byte>) { return {{}}; }
  Ready<mote::Result<void, E>> write(std::uint32_t, std::span<const std::byte>) { return {{}}; }
  Ready<Count> block_count() { return {Count(1)}; }
};
static_assert(mote::hal::BlockDevice<DiskArchetype>);
static_assert(!mote::hal::BlockDevice<DiskWithoutCount>);
static_assert(!mote::hal::BlockDevice<BlockingDisk>);
static_assert(!mote::hal::BlockDevice<DiskWithOtherError>);

// The SD card driver models BlockDevice over any SpiBus and OutputPin.
struct SpiReady {
  bool poll(mote::Waker) noexcept { return true; }
  mote::hal::SpiResult take() noexcept { return {}; }
};
struct BusArchetype {
  SpiReady read(std::span<std::byte>) { return {}; }
  SpiReady write(std::span<const std::byte>) { return {}; }
  SpiReady transfer(std::span<std::byte>, std::span<const std::byte>) { return {}; }
  SpiReady transfer_in_place(std::span<std::byte>) { return {}; }
  SpiReady flush() { return {}; }
};
struct Pin {
  void set_high() {}
  void set_low() {}
};
static_assert(mote::hal::BlockDevice<mote::devices::SdCard<BusArchetype, Pin>>);

TEST(HalBlock, SdChecksumsMatchTheSpecification) {
  // CRC7 of CMD0 and CMD8 (0x1AA): the two the specification spells out.
  const std::uint8_t cmd0[5]{0x40, 0, 0, 0, 0};
  const std::uint8_t cmd17[5]{0x51, 0, 0, 0, 0};
  EXPECT_EQ(mote::devices::detail::sd_crc7(cmd0, 5), 0x95);
  EXPECT_EQ(mote::devices::detail::sd_crc7(cmd17, 5), 0x55);  // CMD17 arg 0: 0x55 (the specification's example)
  // CRC16 of a block of 512 bytes of 0xFF is 0x7FA1 (the specification's example).
  std::byte ones[512];
  std::memset(ones, 0xFF, sizeof ones);
  EXPECT_EQ(mote::devices::detail::sd_crc16(ones), 0x7FA1);
  // CRC-16/XMODEM check value.
  const char* check = "123456789";
  EXPECT_EQ(mote::devices::detail::sd_crc16(std::as_bytes(std::span(check, 9))), 0x31C3);
}

TEST(HalBlock, ErrorsHaveMessages) {
  EXPECT_STREQ(mote::hal::error_message(BlockError::NoDevice), "block: no device");
  EXPECT_STREQ(mote::hal::error_message(BlockError::BadBufferSize), "block: buffer size is not a multiple of 512");
}

}  // namespace
