// Duration, Instant and the _us / _ms / _s literals.
#include <cstdint>
#include <random>

#include "test_support.hpp"

using namespace mote::literals;
using mote::Duration;
using mote::Instant;

// The host board runs at 1 MHz; the exact tick counts below rely on it.
static_assert(mote::kTickHz == 1000000);

namespace {
constexpr std::uint64_t kMax = UINT64_MAX;
using u128 = unsigned __int128;
}  // namespace

class TimeTest : public mote_test::VirtualTime {};

// The constructors and literals agree with each other and with the tick rate.
TEST(Duration, ConstructorsAndLiterals) {
  EXPECT_EQ(Duration().ticks(), 0u);
  EXPECT_EQ(Duration::zero().ticks(), 0u);
  EXPECT_EQ(Duration::max().ticks(), kMax);
  EXPECT_EQ(Duration::from_ticks(42).ticks(), 42u);
  EXPECT_EQ(Duration::from_micros(7).ticks(), 7u);
  EXPECT_EQ(Duration::from_millis(7).ticks(), 7000u);
  EXPECT_EQ(Duration::from_secs(7).ticks(), 7000000u);
  EXPECT_EQ((1_s).ticks(), mote::kTickHz);
  EXPECT_EQ(250_us, Duration::from_micros(250));
  EXPECT_EQ(250_ms, Duration::from_millis(250));
  EXPECT_EQ(3_s, Duration::from_secs(3));
  EXPECT_EQ(1_s, 1000_ms);
  EXPECT_EQ(1_ms, 1000_us);
  // Everything is constexpr.
  static_assert((2_s + 500_ms).as_millis() == 2500);
  static_assert(Instant::from_ticks(5) + 10_us == Instant::from_ticks(15));
}

// Conversions out of ticks round down.
TEST(Duration, ConversionsOutOfTicksRoundDown) {
  const Duration d = Duration::from_ticks(2999999);
  EXPECT_EQ(d.as_micros(), 2999999u);
  EXPECT_EQ(d.as_millis(), 2999u);
  EXPECT_EQ(d.as_secs(), 2u);
  EXPECT_EQ(Duration::from_ticks(999).as_millis(), 0u);
  EXPECT_EQ(Duration::from_ticks(1000).as_millis(), 1u);
  EXPECT_EQ(Duration::max().as_micros(), kMax);
  EXPECT_EQ(Duration::max().as_secs(), kMax / mote::kTickHz);
}

// Whole units survive a round trip through ticks.
TEST(Duration, RoundTrip) {
  std::mt19937_64 rng(1);
  for (int i = 0; i < 1000; ++i) {
    const std::uint64_t v = rng() % (std::uint64_t{1} << 40);
    EXPECT_EQ(Duration::from_micros(v).as_micros(), v);
    EXPECT_EQ(Duration::from_millis(v).as_millis(), v);
    EXPECT_EQ(Duration::from_secs(v).as_secs(), v);
  }
}

// The conversion helpers round up into ticks (a timer never fires early) and down out of
// them, exactly, also for unit rates that do not divide the tick rate (checked in 128 bits).
TEST(Duration, ConversionHelpersRoundExactly) {
  std::mt19937_64 rng(2);
  for (const std::uint64_t per_second : {1ull, 3ull, 7ull, 1000ull, 1024ull, 32768ull, 1000000ull, 1000000000ull}) {
    for (int i = 0; i < 2000; ++i) {
      const std::uint64_t v = rng() % (std::uint64_t{1} << 36);
      const std::uint64_t ticks = mote::detail::to_ticks_ceil(v, per_second);
      const u128 exact = u128{v} * mote::kTickHz;  // v in ticks, times per_second
      EXPECT_GE(u128{ticks} * per_second, exact) << v << " / " << per_second;
      if (ticks > 0) {
        EXPECT_LT(u128{ticks - 1} * per_second, exact) << v << " / " << per_second;
      }

      const std::uint64_t units = mote::detail::from_ticks_floor(v, per_second);
      const u128 scaled = u128{v} * per_second;  // v ticks in units, times kTickHz
      EXPECT_LE(u128{units} * mote::kTickHz, scaled) << v << " / " << per_second;
      EXPECT_GT(u128{units + 1} * mote::kTickHz, scaled) << v << " / " << per_second;
    }
  }
  // The split path does not overflow for values whose product with the rate would.
  const std::uint64_t big = kMax / mote::kTickHz - 1;
  EXPECT_EQ(mote::detail::to_ticks_ceil(big * 3, 3), big * mote::kTickHz);
}

// Duration arithmetic and ordering.
TEST(Duration, ArithmeticAndComparison) {
  EXPECT_EQ(3_ms + 500_us, Duration::from_micros(3500));
  EXPECT_EQ(3_ms - 500_us, Duration::from_micros(2500));
  EXPECT_EQ(3_ms * 4, 12_ms);
  EXPECT_EQ(4 * 3_ms, 12_ms);
  EXPECT_EQ(10_ms / 4, 2500_us);
  EXPECT_EQ(Duration::from_ticks(7) / 2, Duration::from_ticks(3));
  Duration d = 1_ms;
  d += 2_ms;
  EXPECT_EQ(d, 3_ms);
  d -= 500_us;
  EXPECT_EQ(d, 2500_us);

  EXPECT_LT(1_ms, 2_ms);
  EXPECT_LE(2_ms, 2_ms);
  EXPECT_GT(1_s, 999_ms);
  EXPECT_NE(1_ms, 1001_us);
  EXPECT_EQ(Duration::zero() <=> Duration::from_ticks(0), std::strong_ordering::equal);
  EXPECT_LT(Duration::zero(), 1_us);
  EXPECT_LT(1000000_s, Duration::max());
}

// Instant arithmetic and ordering.
TEST(Instant, ArithmeticAndComparison) {
  const Instant t = Instant::from_ticks(10000);
  EXPECT_EQ(Instant().ticks(), 0u);
  EXPECT_EQ((t + 5_ms).ticks(), 15000u);
  EXPECT_EQ((t - 4_ms).ticks(), 6000u);
  EXPECT_EQ((t + 5_ms) - t, 5_ms);
  Instant u = t;
  u += 1_ms;
  EXPECT_EQ(u, Instant::from_ticks(11000));
  EXPECT_LT(t, u);
  EXPECT_GE(u, t);
  EXPECT_NE(t, u);
  EXPECT_LT(u, Instant::max());
}

// operator+ and += saturate at Instant::max() instead of wrapping.
TEST(Instant, AdditionSaturates) {
  EXPECT_EQ(Instant::from_ticks(kMax - 5) + Duration::from_ticks(5), Instant::max());
  EXPECT_EQ(Instant::from_ticks(kMax - 5) + Duration::from_ticks(6), Instant::max());
  EXPECT_EQ(Instant::from_ticks(1) + Duration::max(), Instant::max());
  EXPECT_EQ(Instant::max() + Duration::max(), Instant::max());
  EXPECT_EQ(Instant::max() + 1_us, Instant::max());
  EXPECT_EQ(Instant::from_ticks(kMax - 6) + Duration::from_ticks(5), Instant::from_ticks(kMax - 1));
  Instant t = Instant::from_ticks(kMax - 1000);
  t += 1_s;
  EXPECT_EQ(t, Instant::max());
  static_assert(Instant::from_ticks(kMax) + 1_s == Instant::max());
}

// Instant - Instant saturates at zero when the right side is later.
TEST(Instant, DifferenceSaturatesAtZero) {
  const Instant early = Instant::from_ticks(1000), late = Instant::from_ticks(5000);
  EXPECT_EQ(late - early, Duration::from_ticks(4000));
  EXPECT_EQ(early - late, Duration::zero());
  EXPECT_EQ(early - early, Duration::zero());
  EXPECT_EQ(Instant() - Instant::max(), Duration::zero());
  EXPECT_EQ(Instant::max() - Instant(), Duration::max());
}

// now() follows the virtual clock; elapsed() is the time since, and zero for a future instant.
TEST_F(TimeTest, NowAndElapsed) {
  const Instant start = Instant::now();
  EXPECT_EQ(start.elapsed(), Duration::zero());  // virtual time stands still
  mote::host::advance_virtual_time(7_ms);
  EXPECT_EQ(Instant::now() - start, 7_ms);
  EXPECT_EQ(start.elapsed(), 7_ms);
  EXPECT_EQ((start + 1_s).elapsed(), Duration::zero());
  mote::host::advance_virtual_time(1_s);
  EXPECT_EQ((start + 1_s).elapsed(), 7_ms);
}

// The real clock never runs backwards.
TEST(Instant, RealClockIsMonotonic) {
  mote::host::use_virtual_time(false);
  Instant prev = Instant::now();
  for (int i = 0; i < 10000; ++i) {
    const Instant now = Instant::now();
    ASSERT_GE(now, prev);
    prev = now;
  }
}
