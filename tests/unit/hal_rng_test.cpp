// mote/hal/rng.hpp: the Rng concept against an archetype and near misses, and a generic helper
// written against it.
#include <mote/hal/rng.hpp>

#include "test_support.hpp"

namespace {

using mote::hal::RngResult;

struct Filled {
  std::span<std::byte> buffer;
  bool poll(mote::Waker) noexcept {
    for (std::size_t i = 0; i < buffer.size(); ++i) buffer[i] = std::byte(0xA0 + i);
    return true;
  }
  RngResult take() noexcept { return {}; }
};
struct RngArchetype {
  Filled fill_bytes(std::span<std::byte> b) { return {b}; }
};
struct BlockingRng {
  RngResult fill_bytes(std::span<std::byte>) { return {}; }
};
struct U32Rng {  // rand_core's next_u32 alone is not this concept
  std::uint32_t next_u32() { return 4; }
};
static_assert(mote::hal::Rng<RngArchetype>);
static_assert(!mote::hal::Rng<BlockingRng>);
static_assert(!mote::hal::Rng<U32Rng>);

template <mote::hal::Rng R>
mote::Result<std::uint32_t, mote::hal::RngError> next_u32(R& rng) {
  std::byte b[4];
  auto f = rng.fill_bytes(b);
  while (!f.poll(mote::Waker{})) {
  }
  if (auto r = f.take(); !r) return mote::Err{r.error()};
  return mote::Result<std::uint32_t, mote::hal::RngError>(std::to_integer<std::uint32_t>(b[0]) |
                                                          std::to_integer<std::uint32_t>(b[1]) << 8 |
                                                          std::to_integer<std::uint32_t>(b[2]) << 16 |
                                                          std::to_integer<std::uint32_t>(b[3]) << 24);
}

TEST(HalRng, GenericCodeRunsOnTheArchetype) {
  RngArchetype rng;
  auto v = next_u32(rng);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(*v, 0xA3A2A1A0u);
  EXPECT_STREQ(mote::hal::error_message(mote::hal::RngError::Failed), "rng: generator failed");
}

}  // namespace
