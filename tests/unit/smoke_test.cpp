#include "test_support.hpp"

using namespace mote::literals;

namespace {
mote::Channel<int, 2> ch;
int got = 0;

MOTE_TASK(smoke_producer, 1) {
  co_await mote::Timer::after(5_ms);
  co_await ch.send(7);
}
MOTE_TASK(smoke_consumer, 1) { got = co_await ch.receive(); }

mote::Async<int> twice(int v) {
  co_await mote::yield_now();
  co_return v * 2;
}
}  // namespace

class Smoke : public mote_test::VirtualTime {};

TEST_F(Smoke, ProducerConsumerAndTime) {
  mote::Executor ex;
  const auto start = mote::Instant::now();
  ex.spawner().must_spawn(smoke_producer());
  ex.spawner().must_spawn(smoke_consumer());
  ex.run();
  EXPECT_EQ(got, 7);
  EXPECT_EQ((mote::Instant::now() - start), 5_ms);
}

TEST_F(Smoke, BlockOnAsync) { EXPECT_EQ(mote::block_on(twice(21)), 42); }
