// mote/hal/bus_turn.hpp and the driver helpers of mote/hal/i2c.hpp (I2cTransfer, I2cOperations):
// a fake I2C driver built on them, whose "interrupt" the test raises by hand. Transfers take
// turns in FIFO order, a waiter destroyed while queued leaves the queue and passes its turn on,
// the outcome comes back through take(), and the four hal::I2c operations build the right
// transfer.
#include <mote/hal/bus_turn.hpp>
#include <mote/hal/i2c.hpp>

#include <cstdint>
#include <span>
#include <vector>

#include "test_support.hpp"

using namespace mote::literals;
using mote::hal::I2cError;
using mote::hal::I2cOperation;

namespace {

// What the fake's "interrupt handler" and its futures share, as in a real driver.
struct FakeState {
  mote::hal::BusTurn turn;
  const void* running = nullptr;  // the future whose transfer is on the "bus"
  mote::Waker waker;
  bool done = false;
  std::int8_t error = -1;
  std::vector<std::uint8_t> started;  // addresses, in the order their transfers started
  mote::hal::I2cTransfer last{0, I2cOperation::write({})};
};
FakeState g_state;

// The "interrupt": the running transfer ends with `error` (-1: success).
void finish_running(std::int8_t error) {
  g_state.running = nullptr;
  g_state.error = error;
  g_state.done = true;
  g_state.waker.wake();
}

class FakeFuture : public mote::hal::BusFuture<I2cError> {
 public:
  explicit FakeFuture(const mote::hal::I2cTransfer& t) : transfer_(t) {}
  FakeFuture(FakeFuture&&) noexcept = default;
  ~FakeFuture() {
    if (!started_) {
      g_state.turn.leave(node_);
    } else if (!finished_) {
      g_state.running = nullptr;  // cancelled on the bus
      g_state.done = false;
      g_state.turn.release();
    }
  }
  bool poll(mote::Waker w) noexcept {
    if (finished_) return true;
    if (!started_) {
      if (!g_state.turn.try_take(this, node_, w)) return false;
      started_ = true;
      g_state.running = this;
      g_state.started.push_back(transfer_.address());
      g_state.last = transfer_;
    }
    if (take_finished(g_state.turn, g_state.done, g_state.error)) return true;
    g_state.waker = w;
    return false;
  }

 private:
  mote::hal::I2cTransfer transfer_;
};

class FakeI2c : public mote::hal::I2cOperations<FakeI2c> {
 private:
  friend class mote::hal::I2cOperations<FakeI2c>;
  FakeFuture begin_transfer(const mote::hal::I2cTransfer& t) noexcept { return FakeFuture(t); }
};
static_assert(mote::hal::I2c<FakeI2c>);

FakeI2c g_bus;
std::vector<int> g_results;  // per task: 0 ok, 1 Nack, 2 timed out

MOTE_TASK(transfer_task, 4, std::uint8_t address) {
  const std::byte b[1]{};
  auto r = co_await g_bus.write(address, b);
  g_results.push_back(r ? 0 : (r.error() == I2cError::Nack ? 1 : 3));
}
MOTE_TASK(impatient_task, 1, std::uint8_t address) {
  const std::byte b[1]{};
  auto r = co_await mote::with_timeout(1_ms, g_bus.write(address, b));
  g_results.push_back(r ? 0 : 2);
}
// Raises the "interrupt" for whatever runs, every 2 ms, `count` times.
MOTE_TASK(interrupt_task, 1, int count, std::int8_t error) {
  for (int i = 0; i < count; ++i) {
    co_await mote::Timer::after(2_ms);
    if (g_state.running != nullptr) finish_running(error);
  }
}

class HalBusTurn : public mote_test::VirtualTime {
 protected:
  void SetUp() override {
    VirtualTime::SetUp();
    g_state.started.clear();
    g_state.done = false;
    g_state.running = nullptr;
    g_state.turn.reset();
    g_results.clear();
  }
  mote::Executor ex;
};

TEST_F(HalBusTurn, TransfersTakeTurnsInOrder) {
  ex.spawner().must_spawn(transfer_task(0x10));
  ex.spawner().must_spawn(transfer_task(0x11));
  ex.spawner().must_spawn(transfer_task(0x12));
  ex.spawner().must_spawn(interrupt_task(3, -1));
  ex.run();
  EXPECT_EQ(g_state.started, (std::vector<std::uint8_t>{0x10, 0x11, 0x12}));
  EXPECT_EQ(g_results, (std::vector<int>{0, 0, 0}));
}

TEST_F(HalBusTurn, TheErrorComesBackThroughTake) {
  ex.spawner().must_spawn(transfer_task(0x20));
  ex.spawner().must_spawn(interrupt_task(1, static_cast<std::int8_t>(I2cError::Nack)));
  ex.run();
  EXPECT_EQ(g_results, (std::vector<int>{1}));
}

// The impatient transfer queues behind the first, times out at 1 ms while still waiting and
// leaves the queue; the third gets the turn when the first finishes at 2 ms.
TEST_F(HalBusTurn, AWaiterCancelledWhileQueuedPassesItsTurnOn) {
  ex.spawner().must_spawn(transfer_task(0x30));
  ex.spawner().must_spawn(impatient_task(0x31));
  ex.spawner().must_spawn(transfer_task(0x32));
  ex.spawner().must_spawn(interrupt_task(2, -1));
  ex.run();
  EXPECT_EQ(g_state.started, (std::vector<std::uint8_t>{0x30, 0x32}));
  EXPECT_EQ(g_results, (std::vector<int>{2, 0, 0}));
}

// The four operations build one transfer each: the address, and the operations inline or the
// caller's array.
TEST_F(HalBusTurn, OperationsBuildTheirTransfer) {
  const std::byte out[2]{std::byte{1}, std::byte{2}};
  std::byte in[3]{};
  auto expect_transfer = [&](auto future, std::uint8_t address, std::size_t count) {
    mote::Waker none{};
    EXPECT_FALSE(future.poll(none));  // starts: the fake records the transfer
    EXPECT_EQ(g_state.last.address(), address);
    EXPECT_EQ(g_state.last.count(), count);
    return g_state.last;
  };
  auto w = expect_transfer(g_bus.write(0x40, out), 0x40, 1);
  EXPECT_EQ(w.operations()[0].kind, I2cOperation::Kind::Write);
  EXPECT_EQ(w.operations()[0].size, 2u);
  auto r = expect_transfer(g_bus.read(0x41, in), 0x41, 1);
  EXPECT_EQ(r.operations()[0].kind, I2cOperation::Kind::Read);
  EXPECT_EQ(r.operations()[0].data, in);
  auto wr = expect_transfer(g_bus.write_read(0x42, out, in), 0x42, 2);
  EXPECT_EQ(wr.operations()[0].kind, I2cOperation::Kind::Write);
  EXPECT_EQ(wr.operations()[1].kind, I2cOperation::Kind::Read);
  EXPECT_EQ(wr.operations()[1].size, 3u);
  const I2cOperation ops[3]{I2cOperation::write(out), I2cOperation::read(in), I2cOperation::read({})};
  auto t = expect_transfer(g_bus.transaction(0x43, ops), 0x43, 3);
  EXPECT_EQ(t.operations(), ops);  // the caller's array, not a copy
}

}  // namespace
