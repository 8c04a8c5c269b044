// mote/hal/dma.hpp: the Dma concept against an archetype (a memcpy "controller") and near misses.
#include <mote/hal/dma.hpp>

#include <cstring>

#include "test_support.hpp"

namespace {

using mote::hal::DmaError;
using mote::hal::DmaResult;

struct Copy {
  std::span<std::byte> to;
  std::span<const std::byte> from;
  DmaResult result{};
  bool poll(mote::Waker) noexcept {
    if (to.size() != from.size()) {
      result = mote::Err{DmaError::SizeMismatch};
    } else {
      std::memcpy(to.data(), from.data(), to.size());
    }
    return true;
  }
  DmaResult take() noexcept { return result; }
};
struct DmaArchetype {
  Copy copy(std::span<std::byte> to, std::span<const std::byte> from) { return {to, from}; }
};
struct BlockingDma {
  DmaResult copy(std::span<std::byte>, std::span<const std::byte>) { return {}; }
};
struct SwappedDma {  // source first: does not accept (destination, source)
  Copy copy(std::span<const std::byte>, std::span<std::byte>) { return {}; }
};
static_assert(mote::hal::Dma<DmaArchetype>);
static_assert(!mote::hal::Dma<BlockingDma>);
static_assert(!mote::hal::Dma<SwappedDma>);

TEST(HalDma, ArchetypeCopiesAndRefusesMismatchedSizes) {
  DmaArchetype dma;
  const std::byte from[3]{std::byte{1}, std::byte{2}, std::byte{3}};
  std::byte to[3]{};
  auto c = dma.copy(to, from);
  ASSERT_TRUE(c.poll(mote::Waker{}));
  EXPECT_TRUE(c.take().has_value());
  EXPECT_EQ(to[2], std::byte{3});
  std::byte small[2]{};
  auto bad = dma.copy(small, from);
  ASSERT_TRUE(bad.poll(mote::Waker{}));
  auto r = bad.take();
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error(), DmaError::SizeMismatch);
  EXPECT_STREQ(mote::hal::error_message(DmaError::SizeMismatch), "dma: destination and source sizes differ");
}

}  // namespace
