// mote/hal/flash.hpp: the NorFlash concept (archetype and near misses) and the host's simulated
// NOR flash (mote/host/sim_nor_flash.hpp), which the bootloader tests rely on to behave like a
// real part: erase to 0xFF, bits only cleared by writes, granularity enforced, torn operations.
#include <mote/hal/flash.hpp>
#include <mote/host/sim_nor_flash.hpp>

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>
#include <unistd.h>

namespace {

using mote::hal::FlashError;
using mote::hal::FlashResult;

struct FlashArchetype {
  static constexpr std::uint32_t read_size = 1;
  static constexpr std::uint32_t write_size = 4;
  static constexpr std::uint32_t erase_size = 1024;
  std::uint32_t capacity() const { return 4096; }
  FlashResult read(std::uint32_t, std::span<std::byte>) { return {}; }
  FlashResult write(std::uint32_t, std::span<const std::byte>) { return {}; }
  FlashResult erase(std::uint32_t, std::uint32_t) { return {}; }
};
struct NoErase {  // a ROM
  static constexpr std::uint32_t read_size = 1;
  static constexpr std::uint32_t write_size = 4;
  static constexpr std::uint32_t erase_size = 1024;
  std::uint32_t capacity() const { return 4096; }
  FlashResult read(std::uint32_t, std::span<std::byte>) { return {}; }
  FlashResult write(std::uint32_t, std::span<const std::byte>) { return {}; }
};
struct BoolResults {  // untyped errors
  static constexpr std::uint32_t read_size = 1;
  static constexpr std::uint32_t write_size = 4;
  static constexpr std::uint32_t erase_size = 1024;
  std::uint32_t capacity() const { return 4096; }
  bool read(std::uint32_t, std::span<std::byte>) { return true; }
  bool write(std::uint32_t, std::span<const std::byte>) { return true; }
  bool erase(std::uint32_t, std::uint32_t) { return true; }
};
struct OddGeometry : FlashArchetype {  // an erase unit that does not hold whole write units
  static constexpr std::uint32_t write_size = 3;
};
struct RuntimeGeometry {  // sizes known only at run time
  [[maybe_unused]] static inline std::uint32_t read_size = 1, write_size = 4, erase_size = 1024;
  std::uint32_t capacity() const { return 4096; }
  FlashResult read(std::uint32_t, std::span<std::byte>) { return {}; }
  FlashResult write(std::uint32_t, std::span<const std::byte>) { return {}; }
  FlashResult erase(std::uint32_t, std::uint32_t) { return {}; }
};
static_assert(mote::hal::NorFlash<FlashArchetype>);
static_assert(mote::hal::NorFlash<mote::host::SimNorFlash<4, 4096>>);
static_assert(mote::hal::NorFlash<mote::host::SimNorFlash<1, 256>>);
static_assert(!mote::hal::NorFlash<NoErase>);
static_assert(!mote::hal::NorFlash<BoolResults>);
static_assert(!mote::hal::NorFlash<OddGeometry>);
static_assert(!mote::hal::NorFlash<RuntimeGeometry>);

using Flash = mote::host::SimNorFlash<4, 256>;

std::array<std::byte, 4> word(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
  return {std::byte{a}, std::byte{b}, std::byte{c}, std::byte{d}};
}
std::array<std::byte, 4> read_word(Flash& f, std::uint32_t at) {
  std::array<std::byte, 4> w{};
  EXPECT_TRUE(f.read(at, w));
  return w;
}

// Every error has its own text (what Result::unwrap prints), Protected included.
TEST(FlashError, EachErrorHasItsOwnMessage) {
  EXPECT_STREQ(mote::hal::error_message(FlashError::Protected), "flash: protected range");
  const FlashError all[] = {FlashError::OutOfBounds, FlashError::NotAligned, FlashError::PowerLoss, FlashError::Device,
                            FlashError::Protected};
  for (FlashError a : all) {
    for (FlashError b : all) {
      if (a != b) {
        EXPECT_STRNE(mote::hal::error_message(a), mote::hal::error_message(b));
      }
    }
  }
}

TEST(SimNorFlash, StartsErasedAndWritesOnlyClearBits) {
  Flash f(1024);
  EXPECT_EQ(f.capacity(), 1024u);
  EXPECT_EQ(read_word(f, 0), word(0xFF, 0xFF, 0xFF, 0xFF));
  ASSERT_TRUE(f.write(0, word(0xF0, 0x0F, 0xAA, 0x00)));
  EXPECT_EQ(read_word(f, 0), word(0xF0, 0x0F, 0xAA, 0x00));
  // Writing again ANDs: 1 bits cannot come back without an erase.
  ASSERT_TRUE(f.write(0, word(0xFF, 0xF3, 0x0F, 0xFF)));
  EXPECT_EQ(read_word(f, 0), word(0xF0, 0x03, 0x0A, 0x00));
  ASSERT_TRUE(f.erase(0, 256));
  EXPECT_EQ(read_word(f, 0), word(0xFF, 0xFF, 0xFF, 0xFF));
  EXPECT_EQ(f.erase_count(0), 1u);
  EXPECT_EQ(f.erase_count(1), 0u);
}

TEST(SimNorFlash, EnforcesBoundsAndGranularityAndTouchesNothingOnError) {
  Flash f(1024);
  ASSERT_TRUE(f.write(256, word(1, 2, 3, 4)));
  EXPECT_EQ(f.write(2, word(0, 0, 0, 0)).error(), FlashError::NotAligned);
  const auto zero = word(0, 0, 0, 0);
  EXPECT_EQ(f.write(0, std::span<const std::byte>(zero).first(3)).error(), FlashError::NotAligned);
  EXPECT_EQ(f.write(1024, word(0, 0, 0, 0)).error(), FlashError::OutOfBounds);
  EXPECT_EQ(f.write(1022, word(0, 0, 0, 0)).error(), FlashError::OutOfBounds);
  EXPECT_EQ(f.erase(0, 100).error(), FlashError::NotAligned);
  EXPECT_EQ(f.erase(128, 512).error(), FlashError::NotAligned);
  EXPECT_EQ(f.erase(768, 1280).error(), FlashError::OutOfBounds);
  EXPECT_EQ(f.erase(512, 256).error(), FlashError::OutOfBounds);
  std::array<std::byte, 8> buf{};
  EXPECT_EQ(f.read(1020, buf).error(), FlashError::OutOfBounds);
  EXPECT_TRUE(f.read(1, std::span(buf).first(3)));  // reads have byte granularity
  EXPECT_EQ(read_word(f, 256), word(1, 2, 3, 4));
  EXPECT_EQ(read_word(f, 0), word(0xFF, 0xFF, 0xFF, 0xFF));
  EXPECT_EQ(f.operations(), 1u);
}

TEST(SimNorFlash, PowerCutTearsTheOperationAndStopsEverythingUntilRestored) {
  Flash f(1024);
  std::array<std::byte, 8> zeros{};
  f.cut_power_after(2);
  EXPECT_TRUE(f.write(0, word(0, 0, 0, 0)));
  EXPECT_TRUE(f.write(4, word(0, 0, 0, 0)));
  EXPECT_EQ(f.write(8, zeros).error(), FlashError::PowerLoss);  // the third is torn
  EXPECT_TRUE(f.power_lost());
  EXPECT_EQ(f.erase(256, 512).error(), FlashError::PowerLoss);
  std::array<std::byte, 4> w{};
  EXPECT_EQ(f.read(0, w).error(), FlashError::PowerLoss);
  f.restore_power();
  // Torn write: first half programmed, next byte half programmed, the rest untouched.
  EXPECT_EQ(read_word(f, 8), word(0, 0, 0, 0));
  EXPECT_EQ(read_word(f, 12), word(0xF0, 0xFF, 0xFF, 0xFF));
  EXPECT_EQ(f.erase_count(1), 0u);  // the erase after the cut never happened

  // Torn erase: the last half erased, the first half garbage (neither old nor erased).
  f.cut_power_after(0);
  EXPECT_EQ(f.erase(0, 256).error(), FlashError::PowerLoss);
  f.restore_power();
  EXPECT_EQ(read_word(f, 0), word(0x55, 0x55, 0x55, 0x55));
  EXPECT_EQ(read_word(f, 128), word(0xFF, 0xFF, 0xFF, 0xFF));
  EXPECT_TRUE(f.erase(0, 256));
  EXPECT_EQ(read_word(f, 0), word(0xFF, 0xFF, 0xFF, 0xFF));
}

TEST(SimNorFlash, FileBackedContentOutlivesTheObject) {
  const std::string path = testing::TempDir() + "/sim_nor_flash_" + std::to_string(::getpid()) + ".bin";
  std::filesystem::remove(path);
  {
    auto f = Flash::open(path, 1024);
    ASSERT_TRUE(f.has_value());
    ASSERT_TRUE(f->write(512, word(0xDE, 0xAD, 0xBE, 0xEF)));
  }
  EXPECT_EQ(std::filesystem::file_size(path), 1024u);
  {
    auto f = Flash::open(path, 1024);
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(read_word(*f, 512), word(0xDE, 0xAD, 0xBE, 0xEF));
    EXPECT_EQ(read_word(*f, 0), word(0xFF, 0xFF, 0xFF, 0xFF));
  }
  EXPECT_FALSE(Flash::open(path, 2048).has_value());  // another geometry: refused, file kept
  EXPECT_EQ(std::filesystem::file_size(path), 1024u);
  std::filesystem::remove(path);
}

}  // namespace
