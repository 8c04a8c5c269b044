// mote/hal/delay.hpp: the DelayNs concept and TimerDelay, its model on mote's timer: each delay
// waits at least as long as asked, on the virtual clock exactly that long (rounded up to ticks).
#include <mote/hal/delay.hpp>

#include "test_support.hpp"

namespace {

struct Ready {
  bool poll(mote::Waker) noexcept { return true; }
  void take() noexcept {}
};
struct DelayArchetype {
  Ready delay_ns(std::uint32_t) { return {}; }
  Ready delay_us(std::uint32_t) { return {}; }
  Ready delay_ms(std::uint32_t) { return {}; }
};
struct MillisOnly {
  Ready delay_ms(std::uint32_t) { return {}; }
};
struct BlockingDelay {  // returns nothing to await
  void delay_ns(std::uint32_t) {}
  void delay_us(std::uint32_t) {}
  void delay_ms(std::uint32_t) {}
};
static_assert(mote::hal::DelayNs<DelayArchetype>);
static_assert(mote::hal::DelayNs<mote::hal::TimerDelay>);
static_assert(!mote::hal::DelayNs<MillisOnly>);
static_assert(!mote::hal::DelayNs<BlockingDelay>);

using HalDelay = mote_test::VirtualTime;

template <class F>
std::uint64_t elapsed_us(F&& f) {
  const mote::Instant t0 = mote::Instant::now();
  mote::block_on(std::forward<F>(f));
  return (mote::Instant::now() - t0).as_micros();
}

TEST_F(HalDelay, TimerDelayWaitsAtLeastTheTimeAsked) {
  mote::hal::TimerDelay d;
  EXPECT_EQ(elapsed_us(d.delay_ms(3)), 3000u);
  EXPECT_EQ(elapsed_us(d.delay_us(250)), 250u);
  EXPECT_EQ(elapsed_us(d.delay_ns(1500)), 2u);  // 1.5 us rounds up to the next 1 us tick
  EXPECT_EQ(elapsed_us(d.delay_ns(0)), 0u);
}

}  // namespace
