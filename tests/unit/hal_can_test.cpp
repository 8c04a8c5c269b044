// mote/hal/can.hpp: the Can concept against an archetype (a loopback controller) and near
// misses, and which frames are well formed.
#include <mote/hal/can.hpp>

#include "test_support.hpp"

namespace {

using mote::hal::CanError;
using mote::hal::CanFilter;
using mote::hal::CanFrame;

template <class R>
struct Ready {
  R value;
  bool poll(mote::Waker) noexcept { return true; }
  R take() noexcept { return value; }
};

struct LoopbackCan {  // what it sends, it receives (if the filters let it through)
  CanFrame last{};
  CanFilter filter{0, 0, false};
  Ready<mote::Result<void, CanError>> transmit(const CanFrame& f) {
    if (!f.valid()) return {mote::Err{CanError::FrameTooLong}};
    last = f;
    return {{}};
  }
  Ready<mote::Result<CanFrame, CanError>> receive() {
    if ((last.id & filter.mask) != (filter.id & filter.mask)) return {mote::Err{CanError::Other}};
    return {mote::Result<CanFrame, CanError>(last)};
  }
  mote::Result<void, CanError> set_filters(std::span<const CanFilter> filters) {
    if (filters.size() > 1) return mote::Err{CanError::BadFilter};
    filter = filters.empty() ? CanFilter{} : filters[0];
    return {};
  }
};
struct CanWithoutFilters {
  Ready<mote::Result<void, CanError>> transmit(const CanFrame&) { return {{}}; }
  Ready<mote::Result<CanFrame, CanError>> receive() { return {mote::Result<CanFrame, CanError>(CanFrame{})}; }
};
struct BlockingCan {
  mote::Result<void, CanError> transmit(const CanFrame&) { return {}; }
  mote::Result<CanFrame, CanError> receive() { return CanFrame{}; }
  mote::Result<void, CanError> set_filters(std::span<const CanFilter>) { return {}; }
};
static_assert(mote::hal::Can<LoopbackCan>);
static_assert(!mote::hal::Can<CanWithoutFilters>);
static_assert(!mote::hal::Can<BlockingCan>);

TEST(HalCan, FramesKnowWhetherTheyAreWellFormed) {
  CanFrame classic{.id = 0x123, .length = 8};
  EXPECT_TRUE(classic.valid());
  classic.length = 9;
  EXPECT_FALSE(classic.valid());  // classic frames carry at most 8 bytes
  CanFrame fd{.id = 0x1ABCDEF0, .extended = true, .fd = true, .length = 64};
  EXPECT_TRUE(fd.valid());
  fd.length = 13;
  EXPECT_FALSE(fd.valid());  // not an FD length
  CanFrame big_id{.id = 0x800, .length = 0};
  EXPECT_FALSE(big_id.valid());  // 11 bits at most without `extended`
  CanFrame fd_remote{.id = 1, .remote = true, .fd = true};
  EXPECT_FALSE(fd_remote.valid());
}

TEST(HalCan, LoopbackArchetypeFiltersAndRefuses) {
  LoopbackCan can;
  CanFrame f{.id = 0x42, .length = 2};
  f.data[0] = std::byte{0xCA};
  ASSERT_TRUE(can.transmit(f).take().has_value());
  auto r = can.receive().take();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->data[0], std::byte{0xCA});
  const CanFilter only_0x100[1]{{0x100, 0x7FF, false}};
  ASSERT_TRUE(can.set_filters(only_0x100).has_value());
  EXPECT_FALSE(can.receive().take().has_value());
  const CanFilter two[2]{};
  EXPECT_EQ(can.set_filters(two).error(), CanError::BadFilter);
  CanFrame too_long{.id = 1, .length = 12};
  EXPECT_EQ(can.transmit(too_long).take().error(), CanError::FrameTooLong);
  EXPECT_STREQ(mote::hal::error_message(CanError::BusOff), "can: bus off");
}

}  // namespace
