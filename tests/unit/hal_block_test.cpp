// mote/hal/block.hpp: the BlockDevice concept against an archetype and near misses; the SD card
// driver (mote/devices/sd_card.hpp) models it over any SpiBus; its checksums against the
// specification's values.
#include <mote/block_on.hpp>
#include <mote/devices/sd_card.hpp>
#include <mote/hal/block.hpp>

#include <cstring>
#include <deque>
#include <vector>

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

// ---- The SD card driver against a card model on the host -----------------------------------
// QEMU's card computes correct checksums and never refuses a write, so the error paths a real
// card can take are exercised here, byte by byte, against this model of an SD card in SPI mode
// (SDHC unless `version1`), with faults to switch on.
struct FakeCard {
  bool present = true;
  bool version1 = false;     // CMD8 is illegal (a version 1 card)
  bool bad_echo = false;     // CMD8 echoes the wrong check pattern
  bool corrupt_read_crc = false;
  std::uint8_t data_response = 0x05;  // 0x05 accepted, 0x0B CRC error, 0x0D write error
  std::vector<std::byte> storage = std::vector<std::byte>(2048 * 512);
  bool selected = false;
  int writes_refused = 0;

  std::deque<std::uint8_t> out;  // what the card sends next
  std::uint8_t frame[6]{};
  int frame_len = 0;
  bool app = false;
  enum class Rx { Command, Token, Data } rx = Rx::Command;
  std::uint32_t write_block = 0;
  std::vector<std::uint8_t> incoming;

  void push_data(const std::uint8_t* d, std::size_t n, bool corrupt) {
    out.push_back(0xFF);
    out.push_back(0xFE);
    std::uint16_t crc = mote::devices::detail::sd_crc16(std::as_bytes(std::span(d, n)));
    if (corrupt) crc ^= 1;
    out.insert(out.end(), d, d + n);
    out.push_back(static_cast<std::uint8_t>(crc >> 8));
    out.push_back(static_cast<std::uint8_t>(crc));
  }
  void command() {
    const std::uint8_t index = frame[0] & 0x3F;
    const std::uint32_t arg = std::uint32_t{frame[1]} << 24 | frame[2] << 16 | frame[3] << 8 | frame[4];
    const bool was_app = std::exchange(app, false);
    out.push_back(0xFF);  // N_CR
    if (was_app && index == 41) {
      out.push_back(0x00);
      return;
    }
    switch (index) {
      case 0: out.push_back(0x01); break;
      case 8:
        if (version1) {
          out.push_back(0x05);
        } else {
          for (std::uint8_t b : {0x01, 0x00, 0x00, 0x01, bad_echo ? 0x55 : 0xAA}) out.push_back(b);
        }
        break;
      case 55: app = true; out.push_back(0x00); break;
      case 58: for (std::uint8_t b : {0x00, 0xC0, 0xFF, 0x80, 0x00}) out.push_back(b); break;  // CCS set
      case 16: out.push_back(0x00); break;
      case 9: {
        // CSD version 2, C_SIZE = 1: (1 + 1) * 1024 blocks.
        const std::uint8_t csd[16]{0x40, 0x0E, 0x00, 0x32, 0x5B, 0x59, 0x00, 0x00, 0x00, 0x01, 0x7F, 0x80, 0x0A, 0x40, 0x00, 0x01};
        out.push_back(0x00);
        push_data(csd, 16, false);
        break;
      }
      case 17: {
        out.push_back(0x00);
        push_data(reinterpret_cast<const std::uint8_t*>(storage.data()) + arg * 512, 512, corrupt_read_crc);
        break;
      }
      case 24: out.push_back(0x00); write_block = arg; rx = Rx::Token; break;
      default: out.push_back(0x04); break;  // illegal
    }
  }
  std::uint8_t exchange(std::uint8_t mosi) {
    if (!present || !selected) return 0xFF;
    std::uint8_t miso = 0xFF;
    if (!out.empty()) {
      miso = out.front();
      out.pop_front();
    }
    switch (rx) {
      case Rx::Command:
        if (frame_len > 0 || (mosi & 0xC0) == 0x40) {
          frame[frame_len++] = mosi;
          if (frame_len == 6) {
            frame_len = 0;
            command();
          }
        }
        break;
      case Rx::Token:
        if (mosi == 0xFE) {
          rx = Rx::Data;
          incoming.clear();
        }
        break;
      case Rx::Data:
        incoming.push_back(mosi);
        if (incoming.size() == 514) {
          rx = Rx::Command;
          out.push_back(data_response);
          out.push_back(0x00);  // busy for a byte
          if (data_response == 0x05) {
            std::memcpy(storage.data() + write_block * 512, incoming.data(), 512);
          } else {
            ++writes_refused;
          }
        }
        break;
    }
    return miso;
  }
};

struct FakeBus {  // a hal::SpiBus whose bytes go to the card model at once
  FakeCard* card;
  struct Op {
    FakeCard* card;
    std::byte* in;
    const std::byte* out;
    std::size_t in_size, out_size, size;
    bool poll(mote::Waker) noexcept {
      for (std::size_t i = 0; i < size; ++i) {
        const std::uint8_t b = card->exchange(out != nullptr && i < out_size ? std::to_integer<std::uint8_t>(out[i]) : 0xFF);
        if (in != nullptr && i < in_size) in[i] = std::byte{b};
      }
      return true;
    }
    mote::hal::SpiResult take() noexcept { return {}; }
  };
  Op read(std::span<std::byte> b) { return {card, b.data(), nullptr, b.size(), 0, b.size()}; }
  Op write(std::span<const std::byte> b) { return {card, nullptr, b.data(), 0, b.size(), b.size()}; }
  Op transfer(std::span<std::byte> i, std::span<const std::byte> o) {
    return {card, i.data(), o.data(), i.size(), o.size(), std::max(i.size(), o.size())};
  }
  Op transfer_in_place(std::span<std::byte> b) { return {card, b.data(), b.data(), b.size(), b.size(), b.size()}; }
  Op flush() { return {card, nullptr, nullptr, 0, 0, 0}; }
};
static_assert(mote::hal::SpiBus<FakeBus>);

struct CsPin {
  FakeCard* card;
  void set_high() { card->selected = false; }
  void set_low() { card->selected = true; }
};

struct Rig {
  FakeCard card;
  FakeBus bus{&card};
  CsPin cs{&card};
  mote::hal::SharedSpiBus<FakeBus> shared{bus};
  mote::devices::SdCard<FakeBus, CsPin> sd{shared, cs};
};

TEST(SdCard, InitialisesAnSdhcCardAndMovesBlocks) {
  auto rig = std::make_unique<Rig>();
  ASSERT_TRUE(mote::block_on(rig->sd.init()).has_value());
  EXPECT_EQ(rig->sd.type(), (mote::devices::SdCard<FakeBus, CsPin>::Type::Sd2BlockAddressed));
  auto count = mote::block_on(rig->sd.block_count());
  ASSERT_TRUE(count.has_value());
  EXPECT_EQ(*count, 2048u);  // from a version 2 CSD
  std::byte block[512];
  for (int i = 0; i < 512; ++i) block[i] = std::byte(i * 3);
  ASSERT_TRUE(mote::block_on(rig->sd.write(9, block)).has_value());
  EXPECT_EQ(rig->card.storage[9 * 512 + 100], std::byte(300 % 256));  // block addressed: block 9
  std::byte back[512]{};
  ASSERT_TRUE(mote::block_on(rig->sd.read(9, back)).has_value());
  EXPECT_EQ(std::memcmp(block, back, 512), 0);
  EXPECT_FALSE(rig->card.selected);  // chip select released after each operation
}

TEST(SdCard, ReportsTheCardsErrors) {
  auto rig = std::make_unique<Rig>();
  ASSERT_TRUE(mote::block_on(rig->sd.init()).has_value());
  std::byte block[512]{};
  rig->card.corrupt_read_crc = true;
  auto r = mote::block_on(rig->sd.read(0, block));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error(), BlockError::Crc);
  rig->card.corrupt_read_crc = false;
  rig->card.data_response = 0x0D;
  auto w = mote::block_on(rig->sd.write(1, block));
  ASSERT_FALSE(w.has_value());
  EXPECT_EQ(w.error(), BlockError::WriteFailed);
  rig->card.data_response = 0x0B;
  auto c = mote::block_on(rig->sd.write(1, block));
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error(), BlockError::Crc);
  EXPECT_EQ(rig->card.writes_refused, 2);
  rig->card.data_response = 0x05;
  EXPECT_TRUE(mote::block_on(rig->sd.read(0, block)).has_value());  // the card is usable after
}

TEST(SdCard, InitFailsClearly) {
  auto absent = std::make_unique<Rig>();
  absent->card.present = false;
  auto a = mote::block_on(absent->sd.init());
  ASSERT_FALSE(a.has_value());
  EXPECT_EQ(a.error(), BlockError::NoDevice);

  auto echo = std::make_unique<Rig>();
  echo->card.bad_echo = true;
  auto e = mote::block_on(echo->sd.init());
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error(), BlockError::Response);

  auto v1 = std::make_unique<Rig>();
  v1->card.version1 = true;
  ASSERT_TRUE(mote::block_on(v1->sd.init()).has_value());
  EXPECT_EQ(v1->sd.type(), (mote::devices::SdCard<FakeBus, CsPin>::Type::Sd1));
}

}  // namespace
