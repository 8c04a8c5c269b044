// The SBCon I2C driver (mote::cmsdk::I2c, bit-banged) and the TMP105 device driver, unchanged,
// against QEMU's tmp105 model at 0x48 on SBCon 3 (-device tmp105,bus=i2c,address=0x48): power-on
// register values, a temperature read, writes read back, adjacent writes merged, the NACK of an
// absent address for every kind of transfer, other tasks running between bytes, and transfers
// cancelled between bytes (with_timeout, select against a timer, waiting in the queue) leaving
// the bus idle, the bytes received before kept and nothing written after.
#include <mote/mote.hpp>
#include <mote/cmsdk/i2c.hpp>
#include <mote/cmsdk/regs.hpp>
#include <mote/devices/tmp105.hpp>

#include "checks.hpp"

#include <cstdio>
#include <utility>
#include <variant>

namespace cm = mote::cmsdk;
using mote::hal::I2cError;
using mote::hal::I2cOperation;
using namespace mote::literals;

using mote_test::expect;

namespace {

constexpr std::uint8_t kTmp105 = 0x48;
constexpr std::uint8_t kAbsent = 0x49;

// Both lines released: SCL as driven (bit 0) and SDA as the bus has it (bit 1).
bool bus_idle() {
  const std::uint32_t lines = mote::cortex_m::reg32(cm::Sbcon3::kBase + cm::sbcon::kControl);
  return (lines & (cm::sbcon::kScl | cm::sbcon::kSda)) == (cm::sbcon::kScl | cm::sbcon::kSda);
}

unsigned u16(const std::byte* b) { return (std::to_integer<unsigned>(b[0]) << 8) | std::to_integer<unsigned>(b[1]); }

// Counts its turns while a transfer runs: the transfer yields between bytes.
int g_ticks = 0;
bool g_ticking = true;
MOTE_TASK(ticker, 1) {
  while (g_ticking) {
    ++g_ticks;
    co_await mote::yield_now();
  }
}

// Runs one register read on a bus the test task owns (the test task outlives it).
int g_holder_result = -1;  // -1: not finished, 1: read 0x4b00, 0: anything else
MOTE_TASK(bus_holder, 1, mote::Static<cm::I2c<cm::Sbcon3>&> bus) {
  const std::byte pointer[1]{std::byte{2}};
  std::byte value[2]{};
  auto r = co_await (*bus).write_read(kTmp105, pointer, value);
  g_holder_result = r.has_value() && u16(value) == 0x4B00 ? 1 : 0;
}

MOTE_TASK(i2c_test, 1, cm::Sbcon3 token, mote::Spawner spawner) {
  // 100 kHz: a byte takes 90 us of (virtual) time, so timers can land between bytes.
  cm::I2c<cm::Sbcon3> i2c(std::move(token), cm::i2c::Config{.frequency_hz = 100'000});
  mote::devices::Tmp105 sensor(i2c);

  // 1. Power-on values of QEMU's TMP105: 0 C, configuration 0, T_LOW 75 C, T_HIGH 80 C.
  {
    const std::byte pointer[1]{std::byte{0}};
    std::byte value[2]{std::byte{0xEE}, std::byte{0xEE}};
    auto r = co_await i2c.write_read(kTmp105, pointer, value);
    expect(r.has_value() && u16(value) == 0x0000, "write_read of the temperature register: 0x0000 (0 C)");
    auto mc = co_await sensor.read_millicelsius();
    expect(mc.has_value() && *mc == 0, "Tmp105::read_millicelsius: 0");
    auto cfg = co_await sensor.read_configuration();
    expect(cfg.has_value() && *cfg == 0x00, "configuration after reset is 0x00");
    auto lo = co_await sensor.read_limit(mote::devices::Tmp105Limit::Low);
    auto hi = co_await sensor.read_limit(mote::devices::Tmp105Limit::High);
    expect(lo.has_value() && *lo == 0x4B00, "T_LOW after reset is 0x4B00 (75 C)");
    expect(hi.has_value() && *hi == 0x5000, "T_HIGH after reset is 0x5000 (80 C)");
    std::printf("tmp105: %ld mC, config 0x%02x, T_LOW 0x%04x, T_HIGH 0x%04x\n", mc ? static_cast<long>(*mc) : -1L,
                cfg ? *cfg : 0xFFu, lo ? static_cast<unsigned>(*lo) & 0xFFFF : 0u,
                hi ? static_cast<unsigned>(*hi) & 0xFFFF : 0u);
  }

  // 2. Writes read back: configuration (12-bit resolution) and T_HIGH.
  {
    auto w = co_await sensor.set_resolution(mote::devices::Tmp105Resolution::Bits12);
    auto cfg = co_await sensor.read_configuration();
    expect(w.has_value() && cfg.has_value() && *cfg == 0x60, "configuration written 0x60 reads back");
    auto w2 = co_await sensor.write_limit(mote::devices::Tmp105Limit::High, 0x5A00);
    auto hi = co_await sensor.read_limit(mote::devices::Tmp105Limit::High);
    expect(w2.has_value() && hi.has_value() && *hi == 0x5A00, "T_HIGH written 0x5A00 reads back");
    std::printf("tmp105: config written 0x60 read 0x%02x, T_HIGH written 0x5a00 read 0x%04x\n", cfg ? *cfg : 0xFFu,
                hi ? static_cast<unsigned>(*hi) & 0xFFFF : 0u);
  }

  // 3. transaction(): two adjacent writes are one write (a START between them would make the
  //    TMP105 take 0x4C as a new pointer), then a write and a read.
  {
    const std::byte reg[1]{std::byte{3}};
    const std::byte limit[2]{std::byte{0x4C}, std::byte{0x80}};
    I2cOperation write_ops[2]{I2cOperation::write(reg), I2cOperation::write(limit)};
    auto w = co_await i2c.transaction(kTmp105, write_ops);
    std::byte value[2]{};
    I2cOperation read_ops[3]{I2cOperation::write(reg), I2cOperation::read({}), I2cOperation::read(value)};
    auto r = co_await i2c.transaction(kTmp105, read_ops);
    expect(w.has_value() && r.has_value() && u16(value) == 0x4C80, "transaction: merged write, then read back 0x4c80");
    std::printf("transaction: T_HIGH written in two merged operations, read back 0x%04x\n", u16(value));
  }

  // 4. Nobody at 0x49: every kind of transfer, and the address probe (an empty transaction),
  //    yields I2cError::Nack; the bus is idle after, 0x48 still answers and is found by a probe.
  {
    const std::byte pointer[1]{std::byte{0}};
    std::byte value[2]{std::byte{0xEE}, std::byte{0xEE}};
    auto w = co_await i2c.write(kAbsent, pointer);
    auto r = co_await i2c.read(kAbsent, value);
    auto wr = co_await i2c.write_read(kAbsent, pointer, value);
    auto probe_absent = co_await i2c.transaction(kAbsent, {});
    auto probe_present = co_await i2c.transaction(kTmp105, {});
    const bool nack = !w && w.error() == I2cError::Nack && !r && r.error() == I2cError::Nack && !wr &&
                      wr.error() == I2cError::Nack && !probe_absent && probe_absent.error() == I2cError::Nack;
    expect(nack, "write, read, write_read and a probe at 0x49 yield I2cError::Nack");
    expect(u16(value) == 0xEEEE, "a NACKed read stores nothing");
    expect(probe_present.has_value(), "a probe at 0x48 is acknowledged");
    expect(bus_idle(), "bus idle after the NACKs");
    auto cfg = co_await sensor.read_configuration();
    expect(cfg.has_value() && *cfg == 0x60, "0x48 answers after the NACKs");
    std::printf("nack: write, read, write_read and probe at 0x49: %s; probe at 0x48: %s; bus idle: %s\n",
                nack ? mote::hal::error_message(I2cError::Nack) : "(no NACK)", probe_present ? "ack" : "NACK",
                bus_idle() ? "yes" : "NO");
  }

  // 5. Async: another ready task runs between the bytes of a transfer (pointer write + 2-byte
  //    read = 2 addresses + 3 bytes: at least 4 turns).
  {
    spawner.must_spawn(ticker());
    co_await mote::yield_now();  // the ticker has started
    const int before = g_ticks;
    auto lo = co_await sensor.read_limit(mote::devices::Tmp105Limit::Low);
    const int turns = g_ticks - before;
    g_ticking = false;
    expect(lo.has_value() && *lo == 0x4B00, "the read while another task runs gets T_LOW 0x4b00");
    expect(turns >= 4, "the other task ran between the bytes");
    std::printf("yield: another task ran %s times during a register read\n", turns >= 4 ? "4 or more" : "too few");
  }

  // 6. with_timeout lands in the middle of a 2-byte read (START and address done at 105 us,
  //    the first byte at 195 us): the first byte is kept, the second never written, the device is NACKed and
  //    the bus stopped.
  {
    const std::byte pointer[1]{std::byte{2}};
    auto set = co_await i2c.write(kTmp105, pointer);  // plain reads now get T_LOW (0x4b00)
    std::byte value[2]{std::byte{0xEE}, std::byte{0xEE}};
    auto r = co_await mote::with_timeout(150_us, i2c.read(kTmp105, value));
    const bool idle = bus_idle();
    expect(set.has_value() && !r && r.error() == mote::TimeoutError::Elapsed, "with_timeout: the read timed out");
    expect(idle, "the cancelled read left the bus idle (NACK, STOP)");
    expect(std::to_integer<unsigned>(value[0]) == 0x4B && std::to_integer<unsigned>(value[1]) == 0xEE,
           "the byte received before the cancellation is kept, the other untouched");
    std::byte again[2]{};
    auto r2 = co_await i2c.read(kTmp105, again);
    expect(r2.has_value() && u16(again) == 0x4B00, "next read after with_timeout gets T_LOW 0x4b00");
    std::printf("with_timeout: cancelled between bytes, bus %s, buffer %02x %02x, next read 0x%04x\n",
                idle ? "idle" : "BUSY", std::to_integer<unsigned>(value[0]), std::to_integer<unsigned>(value[1]),
                u16(again));
  }

  // 7. select against a timer, in the middle of a write_read (after the pointer byte): the
  //    timer wins, the bus is idle, the buffer untouched, and the bus serves the next transfer.
  {
    const std::byte pointer[1]{std::byte{3}};
    std::byte value[2]{std::byte{0xEE}, std::byte{0xEE}};
    auto winner = co_await mote::select(i2c.write_read(kTmp105, pointer, value), mote::Timer::after(150_us));
    const bool idle = bus_idle();
    expect(winner.index() == 1, "select: the timer won against the write_read");
    expect(idle && u16(value) == 0xEEEE, "select's loser left the bus idle and its buffer untouched");
    auto hi = co_await sensor.read_limit(mote::devices::Tmp105Limit::High);
    expect(hi.has_value() && *hi == 0x4C80, "next read gets T_HIGH 0x4c80");
    std::printf("select: the timer won, write_read cancelled after its pointer byte, bus %s, next read 0x%04x\n",
                idle ? "idle" : "BUSY", hi ? static_cast<unsigned>(*hi) & 0xFFFF : 0u);
  }

  // 8. Two tasks on one interface: the second transfer waits its turn; cancelled (by
  //    with_timeout) while waiting, it leaves the queue without touching the bus or its buffer,
  //    and the first completes.
  {
    spawner.must_spawn(bus_holder(mote::Static<cm::I2c<cm::Sbcon3>&>(i2c)));
    co_await mote::yield_now();  // the holder has taken the bus
    std::byte value[2]{std::byte{0xEE}, std::byte{0xEE}};
    auto r = co_await mote::with_timeout(100_us, i2c.read(kTmp105, value));
    const bool waited_out = !r && r.error() == mote::TimeoutError::Elapsed;
    const int holder_before = g_holder_result;
    co_await mote::Timer::after(10_ms);
    expect(waited_out, "a transfer queued behind a running one times out");
    expect(holder_before == -1 && g_holder_result == 1, "the holder's transfer completes after");
    expect(u16(value) == 0xEEEE, "the queued transfer never touched its buffer");
    auto cfg = co_await sensor.read_configuration();
    expect(cfg.has_value() && *cfg == 0x60, "the interface serves the next transfer");
    std::printf("queue: a waiting transfer cancelled by with_timeout, the running one then %s, next %s\n",
                g_holder_result == 1 ? "completed" : "FAILED", cfg ? "served" : "FAILED");
  }

  mote_test::finish();
}

}  // namespace

MOTE_MAIN(spawner) {
  auto p = cm::Peripherals::take();
  spawner.must_spawn(i2c_test(std::move(p.sbcon3), spawner));
  co_return;
}
