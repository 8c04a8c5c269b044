// The LM3S6965 I2C0 driver (mote::lm3s6965::I2c, a hal::I2c) and the TMP105 device driver
// against QEMU's tmp105 model at 0x48 (-device tmp105,bus=i2c,address=0x48): power-on register
// values read, registers written and read back, adjacent writes merged into one transfer, a NACK
// at an absent address, a transfer completed by its interrupt, and transfers cancelled mid-flight
// (with_timeout, select against a timer) leaving the bus usable and the buffers untouched.
#include <mote/mote.hpp>
#include <mote/devices/tmp105.hpp>
#include <mote/lm3s6965/i2c.hpp>
#include <mote/lm3s6965/regs.hpp>

#include <cstdio>
#include <utility>
#include <variant>

namespace lm = mote::lm3s6965;
using mote::hal::I2cError;
using mote::hal::I2cOperation;
using namespace mote::literals;

MOTE_BIND_INTERRUPTS(Irqs, (i2c0, lm::i2c::InterruptHandler<lm::I2c0>));

namespace {

int g_failures = 0;

void expect(bool ok, const char* what) {
  if (!ok) {
    ++g_failures;
    std::printf("FAILED: %s\n", what);
  }
}

constexpr std::uint8_t kTmp105 = 0x48;
constexpr std::uint8_t kAbsent = 0x49;
constexpr unsigned kIrq = lm::I2c0::Interrupt::number;

std::uint32_t controller_status() { return mote::cortex_m::reg32(lm::I2c0::kBase + lm::i2c_regs::kMcs); }
bool bus_idle() { return (controller_status() & (lm::i2c_regs::kStBusy | lm::i2c_regs::kStBusBsy)) == 0; }

unsigned u16(const std::byte* b) { return (std::to_integer<unsigned>(b[0]) << 8) | std::to_integer<unsigned>(b[1]); }

// Re-enables the I2C interrupt 1 ms from now: a transfer started while it was masked stalls
// after its first step (the handler drives every further one) until then.
MOTE_TASK(release_interrupt_later, 1) {
  co_await mote::Timer::after(1_ms);
  mote::cortex_m::nvic::enable(kIrq);
}

// Runs one register read on a bus the test task owns (the test task outlives it) and records
// whether it got T_LOW.
int g_holder_result = -1;  // -1: not finished, 1: read 0x4b00, 0: anything else
MOTE_TASK(bus_holder, 1, mote::Static<lm::I2c<lm::I2c0>&> bus) {
  const std::byte pointer[1]{std::byte{2}};
  std::byte value[2]{};
  auto r = co_await (*bus).write_read(kTmp105, pointer, value);
  g_holder_result = r.has_value() && u16(value) == 0x4B00 ? 1 : 0;
}

MOTE_TASK(i2c_test, 1, lm::I2c0 token, mote::Spawner spawner) {
  lm::I2c<lm::I2c0> i2c(std::move(token), Irqs{}, lm::i2c::Config{.frequency_hz = 100'000});
  mote::devices::Tmp105 sensor(i2c);

  // 1. Power-on values of QEMU's TMP105: 0 C, configuration 0, T_LOW 75 C, T_HIGH 80 C.
  {
    const std::byte pointer[1]{std::byte{0}};
    std::byte value[2]{std::byte{0xEE}, std::byte{0xEE}};
    auto r = co_await i2c.write_read(kTmp105, pointer, value);
    expect(r.has_value(), "write_read of the temperature register succeeds");
    expect(u16(value) == 0x0000, "temperature register after reset reads 0x0000 (0 C)");
    auto cfg = co_await sensor.read_configuration();
    expect(cfg.has_value() && *cfg == 0x00, "configuration after reset is 0x00");
    auto lo = co_await sensor.read_limit(mote::devices::Tmp105Limit::Low);
    auto hi = co_await sensor.read_limit(mote::devices::Tmp105Limit::High);
    expect(lo.has_value() && *lo == 0x4B00, "T_LOW after reset is 0x4B00 (75 C)");
    expect(hi.has_value() && *hi == 0x5000, "T_HIGH after reset is 0x5000 (80 C)");
    auto mc = co_await sensor.read_millicelsius();
    expect(mc.has_value() && *mc == 0, "read_millicelsius: 0");
    std::printf("tmp105: temperature 0x%04x, config 0x%02x, T_LOW 0x%04x, T_HIGH 0x%04x\n", u16(value),
                cfg ? *cfg : 0xFFu, lo ? static_cast<unsigned>(*lo) & 0xFFFF : 0u,
                hi ? static_cast<unsigned>(*hi) & 0xFFFF : 0u);
  }

  // 2. Writes read back: configuration (12-bit resolution) and T_HIGH.
  {
    auto w = co_await sensor.set_resolution(mote::devices::Tmp105Resolution::Bits12);
    expect(w.has_value(), "set_resolution succeeds");
    auto cfg = co_await sensor.read_configuration();
    expect(cfg.has_value() && *cfg == 0x60, "configuration reads back 0x60");
    auto w2 = co_await sensor.write_limit(mote::devices::Tmp105Limit::High, 0x5A00);
    expect(w2.has_value(), "write_limit succeeds");
    auto hi = co_await sensor.read_limit(mote::devices::Tmp105Limit::High);
    expect(hi.has_value() && *hi == 0x5A00, "T_HIGH reads back 0x5A00 (90 C)");
    std::printf("tmp105: config written 0x60 read 0x%02x, T_HIGH written 0x5a00 read 0x%04x\n", cfg ? *cfg : 0xFFu,
                hi ? static_cast<unsigned>(*hi) & 0xFFFF : 0u);
  }

  // 3. transaction(): two adjacent writes are one write (no START between them: a repeated
  //    START would make the TMP105 take 0x4C as a new pointer), then a write and a read.
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

  // 4. Nobody at 0x49: every kind of transfer yields I2cError::Nack, and the bus stays usable.
  {
    const std::byte pointer[1]{std::byte{0}};
    std::byte value[2]{};
    auto w = co_await i2c.write(kAbsent, pointer);
    auto r = co_await i2c.read(kAbsent, value);
    auto wr = co_await i2c.write_read(kAbsent, pointer, value);
    const bool nack = !w && w.error() == I2cError::Nack && !r && r.error() == I2cError::Nack && !wr &&
                      wr.error() == I2cError::Nack;
    expect(nack, "write, read, write_read at 0x49 yield I2cError::Nack");
    expect(bus_idle(), "bus idle after the NACKs");
    auto cfg = co_await sensor.read_configuration();
    expect(cfg.has_value() && *cfg == 0x60, "0x48 answers after the NACKs");
    std::printf("nack: write, read and write_read at 0x49: %s; the bus is idle; 0x48 answers after\n",
                nack ? mote::hal::error_message(I2cError::Nack) : "(no NACK)");
  }

  // 5. The interrupt drives the transfer: with it masked the transfer stalls after its first
  //    step, and it completes once the interrupt is enabled again 1 ms later.
  {
    mote::cortex_m::nvic::disable(kIrq);
    spawner.must_spawn(release_interrupt_later());
    const mote::Instant t0 = mote::Instant::now();
    auto lo = co_await sensor.read_limit(mote::devices::Tmp105Limit::Low);
    const auto us = static_cast<unsigned long>(t0.elapsed().as_micros());
    expect(lo.has_value() && *lo == 0x4B00, "stalled read completes with T_LOW 0x4b00");
    expect(us >= 1000, "it completed only after the interrupt was enabled again");
    std::printf("interrupt: a read with the interrupt masked completed %s 1 ms, when it was enabled\n",
                us >= 1000 ? "after" : "before");
  }

  // 6. Cancelled mid-transfer by with_timeout: the address and pointer went out (QEMU did the
  //    first step), the interrupt is masked, so the handler never ran. The future's destructor
  //    stops the bus; the buffer is never written, even once the interrupt runs again.
  {
    mote::cortex_m::nvic::disable(kIrq);
    const std::byte pointer[1]{std::byte{2}};
    std::byte value[2]{std::byte{0xEE}, std::byte{0xEE}};
    auto r = co_await mote::with_timeout(1_ms, i2c.write_read(kTmp105, pointer, value));
    expect(!r && r.error() == mote::TimeoutError::Elapsed, "with_timeout: the stalled transfer timed out");
    const bool idle = bus_idle();
    mote::cortex_m::nvic::enable(kIrq);
    co_await mote::Timer::after(100_us);
    expect(idle, "the cancelled transfer left the bus idle (STOP sent)");
    expect(u16(value) == 0xEEEE, "the cancelled transfer's buffer is untouched");
    auto lo = co_await sensor.read_limit(mote::devices::Tmp105Limit::Low);
    expect(lo.has_value() && *lo == 0x4B00, "next transfer after with_timeout reads T_LOW 0x4b00");
    std::printf("with_timeout: cancelled mid-transfer, bus %s, buffer %s, next read 0x%04x\n", idle ? "idle" : "BUSY",
                u16(value) == 0xEEEE ? "untouched" : "WRITTEN", lo ? static_cast<unsigned>(*lo) & 0xFFFF : 0u);
  }

  // 7. Cancelled by select against a timer, in the middle of a 2-byte read (its first byte is in
  //    the controller, not yet stored).
  {
    const std::byte pointer[1]{std::byte{3}};
    auto set = co_await i2c.write(kTmp105, pointer);  // the pointer stays at T_HIGH for plain reads
    expect(set.has_value(), "pointer set to T_HIGH");
    mote::cortex_m::nvic::disable(kIrq);
    std::byte value[2]{std::byte{0xEE}, std::byte{0xEE}};
    auto winner = co_await mote::select(i2c.read(kTmp105, value), mote::Timer::after(1_ms));
    const bool idle = bus_idle();
    mote::cortex_m::nvic::enable(kIrq);
    co_await mote::Timer::after(100_us);
    expect(winner.index() == 1, "select: the timer won against the stalled read");
    expect(idle && u16(value) == 0xEEEE, "select's loser left the bus idle and its buffer untouched");
    std::byte again[2]{};
    auto r = co_await i2c.read(kTmp105, again);
    expect(r.has_value() && u16(again) == 0x4C80, "next plain read gets T_HIGH 0x4c80");
    std::printf("select: the timer won, read cancelled after its first byte, bus %s, next read 0x%04x\n",
                idle ? "idle" : "BUSY", u16(again));
  }

  // 8. Two tasks on one controller: the second transfer waits its turn; cancelled (by
  //    with_timeout) while waiting, it leaves the queue without touching the bus or its buffer,
  //    and the first completes once its interrupt runs.
  {
    mote::cortex_m::nvic::disable(kIrq);
    spawner.must_spawn(bus_holder(mote::Static<lm::I2c<lm::I2c0>&>(i2c)));
    co_await mote::Timer::after(10_us);  // the holder has started: its first step is done, the rest stalls
    std::byte value[2]{std::byte{0xEE}, std::byte{0xEE}};
    auto r = co_await mote::with_timeout(1_ms, i2c.read(kTmp105, value));
    const bool waited_out = !r && r.error() == mote::TimeoutError::Elapsed;
    const int holder_before = g_holder_result;
    mote::cortex_m::nvic::enable(kIrq);
    co_await mote::Timer::after(100_us);
    expect(waited_out, "a transfer queued behind a stalled one times out");
    expect(holder_before == -1 && g_holder_result == 1, "the holder's transfer completes once its interrupt runs");
    expect(u16(value) == 0xEEEE, "the queued transfer never touched its buffer");
    auto cfg = co_await sensor.read_configuration();
    expect(cfg.has_value() && *cfg == 0x60, "the controller serves the next transfer");
    std::printf("queue: a waiting transfer cancelled by with_timeout, the running one then %s, next %s\n",
                g_holder_result == 1 ? "completed" : "FAILED", cfg ? "served" : "FAILED");
  }

  if (g_failures == 0) {
    std::printf("ok\n");
  } else {
    std::printf("%d failures\n", g_failures);
  }
  mote::exit(g_failures == 0 ? 0 : 1);
}

}  // namespace

MOTE_MAIN(spawner) {
  auto p = lm::Peripherals::take();
  spawner.must_spawn(i2c_test(std::move(p.i2c0), spawner));
  co_return;
}
