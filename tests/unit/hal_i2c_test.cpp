// mote/hal/i2c.hpp and mote/devices/tmp105.hpp: the I2c concept against archetypes, and the
// TMP105 driver on a fake bus that models the chip's registers (pointer, 8.8 temperature,
// configuration, limits) and NACKs every other address.
#include <mote/devices/tmp105.hpp>
#include <mote/hal/i2c.hpp>

#include <cstdint>
#include <span>
#include <vector>

#include "test_support.hpp"

namespace {

using mote::hal::I2cError;
using mote::hal::I2cOperation;
using mote::hal::I2cResult;

// ---- Archetypes ---------------------------------------------------------------------------------

struct ReadyI2cFuture {
  bool poll(mote::Waker) noexcept { return true; }
  I2cResult take() noexcept { return {}; }
};
struct I2cArchetype {
  ReadyI2cFuture write(std::uint8_t, std::span<const std::byte>) { return {}; }
  ReadyI2cFuture read(std::uint8_t, std::span<std::byte>) { return {}; }
  ReadyI2cFuture write_read(std::uint8_t, std::span<const std::byte>, std::span<std::byte>) { return {}; }
  ReadyI2cFuture transaction(std::uint8_t, std::span<I2cOperation>) { return {}; }
};
struct NoTransaction {
  ReadyI2cFuture write(std::uint8_t, std::span<const std::byte>) { return {}; }
  ReadyI2cFuture read(std::uint8_t, std::span<std::byte>) { return {}; }
  ReadyI2cFuture write_read(std::uint8_t, std::span<const std::byte>, std::span<std::byte>) { return {}; }
};
struct WrongError {  // yields a bool instead of Result<void, I2cError>
  struct F {
    bool poll(mote::Waker) noexcept { return true; }
    bool take() noexcept { return true; }
  };
  F write(std::uint8_t, std::span<const std::byte>) { return {}; }
  F read(std::uint8_t, std::span<std::byte>) { return {}; }
  F write_read(std::uint8_t, std::span<const std::byte>, std::span<std::byte>) { return {}; }
  F transaction(std::uint8_t, std::span<I2cOperation>) { return {}; }
};
struct Blocking {  // returns results directly: not futures
  I2cResult write(std::uint8_t, std::span<const std::byte>) { return {}; }
  I2cResult read(std::uint8_t, std::span<std::byte>) { return {}; }
  I2cResult write_read(std::uint8_t, std::span<const std::byte>, std::span<std::byte>) { return {}; }
  I2cResult transaction(std::uint8_t, std::span<I2cOperation>) { return {}; }
};
static_assert(mote::hal::I2c<I2cArchetype>);
static_assert(!mote::hal::I2c<NoTransaction>);
static_assert(!mote::hal::I2c<WrongError>);
static_assert(!mote::hal::I2c<Blocking>);

TEST(HalI2c, OperationsBorrowTheirBytes) {
  const std::byte out[2]{std::byte{1}, std::byte{2}};
  std::byte in[3]{};
  const auto w = I2cOperation::write(out);
  const auto r = I2cOperation::read(in);
  EXPECT_EQ(w.kind, I2cOperation::Kind::Write);
  EXPECT_EQ(w.data, out);
  EXPECT_EQ(w.size, 2u);
  EXPECT_EQ(r.kind, I2cOperation::Kind::Read);
  EXPECT_EQ(r.data, in);
  EXPECT_EQ(r.size, 3u);
  EXPECT_STREQ(mote::hal::error_message(I2cError::Nack), "i2c: no acknowledge (NACK)");
}

// ---- A fake bus with a TMP105 behind it -----------------------------------------------------------

// Runs a transaction at once, the way the chip would see it: adjacent operations of the same
// direction are one run of bytes, a direction change is a repeated START.
class FakeBus {
 public:
  std::uint8_t device = 0x48;
  std::uint8_t pointer = 0;
  std::uint16_t regs[4]{0, 0, 0x4B00, 0x5000};  // temperature, configuration (low byte), T_LOW, T_HIGH
  std::vector<std::vector<std::uint8_t>> writes;  // bytes of each run of writes, as sent
  int transactions = 0;

  struct Future {
    FakeBus* bus;
    std::uint8_t address;
    std::vector<I2cOperation> ops;
    bool poll(mote::Waker) noexcept { return true; }
    I2cResult take() noexcept { return bus->run(address, ops); }
  };
  Future write(std::uint8_t a, std::span<const std::byte> b) { return {this, a, {I2cOperation::write(b)}}; }
  Future read(std::uint8_t a, std::span<std::byte> b) { return {this, a, {I2cOperation::read(b)}}; }
  Future write_read(std::uint8_t a, std::span<const std::byte> o, std::span<std::byte> i) {
    return {this, a, {I2cOperation::write(o), I2cOperation::read(i)}};
  }
  Future transaction(std::uint8_t a, std::span<I2cOperation> ops) { return {this, a, {ops.begin(), ops.end()}}; }

 private:
  I2cResult run(std::uint8_t address, const std::vector<I2cOperation>& ops) {
    ++transactions;
    if (address != device) return mote::Err{I2cError::Nack};
    std::vector<std::uint8_t>* run_bytes = nullptr;
    std::size_t read_index = 0;
    std::optional<I2cOperation::Kind> last;
    for (const I2cOperation& op : ops) {
      if (op.size == 0) continue;
      const bool new_run = last != op.kind;  // a START (or repeated START)
      last = op.kind;
      if (op.kind == I2cOperation::Kind::Write) {
        if (new_run) run_bytes = &writes.emplace_back();
        for (std::size_t i = 0; i < op.size; ++i) run_bytes->push_back(std::to_integer<std::uint8_t>(op.data[i]));
        apply(*run_bytes);
      } else {
        if (new_run) read_index = 0;
        for (std::size_t i = 0; i < op.size; ++i, ++read_index) op.data[i] = register_byte(read_index);
      }
    }
    return {};
  }
  // The first byte of a run of writes is the pointer; the next ones write the register.
  void apply(const std::vector<std::uint8_t>& run_bytes) {
    pointer = run_bytes[0] & 3;
    if (pointer == 1 && run_bytes.size() >= 2) regs[1] = run_bytes[1];
    if (pointer >= 2 && run_bytes.size() >= 3) regs[pointer] = static_cast<std::uint16_t>((run_bytes[1] << 8) | run_bytes[2]);
  }
  std::byte register_byte(std::size_t i) const {
    if (pointer == 1) return std::byte{static_cast<std::uint8_t>(regs[1])};
    return std::byte{static_cast<std::uint8_t>(i == 0 ? regs[pointer] >> 8 : regs[pointer] & 0xFF)};
  }
};
static_assert(mote::hal::I2c<FakeBus>);

TEST(Tmp105, ReadsTemperatureAsSigned88FixedPoint) {
  FakeBus bus;
  mote::devices::Tmp105 sensor(bus);
  bus.regs[0] = 0x1980;  // 25.5 C
  auto t = mote::block_on(sensor.read_millicelsius());
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(*t, 25500);
  bus.regs[0] = 0xE700;  // -25 C
  auto raw = mote::block_on(sensor.read_temperature_raw());
  auto mc = mote::block_on(sensor.read_millicelsius());
  ASSERT_TRUE(raw.has_value() && mc.has_value());
  EXPECT_EQ(*raw, -25 * 256);
  EXPECT_EQ(*mc, -25000);
  bus.regs[0] = 0xFFF0;  // -0.0625 C (12-bit resolution's smallest step below 0)
  EXPECT_EQ(*mote::block_on(sensor.read_millicelsius()), -63);  // rounded toward minus infinity
  // Each read set the pointer to 0 in a write of its own, then read after a repeated START.
  ASSERT_FALSE(bus.writes.empty());
  EXPECT_EQ(bus.writes.back(), std::vector<std::uint8_t>{0});
}

TEST(Tmp105, WritesRegistersWithThePointerFirst) {
  FakeBus bus;
  mote::devices::Tmp105 sensor(bus);
  EXPECT_TRUE(mote::block_on(sensor.set_resolution(mote::devices::Tmp105Resolution::Bits12)).has_value());
  EXPECT_EQ(bus.writes.back(), (std::vector<std::uint8_t>{1, 0x60}));
  EXPECT_EQ(*mote::block_on(sensor.read_configuration()), 0x60);
  EXPECT_TRUE(mote::block_on(sensor.write_limit(mote::devices::Tmp105Limit::Low, -10 * 256)).has_value());
  EXPECT_EQ(bus.writes.back(), (std::vector<std::uint8_t>{2, 0xF6, 0x00}));
  EXPECT_EQ(*mote::block_on(sensor.read_limit(mote::devices::Tmp105Limit::Low)), -10 * 256);
  EXPECT_EQ(*mote::block_on(sensor.read_limit(mote::devices::Tmp105Limit::High)), 0x5000);
}

TEST(Tmp105, BusErrorsComeBackTyped) {
  FakeBus bus;
  mote::devices::Tmp105 absent(bus, 0x49);
  auto t = mote::block_on(absent.read_millicelsius());
  ASSERT_FALSE(t.has_value());
  EXPECT_EQ(t.error(), I2cError::Nack);
  auto w = mote::block_on(absent.write_configuration(0));
  ASSERT_FALSE(w.has_value());
  EXPECT_EQ(w.error(), I2cError::Nack);
}

TEST(Tmp105, AnOperationStartsItsTransferOnlyWhenPolled) {
  FakeBus bus;
  mote::devices::Tmp105 sensor(bus);
  {
    auto pending = sensor.read_configuration();  // created, moved, dropped: no bus traffic
    auto moved = std::move(pending);
    static_cast<void>(moved);
  }
  EXPECT_EQ(bus.transactions, 0);
  EXPECT_TRUE(mote::block_on(sensor.read_configuration()).has_value());
  EXPECT_EQ(bus.transactions, 1);
}

}  // namespace
