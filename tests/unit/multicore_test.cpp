// mote/multicore.hpp on the host: SpinlockRawMutex, the cross-core raw-mutex policy, with host
// threads standing in for the other core (the two-core behaviour itself, start_core1 and the
// doorbell, is tested on mps2-an521 by tests/target/multicore.cpp). this_core() is 0 off the
// multicore boards.
#include <mote/multicore.hpp>

#include <cstdint>
#include <thread>
#include <vector>

#include "test_support.hpp"

namespace {

// Two executors on two threads, like one per core: a producer task on one sends 20,000
// numbers through a SpinlockRawMutex channel to a consumer task on the other, whose wake-ups
// come from the other thread; none is lost, doubled or reordered.
constexpr std::uint32_t kMessages = 20000;  // each one a futex wake-up of the other thread: kept short
mote::Channel<std::uint32_t, 16, mote::SpinlockRawMutex> g_ch;
mote::Signal<std::uint64_t, mote::SpinlockRawMutex> g_done;
std::uint32_t g_out_of_order = 0;

MOTE_TASK(producer, 1) {
  for (std::uint32_t i = 0; i < kMessages; ++i) co_await g_ch.send(i);
}

MOTE_TASK(consumer, 1) {
  std::uint64_t sum = 0;
  for (std::uint32_t i = 0; i < kMessages; ++i) {
    const std::uint32_t v = co_await g_ch.receive();
    if (v != i) ++g_out_of_order;
    sum += v;
  }
  g_done.signal(sum);
}

std::uint64_t g_sum = 0;
MOTE_TASK(waiter, 1) { g_sum = co_await g_done.wait(); }

}  // namespace

TEST(SpinlockRawMutex, ExcludesOtherThreads) {
  mote::SpinlockRawMutex m;
  std::uint64_t counter = 0;  // plain: only the lock keeps the increments whole
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100000; ++i) m.lock([&] { ++counter; });
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(counter, 400000u);
}

TEST(SpinlockRawMutex, LockReturnsTheFunctionsValue) {
  mote::SpinlockRawMutex m;
  EXPECT_EQ(m.lock([] { return 42; }), 42);
  EXPECT_FALSE(mote::SpinlockRawMutex::excludes_interrupts);  // wake-ups take their own critical section
}

TEST(SpinlockRawMutex, ChannelBetweenTwoExecutorsOnTwoThreads) {
  mote::host::use_virtual_time(false);  // the executors sleep until the other thread wakes them
  mote::Executor a, b;
  b.spawner().must_spawn(consumer());
  b.spawner().must_spawn(waiter());
  a.spawner().must_spawn(producer());
  std::thread other([&] { b.run(); });
  a.run();
  other.join();
  EXPECT_EQ(g_sum, std::uint64_t{kMessages} * (kMessages - 1) / 2);
  EXPECT_EQ(g_out_of_order, 0u);
}

TEST(Multicore, ThisCoreIsZeroOnASingleCoreBuild) { EXPECT_EQ(mote::this_core(), 0u); }
