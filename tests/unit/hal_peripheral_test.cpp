// mote/hal/peripheral.hpp: hal::Ownership (a driver's release runs once, by its last owner, however
// often it is moved) and hal::IrqHandler (the handler type MOTE_BIND_INTERRUPTS binds).
#include <mote/hal/peripheral.hpp>

#include <type_traits>
#include <utility>

#include "test_support.hpp"

namespace {

int g_released = 0;
struct Release {
  static void release() noexcept { ++g_released; }
};

// A driver the way chips write one: the ownership as a member, no move constructor or
// destructor of its own.
struct Driver {
  int id = 0;
  mote::hal::Ownership<Release> owner;
};

static_assert(std::is_nothrow_move_constructible_v<Driver>);
static_assert(!std::is_copy_constructible_v<Driver>);
static_assert(!std::is_move_assignable_v<Driver>);

int g_work = 0;
void work() noexcept { ++g_work; }
struct SomeIrq {};
using Handler = mote::hal::IrqHandler<SomeIrq, &work>;
static_assert(std::is_same_v<Handler::interrupt, SomeIrq>);

TEST(HalPeripheral, OwnershipReleasesOnceByTheLastOwner) {
  g_released = 0;
  {
    Driver a{1, {}};
    EXPECT_EQ(g_released, 0);
    {
      Driver b(std::move(a));
      Driver c(std::move(b));
      static_cast<void>(c);
    }
    EXPECT_EQ(g_released, 1);  // c, the last owner, released; b did not
  }
  EXPECT_EQ(g_released, 1);  // a was moved from: nothing to release
}

TEST(HalPeripheral, IrqHandlerRunsItsWork) {
  g_work = 0;
  Handler::on_interrupt();
  Handler::on_interrupt();
  EXPECT_EQ(g_work, 2);
}

}  // namespace
