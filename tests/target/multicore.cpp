// Firmware test (boards with MOTE_MULTICORE: mps2-an521): two cores, an executor each.
//   1. ping-pong: a task on core 0 and one on core 1 hand a number back and forth through two
//      Channels (default CriticalSectionRawMutex) 1,000 times; each side checks it runs on its
//      own core and gets exactly the number it expects.
//   2. stream: core 0 sends MOTE_TEST_MESSAGES numbers (1,000,000 by default) through a Channel
//      with the SpinlockRawMutex policy to core 1, which checks that every one arrives, once,
//      in order, and sums them; core 0 awaits the count through a Signal woken from core 1.
//   3. a Waker of a core-1 task woken from core 0's interrupt (the time driver's alarm): a timer
//      on core 1, and core 1's tasks spawned from core 0 (core1_spawner()).
// Each phase prints its figures; the test passes when every check held.
#include <mote/mote.hpp>
#include <mote/multicore.hpp>
#include <mote/sync/channel.hpp>
#include <mote/sync/signal.hpp>

#include <cstdint>
#include <cstdio>

#include "check.hpp"

#ifndef MOTE_TEST_MESSAGES
#define MOTE_TEST_MESSAGES 1000000
#endif

using target_test::check;

namespace {

constexpr unsigned kRoundTrips = 1000;
constexpr std::uint32_t kMessages = MOTE_TEST_MESSAGES;

mote::Channel<std::uint32_t, 1> g_ping;
mote::Channel<std::uint32_t, 1> g_pong;
mote::Channel<std::uint32_t, 16, mote::SpinlockRawMutex> g_stream;
mote::Signal<std::uint64_t, mote::SpinlockRawMutex> g_stream_done;
mote::Signal<std::uint32_t> g_timer_done;
volatile bool g_core1_wrong_core = false;

MOTE_TASK(pong, 1) {
  for (;;) {
    const std::uint32_t v = co_await g_ping.receive();
    if (mote::this_core() != 1) g_core1_wrong_core = true;
    co_await g_pong.send(v + 1);
  }
}

MOTE_TASK(stream_sink, 1) {
  std::uint64_t sum = 0;
  std::uint32_t expected = 0;
  bool in_order = true;
  while (expected < kMessages) {
    const std::uint32_t v = co_await g_stream.receive();
    in_order = in_order && v == expected;
    sum += v;
    ++expected;
  }
  if (mote::this_core() != 1) g_core1_wrong_core = true;
  g_stream_done.signal(in_order ? sum : 0);
}

MOTE_TASK(timer_on_core1, 1) {
  const mote::Instant start = mote::Instant::now();
  co_await mote::Timer::after(mote::Duration::from_millis(5));
  const auto waited = (mote::Instant::now() - start).as_micros();
  g_timer_done.signal(mote::this_core() == 1 ? static_cast<std::uint32_t>(waited) : 0);
}

void core1_main(mote::Spawner spawner) {
  check(mote::this_core() == 1, "core1_main runs on core 1");
  spawner.must_spawn(pong());
  spawner.must_spawn(stream_sink());
}

}  // namespace

MOTE_MAIN(spawner) {
  check(mote::this_core() == 0, "MOTE_MAIN runs on core 0");
  mote::start_core1(core1_main);

  // 1. ping-pong
  unsigned good = 0;
  for (std::uint32_t i = 0; i < kRoundTrips; ++i) {
    co_await g_ping.send(i * 3);
    const std::uint32_t r = co_await g_pong.receive();
    if (r == i * 3 + 1) ++good;
  }
  check(good == kRoundTrips, "every pong answers its ping");
  check(mote::this_core() == 0, "core 0's task stays on core 0");
  std::printf("pingpong: %u round trips across cores\n", good);

  // 2. stream
  const mote::Instant start = mote::Instant::now();
  for (std::uint32_t i = 0; i < kMessages; ++i) co_await g_stream.send(i);
  const std::uint64_t sum = co_await g_stream_done.wait();
  const std::uint64_t want = static_cast<std::uint64_t>(kMessages) * (kMessages - 1) / 2;
  check(sum == want, "every message arrived once, in order");
  std::printf("stream: %lu messages core 0 -> core 1, none lost (sum %s), %lu ms virtual\n",
              static_cast<unsigned long>(kMessages), sum == want ? "right" : "WRONG",
              static_cast<unsigned long>((mote::Instant::now() - start).as_millis()));

  // 3. a timer on core 1 (its task spawned from core 0), woken by core 0's alarm interrupt
  mote::core1_spawner().must_spawn(timer_on_core1());
  const std::uint32_t waited = co_await g_timer_done.wait();
  check(waited >= 5000 && waited < 6000, "core 1's 5 ms timer wakes it on time, on core 1");
  std::printf("timer on core 1: %lu us\n", static_cast<unsigned long>(waited));

  check(!g_core1_wrong_core, "core 1's tasks ran on core 1");
  std::printf(target_test::g_ok ? "multicore: ok\n" : "multicore: FAILED\n");
  mote::exit(target_test::g_ok ? 0 : 1);
}
