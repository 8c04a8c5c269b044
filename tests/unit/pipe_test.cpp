// Tests of mote/sync/pipe.hpp: a bounded byte stream with FIFO readers and writers.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <thread>
#include <vector>

#include <mote/sync/pipe.hpp>

#include "test_support.hpp"

using namespace mote::literals;
using mote::Duration;
using mote::Instant;
using Bytes = std::vector<std::uint8_t>;

namespace {

Instant t0;
Duration since_start() { return Instant::now() - t0; }

Bytes read_all(auto& pipe) {
  Bytes out;
  std::uint8_t b[3];
  while (std::size_t n = pipe.try_read(b)) out.insert(out.end(), b, b + n);
  return out;
}

// ---- write waits while full, read while empty ---------------------------------------------

mote::Pipe<4> p;
struct {
  std::size_t first = 0, second = 0;
  Duration second_at;
  std::size_t got = 0;
  Bytes bytes;
  Duration got_at;
} wr;

MOTE_TASK(full_writer, 1) {
  const std::uint8_t six[6] = {1, 2, 3, 4, 5, 6};
  wr.first = co_await p.write(six);                         // 4 fit
  wr.second = co_await p.write(std::span(six).subspan(4));  // waits for room
  wr.second_at = since_start();
}
MOTE_TASK(late_reader, 1, Duration d, std::size_t size) {
  co_await mote::Timer::after(d);
  std::array<std::uint8_t, 8> b{};
  wr.got = co_await p.read(std::span(b).first(size));
  wr.bytes.assign(b.begin(), b.begin() + wr.got);
  wr.got_at = since_start();
}
MOTE_TASK(late_writer, 1, Duration d, Bytes bytes) {
  co_await mote::Timer::after(d);
  co_await p.write_all(bytes);
}

// ---- write_all through a small pipe --------------------------------------------------------

Bytes streamed;
MOTE_TASK(stream_writer, 1, int count) {
  Bytes data;
  for (int i = 0; i < count; ++i) data.push_back(static_cast<std::uint8_t>(i));
  co_await p.write_all(data);
  co_await p.write_all(std::span<const std::uint8_t>{});  // nothing to write: completes at once
}
MOTE_TASK(stream_reader, 1, int count) {
  std::uint8_t b[3];
  while (static_cast<int>(streamed.size()) < count) {
    const std::size_t n = co_await p.read(b);
    streamed.insert(streamed.end(), b, b + n);
    co_await mote::Timer::after(1_ms);
  }
}

// ---- FIFO waiters, many waiters ----------------------------------------------------------

constexpr int kMany = 48;
mote::Pipe<kMany> big;
std::array<int, kMany> reader_got{};
std::vector<int> reader_order;
std::vector<std::uint8_t> writer_order;

MOTE_TASK(one_byte_reader, kMany, int id) {
  std::uint8_t b = 0;
  const std::size_t n = co_await big.read(std::span(&b, 1));
  reader_got[id] = n == 1 ? b : -1;
  reader_order.push_back(id);
}
MOTE_TASK(burst_writer, 1, int count) {
  co_await mote::Timer::after(1_ms);
  Bytes data;
  for (int i = 0; i < count; ++i) data.push_back(static_cast<std::uint8_t>(100 + i));
  const std::size_t n = big.try_write(data);  // one write: the readers wake one another
  if (n != data.size()) reader_order.push_back(-1);
}
MOTE_TASK(one_byte_writer, kMany, int value) {
  const std::uint8_t b = static_cast<std::uint8_t>(value);
  co_await p.write(std::span(&b, 1));
}
MOTE_TASK(drainer, 1, int count) {
  co_await mote::Timer::after(1_ms);
  std::uint8_t b[2];
  while (static_cast<int>(writer_order.size()) < count) {
    const std::size_t n = co_await p.read(b);
    writer_order.insert(writer_order.end(), b, b + n);
  }
}

// ---- cancellation ------------------------------------------------------------------------

mote::Signal<int> stop;
struct {
  bool timed_out = false;
  std::size_t select_index = 99;
  std::optional<std::uint8_t> second;
  Duration second_at;
  std::size_t remaining = 0;
} cancel;

MOTE_TASK(read_with_timeout, 1) {
  std::uint8_t b[4];
  auto r = co_await mote::with_timeout(2_ms, p.read(b));
  cancel.timed_out = !r.has_value();
}
MOTE_TASK(reader_loses_select, 1) {
  std::uint8_t b[4];
  auto r = co_await mote::select(stop.wait(), p.read(b));  // woken for the bytes, but stop wins
  cancel.select_index = r.index();
}
MOTE_TASK(second_reader, 1) {
  std::uint8_t b = 0;
  auto r = co_await mote::with_timeout(100_ms, p.read(std::span(&b, 1)));
  if (r && *r == 1) cancel.second = b;
  cancel.second_at = since_start();
}
MOTE_TASK(write_then_stop, 1) {
  co_await mote::Timer::after(1_ms);
  const std::uint8_t b = 42;
  (void)p.try_write(std::span(&b, 1));
  stop.signal(1);
}
MOTE_TASK(writer_loses_select, 1) {
  const std::uint8_t b = 7;
  auto r = co_await mote::select(stop.wait(), p.write(std::span(&b, 1)));
  cancel.select_index = r.index();
}
MOTE_TASK(second_writer, 1) {
  const std::uint8_t b = 8;
  auto r = co_await mote::with_timeout(100_ms, p.write(std::span(&b, 1)));
  if (r) cancel.second = static_cast<std::uint8_t>(*r);
  cancel.second_at = since_start();
}
MOTE_TASK(read_then_stop, 1) {
  co_await mote::Timer::after(1_ms);
  std::uint8_t b;
  (void)p.try_read(std::span(&b, 1));
  stop.signal(1);
}
MOTE_TASK(write_with_timeout, 1) {
  const std::uint8_t b = 5;
  auto r = co_await mote::with_timeout(2_ms, p.write(std::span(&b, 1)));  // full: cancelled
  cancel.timed_out = !r.has_value();
}
MOTE_TASK(write_all_timeout, 1) {
  const std::uint8_t six[6] = {1, 2, 3, 4, 5, 6};
  auto f = p.write_all(six);
  auto r = co_await mote::with_timeout(2_ms, std::move(f));  // 4 fit, then nobody reads
  cancel.timed_out = !r.has_value();
}

// ---- clear wakes a waiting writer; NoopRawMutex ------------------------------------------

struct {
  std::size_t written = 0;
  Duration at;
} cleared;
MOTE_TASK(blocked_writer, 1) {
  const std::uint8_t b[2] = {9, 9};
  cleared.written = co_await p.write(b);
  cleared.at = since_start();
}
MOTE_TASK(clearer, 1) {
  co_await mote::Timer::after(3_ms);
  p.clear();
}

mote::Pipe<2, mote::NoopRawMutex> noop_p;
Bytes noop_got;
MOTE_TASK(noop_writer, 1) {
  const std::uint8_t d[5] = {1, 2, 3, 4, 5};
  co_await noop_p.write_all(d);
}
MOTE_TASK(noop_reader, 1) {
  std::uint8_t b[4];
  while (noop_got.size() < 5) {
    co_await mote::Timer::after(1_ms);
    const std::size_t n = co_await noop_p.read(b);
    noop_got.insert(noop_got.end(), b, b + n);
  }
}

void reset_state() {
  wr = {};
  streamed.clear();
  reader_got = {};
  reader_order.clear();
  writer_order.clear();
  cancel = {};
  cleared = {};
  noop_got.clear();
}

}  // namespace

class PipeTest : public mote_test::VirtualTime {
 protected:
  void SetUp() override {
    VirtualTime::SetUp();
    t0 = Instant::now();
    reset_state();
    p.clear();
    big.clear();
  }
  void TearDown() override {
    stop.reset();
    VirtualTime::TearDown();
  }
  mote::Executor ex;
};

// try_write fills up to the capacity; try_read empties in order, across the wrap-around.
TEST_F(PipeTest, CapacityAndWrapAround) {
  mote::Pipe<4> x;
  static_assert(mote::Pipe<4>::capacity() == 4);
  EXPECT_TRUE(x.is_empty());
  EXPECT_EQ(x.free_capacity(), 4u);
  const std::uint8_t six[6] = {1, 2, 3, 4, 5, 6};
  EXPECT_EQ(x.try_write(six), 4u);
  EXPECT_TRUE(x.is_full());
  EXPECT_EQ(x.len(), 4u);
  EXPECT_EQ(x.free_capacity(), 0u);
  EXPECT_EQ(x.try_write(std::span(six).subspan(4)), 0u);  // full
  std::uint8_t b[3];
  EXPECT_EQ(x.try_read(b), 3u);
  EXPECT_EQ(Bytes(b, b + 3), (Bytes{1, 2, 3}));
  EXPECT_EQ(x.try_write(std::span(six).subspan(4)), 2u);  // wraps around the end
  EXPECT_EQ(x.len(), 3u);
  EXPECT_EQ(read_all(x), (Bytes{4, 5, 6}));
  EXPECT_TRUE(x.is_empty());
  EXPECT_EQ(x.try_read(b), 0u);  // empty
  EXPECT_EQ(x.try_write(std::span<const std::uint8_t>{}), 0u);
  EXPECT_EQ(x.try_read(std::span<std::uint8_t>{}), 0u);
}

// clear drops every byte; the pipe is usable again.
TEST_F(PipeTest, Clear) {
  mote::Pipe<3> x;
  const std::uint8_t d[3] = {1, 2, 3};
  EXPECT_EQ(x.try_write(d), 3u);
  std::uint8_t b;
  EXPECT_EQ(x.try_read(std::span(&b, 1)), 1u);
  x.clear();
  EXPECT_TRUE(x.is_empty());
  EXPECT_EQ(x.try_read(std::span(&b, 1)), 0u);
  EXPECT_EQ(x.try_write(d), 3u);
  EXPECT_EQ(read_all(x), (Bytes{1, 2, 3}));
}

// A capacity of one byte works.
TEST_F(PipeTest, CapacityOne) {
  mote::Pipe<1> x;
  const std::uint8_t d[2] = {7, 8};
  EXPECT_EQ(x.try_write(d), 1u);
  EXPECT_EQ(x.try_write(d), 0u);
  EXPECT_EQ(read_all(x), (Bytes{7}));
  EXPECT_EQ(x.try_write(std::span(d).subspan(1)), 1u);
  EXPECT_EQ(read_all(x), (Bytes{8}));
}

// write writes what fits, then waits while full and completes with a partial count once a
// read makes room.
TEST_F(PipeTest, WriteWaitsWhileFull) {
  ex.spawner().must_spawn(full_writer());
  ex.spawner().must_spawn(late_reader(5_ms, 1));
  ex.run();
  EXPECT_EQ(wr.first, 4u);
  EXPECT_EQ(wr.got, 1u);
  EXPECT_EQ(wr.bytes, (Bytes{1}));
  EXPECT_EQ(wr.second, 1u);  // one byte of room
  EXPECT_EQ(wr.second_at, 5_ms);
  EXPECT_EQ(read_all(p), (Bytes{2, 3, 4, 5}));
}

// read waits while empty and completes with what is there, at most its buffer's size.
TEST_F(PipeTest, ReadWaitsWhileEmpty) {
  ex.spawner().must_spawn(late_reader(0_ms, 8));
  ex.spawner().must_spawn(late_writer(3_ms, Bytes{1, 2, 3}));
  ex.run();
  EXPECT_EQ(wr.got, 3u);
  EXPECT_EQ(wr.bytes, (Bytes{1, 2, 3}));
  EXPECT_EQ(wr.got_at, 3_ms);

  wr = {};
  ex.spawner().must_spawn(late_writer(0_ms, Bytes{4, 5, 6}));
  ex.spawner().must_spawn(late_reader(1_ms, 2));  // smaller buffer: the rest stays
  ex.run();
  EXPECT_EQ(wr.bytes, (Bytes{4, 5}));
  EXPECT_EQ(read_all(p), (Bytes{6}));
}

// An empty span completes at once with 0, on both sides.
TEST_F(PipeTest, EmptySpansCompleteAtOnce) {
  ex.spawner().must_spawn(late_reader(0_ms, 0));
  ex.run();
  EXPECT_EQ(wr.got, 0u);
  EXPECT_EQ(wr.got_at, 0_ms);
}

// write_all pushes 200 bytes through a 4-byte pipe; they arrive complete and in order.
TEST_F(PipeTest, WriteAllThroughSmallPipe) {
  ex.spawner().must_spawn(stream_writer(200));
  ex.spawner().must_spawn(stream_reader(200));
  ex.run();
  ASSERT_EQ(streamed.size(), 200u);
  for (int i = 0; i < 200; ++i) ASSERT_EQ(streamed[i], i);
  EXPECT_TRUE(p.is_empty());
}

// 48 readers waiting for one byte each: a single 48-byte write serves them all, in the order
// they started waiting (each reader that leaves bytes behind wakes the next).
TEST_F(PipeTest, ManyWaitingReadersServedFifo) {
  for (int i = 0; i < kMany; ++i) ex.spawner().must_spawn(one_byte_reader(i));
  ex.spawner().must_spawn(burst_writer(kMany));
  ex.run();
  std::vector<int> ids;
  for (int i = 0; i < kMany; ++i) {
    EXPECT_EQ(reader_got[i], 100 + i) << i;
    ids.push_back(i);
  }
  EXPECT_EQ(reader_order, ids);
  EXPECT_TRUE(big.is_empty());
}

// 48 writers waiting on a full pipe get their bytes in in the order they started waiting.
TEST_F(PipeTest, ManyWaitingWritersServedFifo) {
  const std::uint8_t fill[4] = {200, 201, 202, 203};
  ASSERT_EQ(p.try_write(fill), 4u);
  for (int i = 0; i < kMany; ++i) ex.spawner().must_spawn(one_byte_writer(i));
  ex.spawner().must_spawn(drainer(kMany + 4));
  ex.run();
  Bytes expected(fill, fill + 4);
  for (int i = 0; i < kMany; ++i) expected.push_back(static_cast<std::uint8_t>(i));
  EXPECT_EQ(writer_order, expected);
}

// A read cancelled by a timeout leaves no waiter behind: a later write's bytes stay for the
// next reader.
TEST_F(PipeTest, ReadCancelledWhileWaiting) {
  ex.spawner().must_spawn(read_with_timeout());
  ex.run();
  EXPECT_TRUE(cancel.timed_out);
  ex.spawner().must_spawn(late_writer(1_ms, Bytes{1}));
  ex.spawner().must_spawn(late_reader(0_ms, 4));
  ex.run();
  EXPECT_EQ(wr.bytes, (Bytes{1}));
}

// A write cancelled while waiting on a full pipe writes nothing and leaves no waiter behind:
// room made later goes to the next writer.
TEST_F(PipeTest, WriteCancelledWhileWaiting) {
  const std::uint8_t fill[4] = {1, 2, 3, 4};
  ASSERT_EQ(p.try_write(fill), 4u);
  ex.spawner().must_spawn(write_with_timeout());
  ex.run();
  EXPECT_TRUE(cancel.timed_out);
  EXPECT_EQ(p.len(), 4u);
  ex.spawner().must_spawn(blocked_writer());
  ex.spawner().must_spawn(late_reader(1_ms, 2));
  ex.run();
  EXPECT_EQ(cleared.written, 2u);
  EXPECT_EQ(read_all(p), (Bytes{3, 4, 9, 9}));
}

// A reader woken for bytes but cancelled before it ran passes the wake-up to the next reader.
TEST_F(PipeTest, WokenThenCancelledReaderPassesWakeUpOn) {
  ex.spawner().must_spawn(reader_loses_select());
  ex.spawner().must_spawn(second_reader());
  ex.spawner().must_spawn(write_then_stop());
  ex.run();
  EXPECT_EQ(cancel.select_index, 0u);
  EXPECT_EQ(cancel.second, std::optional<std::uint8_t>(42));
  EXPECT_EQ(cancel.second_at, 1_ms);
}

// A writer woken for room but cancelled before it ran passes the wake-up to the next writer.
TEST_F(PipeTest, WokenThenCancelledWriterPassesWakeUpOn) {
  const std::uint8_t fill[4] = {1, 2, 3, 4};
  ASSERT_EQ(p.try_write(fill), 4u);
  ex.spawner().must_spawn(writer_loses_select());
  ex.spawner().must_spawn(second_writer());
  ex.spawner().must_spawn(read_then_stop());
  ex.run();
  EXPECT_EQ(cancel.select_index, 0u);
  EXPECT_EQ(cancel.second, std::optional<std::uint8_t>(1));  // wrote its one byte
  EXPECT_EQ(cancel.second_at, 1_ms);
  EXPECT_EQ(read_all(p), (Bytes{2, 3, 4, 8}));
}

// A write_all cancelled part-way leaves what it wrote in the pipe and no waiter behind.
TEST_F(PipeTest, WriteAllCancelledPartWay) {
  ex.spawner().must_spawn(write_all_timeout());
  ex.run();
  EXPECT_TRUE(cancel.timed_out);
  EXPECT_EQ(read_all(p), (Bytes{1, 2, 3, 4}));
  ex.spawner().must_spawn(late_writer(0_ms, Bytes{9}));  // the pipe works normally afterwards
  ex.run();
  EXPECT_EQ(read_all(p), (Bytes{9}));
}

// The WriteAllFuture reports the bytes it has not written yet.
TEST_F(PipeTest, WriteAllRemaining) {
  mote::Pipe<2> x;
  const std::uint8_t d[5] = {1, 2, 3, 4, 5};
  auto f = x.write_all(d);
  EXPECT_EQ(f.remaining(), 5u);
}

// clear wakes a writer waiting on a full pipe.
TEST_F(PipeTest, ClearWakesWaitingWriter) {
  const std::uint8_t fill[4] = {1, 2, 3, 4};
  ASSERT_EQ(p.try_write(fill), 4u);
  ex.spawner().must_spawn(blocked_writer());
  ex.spawner().must_spawn(clearer());
  ex.run();
  EXPECT_EQ(cleared.written, 2u);
  EXPECT_EQ(cleared.at, 3_ms);
  EXPECT_EQ(read_all(p), (Bytes{9, 9}));
}

// The NoopRawMutex variant behaves the same within one executor.
TEST_F(PipeTest, NoopRawMutexVariant) {
  ex.spawner().must_spawn(noop_writer());
  ex.spawner().must_spawn(noop_reader());
  ex.run();
  EXPECT_EQ(noop_got, (Bytes{1, 2, 3, 4, 5}));
}

// ---- cross-thread (real clock): threads stand in for interrupts ----------------------------

namespace {
constexpr std::size_t kStreamBytes = 200000;
mote::Pipe<32> xt_in, xt_out;
std::size_t xt_bad = 0, xt_count = 0;

MOTE_TASK(xt_reader, 1) {
  std::uint8_t b[7];
  while (xt_count < kStreamBytes) {
    const std::size_t n = co_await xt_in.read(b);
    for (std::size_t i = 0; i < n; ++i) {
      if (b[i] != static_cast<std::uint8_t>(xt_count * 7)) ++xt_bad;
      ++xt_count;
    }
  }
}
MOTE_TASK(xt_writer, 1) {
  std::array<std::uint8_t, 100> chunk{};
  for (std::size_t sent = 0; sent < kStreamBytes; sent += chunk.size()) {
    for (std::size_t i = 0; i < chunk.size(); ++i) chunk[i] = static_cast<std::uint8_t>((sent + i) * 3);
    co_await xt_out.write_all(chunk);
  }
}
}  // namespace

// A thread try_writes a numbered byte stream that a task reads, while the task write_alls
// another that a thread try_reads: every byte arrives, in order, both ways.
TEST(PipeCrossThread, ThreadsAndTasksStreamBothWays) {
  mote::host::use_virtual_time(false);
  xt_in.clear();
  xt_out.clear();
  xt_count = xt_bad = 0;
  mote::Executor ex;
  ex.spawner().must_spawn(xt_reader());
  ex.spawner().must_spawn(xt_writer());
  std::thread producer([] {
    std::size_t sent = 0;
    std::uint8_t chunk[5];
    while (sent < kStreamBytes) {
      const std::size_t want = std::min<std::size_t>(5, kStreamBytes - sent);
      for (std::size_t i = 0; i < want; ++i) chunk[i] = static_cast<std::uint8_t>((sent + i) * 7);
      const std::size_t n = xt_in.try_write(std::span(chunk, want));
      sent += n;
      if (n == 0) std::this_thread::yield();
    }
  });
  std::size_t got = 0, bad = 0;
  std::thread consumer([&] {
    std::uint8_t b[9];
    while (got < kStreamBytes) {
      const std::size_t n = xt_out.try_read(b);
      for (std::size_t i = 0; i < n; ++i, ++got) {
        if (b[i] != static_cast<std::uint8_t>(got * 3)) ++bad;
      }
      if (n == 0) std::this_thread::yield();
    }
  });
  ex.run();
  producer.join();
  consumer.join();
  EXPECT_EQ(xt_count, kStreamBytes);
  EXPECT_EQ(xt_bad, 0u);
  EXPECT_EQ(got, kStreamBytes);
  EXPECT_EQ(bad, 0u);
  EXPECT_TRUE(xt_in.is_empty());
  EXPECT_TRUE(xt_out.is_empty());
}
