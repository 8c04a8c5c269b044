// Cross-thread tests on the REAL clock: other threads stand in for interrupts, calling the
// ISR-safe entry points (Channel::try_send, Signal::signal) while tasks await, so the host
// executor really sleeps and is woken from outside.
#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <thread>
#include <vector>

#include "test_support.hpp"

using namespace mote::literals;
using mote::Duration;
using mote::Instant;

namespace {

template <class Ch, class T>
void send_retrying(Ch& ch, T v) {
  while (!ch.try_send(v).has_value()) std::this_thread::yield();
}

// ---- many producer threads, two consumer tasks --------------------------------------------

// The stress test of the sync issue: 1,000,000 numbered messages from three threads (ISR-like
// try_send, retrying when full) and one task (awaiting send), to two consumer tasks.
constexpr std::uint32_t kProducerThreads = 3, kProducers = kProducerThreads + 1, kPerProducer = 250000;
constexpr std::uint32_t kStop = UINT32_MAX;
mote::Signal<int> mp_threads_done;
mote::Channel<std::uint32_t, 64> mp_ch;
std::vector<std::uint32_t> mp_log;  // every value in receive order (consumers share one thread)
std::array<std::uint32_t, 2> mp_count{};

MOTE_TASK(mp_consumer, 2, int id) {
  for (;;) {
    const std::uint32_t v = co_await mp_ch.receive();
    if (v == kStop) co_return;
    mp_log.push_back(v);
    ++mp_count[id];
  }
}

// Producer 3: a task whose sends wait while the channel is full, racing the threads. It sends
// the consumers' stop values once the threads are done too, so they come after every message.
MOTE_TASK(mp_task_producer, 1) {
  for (std::uint32_t i = 0; i < kPerProducer; ++i) co_await mp_ch.send((kProducerThreads << 24) | i);
  (void)co_await mp_threads_done.wait();
  co_await mp_ch.send(kStop);
  co_await mp_ch.send(kStop);
}

// ---- a thread feeding a channel, another signalling the end -------------------------------

mote::Channel<int, 8> feed_ch;
mote::Signal<int> feed_stop;
std::vector<int> feed_got;
bool feed_stopped = false;

MOTE_TASK(feed_consumer, 1) {
  for (;;) {
    auto r = co_await mote::select(feed_ch.receive(), feed_stop.wait());
    if (r.index() == 1) break;
    feed_got.push_back(std::get<0>(r));
  }
  feed_stopped = true;
  while (auto v = feed_ch.try_receive()) feed_got.push_back(*v);  // sent before the stop
}

// ---- a task waiting on a Signal from a thread -----------------------------------------------

mote::Signal<int> sig;
struct {
  std::optional<int> got;
  Instant at;
  bool beaten_ok = false, elapsed = false;
  Duration waited;
} waited;

MOTE_TASK(signal_waiter, 1) {
  waited.got = co_await sig.wait();
  waited.at = Instant::now();
}
MOTE_TASK(timeout_waiter, 1) {
  auto r = co_await mote::with_timeout(10_s, sig.wait());  // the thread signals long before
  waited.beaten_ok = r.has_value() && *r == 5;
  const Instant start = Instant::now();
  auto e = co_await mote::with_timeout(5_ms, sig.wait());  // nobody signals: the real clock runs out
  waited.elapsed = !e.has_value() && e.error() == mote::TimeoutError::Elapsed;
  waited.waited = Instant::now() - start;
}

}  // namespace

class CrossThread : public ::testing::Test {
 protected:
  void SetUp() override {
    mote::host::use_virtual_time(false);
    mp_log.clear();
    mp_count = {};
    feed_got.clear();
    feed_stopped = false;
    waited = {};
  }
  mote::Executor ex;
};

// 3 threads and a task x 250,000 numbered messages (1,000,000) reach 2 consumer tasks: none
// lost, none duplicated, each producer's messages in the order it sent them. The consumers
// share the executor's thread and log each value as their receive completes, so the log is
// the channel's output order.
TEST_F(CrossThread, MillionMessagesFromThreadsAndATaskToTwoConsumers) {
  mp_log.reserve(kProducers * kPerProducer);
  ex.spawner().must_spawn(mp_consumer(0));
  ex.spawner().must_spawn(mp_consumer(1));
  ex.spawner().must_spawn(mp_task_producer());
  std::vector<std::thread> producers;
  for (std::uint32_t p = 0; p < kProducerThreads; ++p) {
    producers.emplace_back([p] {
      for (std::uint32_t i = 0; i < kPerProducer; ++i) send_retrying(mp_ch, (p << 24) | i);
    });
  }
  std::thread closer([&] {
    for (auto& t : producers) t.join();
    mp_threads_done.signal(1);
  });
  ex.run();
  closer.join();

  std::array<std::uint32_t, kProducers> next{};
  std::size_t out_of_order = 0, bad_producer = 0;
  for (std::uint32_t v : mp_log) {
    const std::uint32_t p = v >> 24, seq = v & 0xFFFFFF;
    if (p >= kProducers) {
      ++bad_producer;
    } else if (seq != next[p]++) {
      ++out_of_order;
    }
  }
  EXPECT_EQ(mp_log.size(), std::size_t{kProducers * kPerProducer});
  EXPECT_EQ(bad_producer, 0u);
  EXPECT_EQ(out_of_order, 0u);
  for (std::uint32_t p = 0; p < kProducers; ++p) EXPECT_EQ(next[p], kPerProducer) << "producer " << p;
  EXPECT_EQ(mp_count[0] + mp_count[1], kProducers * kPerProducer);
  EXPECT_TRUE(mp_ch.is_empty());
}

// A thread's try_send calls (retrying when full) and another thread's Signal wake a task
// awaiting select(receive, wait); every value arrives, in order.
TEST_F(CrossThread, ThreadsSendAndSignalWhileTaskAwaits) {
  ex.spawner().must_spawn(feed_consumer());
  std::thread producer([] {
    for (int i = 0; i < 2000; ++i) send_retrying(feed_ch, i);
  });
  std::thread stopper([&] {
    producer.join();
    feed_stop.signal(1);
  });
  ex.run();
  stopper.join();
  EXPECT_TRUE(feed_stopped);
  ASSERT_EQ(feed_got.size(), 2000u);
  for (int i = 0; i < 2000; ++i) ASSERT_EQ(feed_got[i], i);
}

// A task waiting on a Signal (the executor asleep with no deadline) is woken by a thread that
// signals after a short delay.
TEST_F(CrossThread, SignalFromThreadAfterDelay) {
  ex.spawner().must_spawn(signal_waiter());
  const Instant start = Instant::now();
  std::thread t([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    sig.signal(77);
  });
  ex.run();
  t.join();
  EXPECT_EQ(waited.got, std::optional<int>(77));
  EXPECT_GE(waited.at - start, 20_ms);  // it cannot have resumed before the signal
}

// A thread's signal beats a long with_timeout; a later one with nobody signalling elapses
// on the real clock (the executor sleeps until the deadline).
TEST_F(CrossThread, ThreadSignalBeatsTimeout) {
  ex.spawner().must_spawn(timeout_waiter());
  std::thread t([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    sig.signal(5);
  });
  ex.run();
  t.join();
  EXPECT_TRUE(waited.beaten_ok);
  EXPECT_TRUE(waited.elapsed);
  EXPECT_GE(waited.waited, 5_ms);
  EXPECT_FALSE(sig.signaled());
}
