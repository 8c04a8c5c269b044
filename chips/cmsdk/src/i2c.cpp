// The SBCon I2C driver's non-template part: the bit-banged bus (START, bytes with their
// acknowledge, STOP) and the transfer future that walks its operations one byte per poll.
//
// A transfer is a list of operations walked byte by byte: a START (repeated START after the
// first) and the address go out before the first byte and whenever the direction changes
// (adjacent operations of one direction are merged), a byte read is ACKed unless it ends its run
// of reads, and STOP follows the very last byte.
#include "mote/cmsdk/i2c.hpp"

#include "mote/cmsdk/cmsdk.hpp"
#include "mote/cmsdk/regs.hpp"
#include "mote/critical_section.hpp"
#include "mote/panic.hpp"

namespace mote::cmsdk::i2c {
using hal::I2cError;
using hal::I2cOperation;

namespace {

// The two lines of one SBCon, driven by the future that holds the turn. SCL is only ever
// released (never driven high), as on an open-drain bus; the SBCon cannot read SCL back, so a
// device that stretches the clock is not waited for.
struct Bus {
  std::uintptr_t base;
  std::uint32_t half_period_cycles;

  void release(std::uint32_t lines) const noexcept { reg32(base + sbcon::kControl) = lines; }
  void pull_low(std::uint32_t lines) const noexcept { reg32(base + sbcon::kControlClear) = lines; }
  bool sda() const noexcept { return (reg32(base + sbcon::kControl) & sbcon::kSda) != 0; }
  void wait() const noexcept {
    const std::uint64_t until = clock_now() + half_period_cycles;
    while (clock_now() < until) {
    }
  }
  // One clock pulse from SCL low: low for a half period (the data settles), high for a half
  // period, low again. SDA as sampled at the end of the high half.
  bool pulse() const noexcept {
    wait();
    release(sbcon::kScl);
    wait();
    const bool level = sda();
    pull_low(sbcon::kScl);
    return level;
  }
  // START from an idle bus, or a repeated START after a byte (SCL low): SDA falls while SCL is
  // high. Leaves SCL low.
  void start() const noexcept {
    release(sbcon::kSda);
    wait();
    release(sbcon::kScl);
    wait();
    pull_low(sbcon::kSda);
    wait();
    pull_low(sbcon::kScl);
  }
  // STOP after a byte (SCL low): SDA rises while SCL is high. Leaves the bus idle.
  void stop() const noexcept {
    pull_low(sbcon::kSda);
    wait();
    release(sbcon::kScl);
    wait();
    release(sbcon::kSda);
    wait();
  }
  // Eight data bits, MSB first, then the acknowledge clock with SDA released: true if the
  // device pulled SDA low (ACK).
  bool write_byte(std::uint8_t byte) const noexcept {
    for (int bit = 7; bit >= 0; --bit) {
      if (((byte >> bit) & 1u) != 0) {
        release(sbcon::kSda);
      } else {
        pull_low(sbcon::kSda);
      }
      pulse();
    }
    release(sbcon::kSda);
    return !pulse();
  }
  // Eight bits from the device (SDA released), then ACK (SDA low: send another) or NACK.
  std::uint8_t read_byte(bool ack) const noexcept {
    release(sbcon::kSda);
    unsigned value = 0;
    for (int bit = 0; bit < 8; ++bit) value = (value << 1) | (pulse() ? 1u : 0u);
    if (ack) pull_low(sbcon::kSda);
    pulse();
    release(sbcon::kSda);
    return static_cast<std::uint8_t>(value);
  }
};

// Skips empty operations: afterwards (op, pos) names a byte, or op == count.
void skip_empty(const I2cOperation* ops, std::size_t count, std::size_t& op, std::size_t& pos) noexcept {
  while (op < count && pos >= ops[op].size) {
    ++op;
    pos = 0;
  }
}

}  // namespace

namespace detail {

void start(State& s, std::uintptr_t base, const Config& config) noexcept {
  if (critical_section([&] { return std::exchange(s.claimed, true); })) {
    MOTE_PANIC("cmsdk I2C (SBCon) at {:010x} already has a driver", static_cast<unsigned long>(base));
  }
  if (config.frequency_hz < 1'000 || config.frequency_hz > 400'000) {
    MOTE_PANIC("cmsdk I2C: SCL frequency {} Hz out of range (1000..400000)",
                static_cast<unsigned long>(config.frequency_hz));
  }
  s.base = base;
  // Round up: the bus never runs faster than asked.
  s.half_period_cycles = (kSystemClockHz + 2 * config.frequency_hz - 1) / (2 * config.frequency_hz);
  critical_section([&] { s.turn.reset(); });
  reg32(base + sbcon::kControl) = sbcon::kScl | sbcon::kSda;  // idle: both lines released
}

void stop(State& s) noexcept {
  reg32(s.base + sbcon::kControl) = sbcon::kScl | sbcon::kSda;
  critical_section([&] { s.claimed = false; });
}

}  // namespace detail

bool TransferFuture::poll(Waker waker) noexcept {
  if (finished_) return true;
  if (!started_) {
    if (!critical_section([&] { return s_->turn.try_take(this, node_, waker); })) return false;
    started_ = true;
  }
  if (step()) return true;
  waker.wake();  // yield: the next byte in the next poll, after the other ready tasks
  return false;
}

// One step: the (repeated) START and the address, or one byte (and STOP after the last). True
// once the transfer is over.
bool TransferFuture::step() noexcept {
  const Bus bus{s_->base, s_->half_period_cycles};
  const I2cOperation* const ops = transfer_.operations();
  const std::size_t count = transfer_.count();
  const std::uint8_t address = transfer_.address();
  skip_empty(ops, count, op_, pos_);
  if (op_ >= count) {
    // No byte at all (a byte transfer ends with its last byte, below): the address alone.
    bus.start();
    const bool ack = bus.write_byte(static_cast<std::uint8_t>(address << 1));
    bus.stop();
    finish(ack ? -1 : static_cast<std::int8_t>(I2cError::Nack));
    return true;
  }
  const I2cOperation& o = ops[op_];
  const bool read = o.kind == I2cOperation::Kind::Read;
  if (!holding_ || read != reading_) {
    bus.start();
    holding_ = true;
    reading_ = read;
    acked_read_ = false;
    if (!bus.write_byte(static_cast<std::uint8_t>((address << 1) | (read ? 1u : 0u)))) {
      bus.stop();
      holding_ = false;
      finish(static_cast<std::int8_t>(I2cError::Nack));
      return true;
    }
    return false;
  }
  std::size_t next_op = op_, next_pos = pos_ + 1;
  skip_empty(ops, count, next_op, next_pos);
  const bool last = next_op >= count;
  if (read) {
    // ACK unless this byte ends the run of reads: the device then stops sending.
    acked_read_ = !last && ops[next_op].kind == I2cOperation::Kind::Read;
    o.data[pos_] = static_cast<std::byte>(bus.read_byte(acked_read_));
  } else if (!bus.write_byte(static_cast<std::uint8_t>(o.data[pos_]))) {
    bus.stop();
    holding_ = false;
    finish(static_cast<std::int8_t>(I2cError::Nack));
    return true;
  }
  op_ = next_op;
  pos_ = next_pos;
  if (last) {
    bus.stop();
    holding_ = false;
    finish(-1);
    return true;
  }
  return false;
}

void TransferFuture::finish(std::int8_t error) noexcept {
  error_ = error;
  finished_ = true;
  critical_section([&] { s_->turn.release(); });
}

TransferFuture::~TransferFuture() {
  if (!started_) {
    critical_section([&] { s_->turn.leave(node_); });
    return;
  }
  if (finished_) return;
  if (holding_) {
    const Bus bus{s_->base, s_->half_period_cycles};
    // A device that was ACKed drives the next byte's first bit: clock that byte in with NACK
    // (dropped, the buffer is the caller's no more) so that it lets go of SDA for the STOP.
    if (acked_read_) static_cast<void>(bus.read_byte(false));
    bus.stop();
  }
  critical_section([&] { s_->turn.release(); });
}

}  // namespace mote::cmsdk::i2c
