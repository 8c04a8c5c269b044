// mote/hal/spi.hpp: the SpiBus and SpiDevice concepts against archetypes, and what each
// SpiOperation describes.
#include <mote/hal/spi.hpp>

#include "test_support.hpp"

namespace {

using mote::hal::SpiOperation;
using mote::hal::SpiResult;

struct Ready {
  bool poll(mote::Waker) noexcept { return true; }
  SpiResult take() noexcept { return {}; }
};
struct BusArchetype {
  Ready read(std::span<std::byte>) { return {}; }
  Ready write(std::span<const std::byte>) { return {}; }
  Ready transfer(std::span<std::byte>, std::span<const std::byte>) { return {}; }
  Ready transfer_in_place(std::span<std::byte>) { return {}; }
  Ready flush() { return {}; }
};
struct BusWithoutFlush {
  Ready read(std::span<std::byte>) { return {}; }
  Ready write(std::span<const std::byte>) { return {}; }
  Ready transfer(std::span<std::byte>, std::span<const std::byte>) { return {}; }
  Ready transfer_in_place(std::span<std::byte>) { return {}; }
};
struct DeviceArchetype {
  Ready transaction(std::span<SpiOperation>) { return {}; }
};
static_assert(mote::hal::SpiBus<BusArchetype> && !mote::hal::SpiDevice<BusArchetype>);
static_assert(!mote::hal::SpiBus<BusWithoutFlush>);
static_assert(mote::hal::SpiDevice<DeviceArchetype> && !mote::hal::SpiBus<DeviceArchetype>);

TEST(HalSpi, OperationsDescribeTheBytesClocked) {
  std::byte in[4]{};
  const std::byte out[2]{std::byte{0x9F}, std::byte{0}};
  const auto t = SpiOperation::transfer(in, out);
  EXPECT_EQ(t.kind, SpiOperation::Kind::Transfer);
  EXPECT_EQ(t.size, 4u);   // the longer of the two
  EXPECT_EQ(t.extra, 4u);  // bytes of `in`
  EXPECT_EQ(t.out_size, 2u);  // bytes of `out`: the other two clocked are fill bytes
  const auto w = SpiOperation::write(out);
  EXPECT_EQ(w.size, 2u);
  EXPECT_EQ(w.in, nullptr);
  const auto p = SpiOperation::transfer_in_place(in);
  EXPECT_EQ(p.in, p.out);
  EXPECT_EQ(SpiOperation::delay_ns(500).extra, 500u);
  EXPECT_STREQ(mote::hal::error_message(mote::hal::SpiError::Overrun), "spi: overrun");
}

}  // namespace
