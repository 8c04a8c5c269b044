// mote/hal/adc.hpp: the Adc concept against an archetype and near misses.
#include <mote/hal/adc.hpp>

#include "test_support.hpp"

namespace {

enum class SampleError { Overrun };
constexpr const char* error_message(SampleError) noexcept { return "overrun"; }
enum class Silent { Lost };  // no error_message

template <class R>
struct Ready {
  R value;
  bool poll(mote::Waker) noexcept { return true; }
  R take() noexcept { return value; }
};

struct AdcArchetype {
  Ready<mote::Result<std::uint16_t, SampleError>> sample() { return {mote::Result<std::uint16_t, SampleError>(512)}; }
};
struct BlockingAdc {
  mote::Result<std::uint16_t, SampleError> sample() { return std::uint16_t{1}; }
};
struct AdcWithoutMessage {
  Ready<mote::Result<std::uint16_t, Silent>> sample() { return {mote::Result<std::uint16_t, Silent>(std::uint16_t{1})}; }
};
struct AdcOfFloats {
  Ready<mote::Result<float, SampleError>> sample() { return {mote::Result<float, SampleError>(1.0f)}; }
};
static_assert(mote::hal::Adc<AdcArchetype>);
static_assert(!mote::hal::Adc<BlockingAdc>);
static_assert(!mote::hal::Adc<AdcWithoutMessage>);
static_assert(!mote::hal::Adc<AdcOfFloats>);

TEST(HalAdc, ArchetypeSamples) {
  AdcArchetype adc;
  auto f = adc.sample();
  ASSERT_TRUE(f.poll(mote::Waker{}));
  auto s = f.take();
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(*s, 512);
}

}  // namespace
