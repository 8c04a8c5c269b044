// mote/hal/digital.hpp: the pin concepts against archetypes (infallible and fallible pins) and
// types that do not model them.
#include <mote/hal/digital.hpp>

#include "test_support.hpp"

namespace {

struct Ready {
  bool poll(mote::Waker) noexcept { return true; }
  void take() noexcept {}
};
enum class ExpanderError { Nack };

struct ChipPin {  // an on-chip pin: cannot fail
  bool level = false;
  void set_high() { level = true; }
  void set_low() { level = false; }
  bool is_set_high() { return level; }
  void toggle() { level = !level; }
  bool is_high() { return level; }
  bool is_low() { return !level; }
  Ready wait_for_high() { return {}; }
  Ready wait_for_low() { return {}; }
  Ready wait_for_rising_edge() { return {}; }
  Ready wait_for_falling_edge() { return {}; }
  Ready wait_for_any_edge() { return {}; }
};
struct ExpanderPin {  // a pin behind an I2C expander: every access may fail
  mote::Result<void, ExpanderError> set_high() { return {}; }
  mote::Result<void, ExpanderError> set_low() { return {}; }
  mote::Result<bool, ExpanderError> is_high() { return true; }
  mote::Result<bool, ExpanderError> is_low() { return false; }
};
struct OutputOnly {
  void set_high() {}
  void set_low() {}
};
struct IntSetter {  // set_high returns int: neither void nor a Result
  int set_high() { return 0; }
  int set_low() { return 0; }
};
struct HalfWait {  // no edge waits
  Ready wait_for_high() { return {}; }
  Ready wait_for_low() { return {}; }
};

static_assert(mote::hal::OutputPin<ChipPin> && mote::hal::StatefulOutputPin<ChipPin>);
static_assert(mote::hal::InputPin<ChipPin> && mote::hal::Wait<ChipPin>);
static_assert(mote::hal::OutputPin<ExpanderPin> && mote::hal::InputPin<ExpanderPin>);
static_assert(!mote::hal::StatefulOutputPin<ExpanderPin>);
static_assert(mote::hal::OutputPin<OutputOnly> && !mote::hal::InputPin<OutputOnly> && !mote::hal::Wait<OutputOnly>);
static_assert(!mote::hal::StatefulOutputPin<OutputOnly>);
static_assert(!mote::hal::OutputPin<IntSetter>);
static_assert(!mote::hal::Wait<HalfWait>);
struct BlockingWait {  // waits by blocking: returns nothing to await
  void wait_for_high() {}
  void wait_for_low() {}
  void wait_for_rising_edge() {}
  void wait_for_falling_edge() {}
  void wait_for_any_edge() {}
};
static_assert(!mote::hal::Wait<BlockingWait>);

// A generic blink written against the concept, run on the archetype.
template <mote::hal::StatefulOutputPin P>
int blink(P& pin, int times) {
  int highs = 0;
  for (int i = 0; i < times; ++i) {
    pin.toggle();
    highs += pin.is_set_high() ? 1 : 0;
  }
  return highs;
}

TEST(HalDigital, GenericCodeDrivesAnyStatefulOutputPin) {
  ChipPin pin;
  EXPECT_EQ(blink(pin, 5), 3);  // high, low, high, low, high
  EXPECT_TRUE(pin.is_high());
}

}  // namespace
