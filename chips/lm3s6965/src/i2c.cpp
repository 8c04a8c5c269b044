// The LM3S6965 I2C driver's non-template part: set-up, the step engine in the interrupt, the
// transfer future and its cancellation.
//
// The controller runs one step per MCS write: optionally a (repeated) START with the address
// from MSA, one byte (RUN), optionally ACK for a received byte, optionally STOP. A transfer is a
// list of operations walked byte by byte: a byte starts with START when it is the first or its
// direction differs from the previous byte's (adjacent operations of one direction are merged),
// a received byte is ACKed unless it ends its run of reads, and the very last byte carries STOP.
#include "mote/lm3s6965/i2c.hpp"

#include <mote/platform/port.hpp>

#include "mote/cortex_m.hpp"
#include "mote/cortex_m/nvic_priority.hpp"
#include "mote/lm3s6965/lm3s6965.hpp"
#include "mote/lm3s6965/regs.hpp"
#include "mote/panic.hpp"

namespace mote::lm3s6965::i2c {
using namespace i2c_regs;  // register offsets and bits (regs.hpp)
using hal::I2cError;
using hal::I2cOperation;

namespace detail {
namespace {

volatile std::uint32_t& reg(const State& s, std::uintptr_t offset) noexcept { return reg32(s.base + offset); }

// Skips empty operations: afterwards (op, pos) names a byte, or op == count.
void normalise(const State& s, std::size_t& op, std::size_t& pos) noexcept {
  while (op < s.count && pos >= s.ops[op].size) {
    ++op;
    pos = 0;
  }
}

// Waits until the controller finished its current step. On the chip a step is at most one byte
// time (90 us at 100 kHz); QEMU's model is never busy. Any context.
void wait_idle(const State& s) noexcept {
  while ((reg(s, kMcs) & kStBusy) != 0) {
  }
}

// Programs the step for byte (s.op, s.pos). `first`: the first byte of the transfer. Critical
// section held.
void issue(State& s, bool first) noexcept {
  const I2cOperation& o = s.ops[s.op];
  const bool read = o.kind == I2cOperation::Kind::Read;
  bool start = first;
  if (!first) {
    // The previous byte: the one before (op, pos), skipping empty operations backwards.
    std::size_t p = s.op;
    if (s.pos == 0) {
      do --p;
      while (s.ops[p].size == 0);
    }
    start = s.ops[p].kind != o.kind;
  }
  std::size_t next_op = s.op, next_pos = s.pos + 1;
  normalise(s, next_op, next_pos);
  const bool last = next_op >= s.count;
  const bool run_ends = last || s.ops[next_op].kind != o.kind;

  std::uint32_t cmd = kCmdRun;
  if (start && !first && s.instant) {
    // QEMU 7.2's model ignores a repeated START while it holds the bus (it keeps the first
    // direction, and a "received" byte is garbage), so there the write ends with STOP and the
    // read starts afresh. Register-pointer devices (the TMP105 among them) keep their pointer
    // across a STOP. The model executes the STOP at once and raises no interrupt for it.
    reg(s, kMcs) = kCmdStop;
  }
  if (start) {
    reg(s, kMsa) = static_cast<std::uint32_t>(s.address << 1) | (read ? 1u : 0u);
    cmd |= kCmdStart;
  }
  if (read) {
    if (!run_ends) cmd |= kCmdAck;  // the last byte of a run of reads is NACKed: the device stops sending
  } else {
    reg(s, kMdr) = static_cast<std::uint32_t>(o.data[s.pos]);
  }
  if (last) cmd |= kCmdStop;
  reg(s, kMcs) = cmd;
  s.holding = true;
  const std::uint32_t status = reg(s, kMcs);
  const bool raised = (reg(s, kMris) & kMrisRis) != 0;
  // A byte on a real bus takes 9 SCL periods (90 us at 100 kHz), so a step that has finished by
  // the time its status can be read comes from a model that runs steps instantly: QEMU's.
  if ((status & kStBusy) == 0 && raised) s.instant = true;
  // A step that failed at once without raising the interrupt: QEMU 7.2's model refuses a START
  // to an absent address that way (it sets ERROR | ARBLST and no interrupt). The chip is busy at
  // this point, or has raised the interrupt; anything else is the handler's to see, so pend it.
  if ((status & kStBusy) == 0 && !raised) {
    s.soft_event = true;
    cortex_m::nvic::set_pending(s.irq);
  }
}

// Which error a failed step's status names. ARBLST while no controller holds the bus cannot be
// a lost arbitration (the winner would be holding it): it is QEMU 7.2's way of saying that no
// device answered the address, which the chip reports as ADRACK.
I2cError classify(std::uint32_t status) noexcept {
  if ((status & kStArbLst) != 0) {
    return (status & kStBusBsy) != 0 ? I2cError::ArbitrationLost : I2cError::Nack;
  }
  if ((status & (kStAdrAck | kStDatAck)) != 0) return I2cError::Nack;
  return I2cError::Bus;
}

// The transfer is over: the handler forgets the buffers and wakes the owner. Critical section.
void finish(State& s, std::int8_t error) noexcept {
  s.error = error;
  s.done = true;
  s.ops = nullptr;
  s.waker.wake();
}

}  // namespace

void start(State& s, std::uintptr_t base, unsigned irq, const Config& config) noexcept {
  if (critical_section([&] { return std::exchange(s.claimed, true); })) {
    MOTE_PANIC("lm3s6965 I2C at {:010x} already has a driver", static_cast<unsigned long>(base));
  }
  if (config.frequency_hz < 1'000 || config.frequency_hz > 400'000) {
    MOTE_PANIC("lm3s6965 I2C: SCL frequency {} Hz out of range (1000..400000)",
                static_cast<unsigned long>(config.frequency_hz));
  }
  // SCL = SysClk / (20 (TPR + 1)): round the divider up, so the bus never runs faster than asked.
  const std::uint32_t divider = (kSystemClockHz + 20 * config.frequency_hz - 1) / (20 * config.frequency_hz);
  const std::uint32_t tpr = divider - 1;
  if (tpr < 1 || tpr > 127) MOTE_PANIC("lm3s6965 I2C: divider {} out of range", static_cast<unsigned long>(tpr));

  cortex_m::nvic::disable(irq);
  critical_section([&] {
    s.base = base;
    s.irq = irq;
    s.turn.reset();
    s.ops = nullptr;
    s.holding = s.soft_event = s.done = false;
    s.error = -1;
  });
  reg(s, kMcr) = kMcrMfe;
  reg(s, kMtpr) = tpr;
  reg(s, kMicr) = kMrisRis;
  reg(s, kMimr) = kMrisRis;
  cortex_m::set_priority_level(irq, config.priority_level);
  cortex_m::nvic::clear_pending(irq);
  cortex_m::nvic::enable(irq);
}

void stop(State& s) noexcept {
  cortex_m::nvic::disable(s.irq);
  // QEMU 7.2 ignores a 0 written to MIMR (any write sets it to 1), so the NVIC line is the mask.
  reg(s, kMimr) = 0;
  reg(s, kMicr) = kMrisRis;
  reg(s, kMcr) = 0;
  cortex_m::nvic::clear_pending(s.irq);
  critical_section([&] { s.claimed = false; });
}

void on_interrupt(State& s) noexcept {
  const platform::CsState cs = platform::cs_enter();  // against futures on other priority levels
  const bool raised = (reg(s, kMris) & kMrisRis) != 0;
  const std::uint32_t status = reg(s, kMcs);
  if ((!raised && !s.soft_event) || (status & kStBusy) != 0) {
    platform::cs_exit(cs);  // nothing finished: a stale pend, or the step is still on the wire
    return;
  }
  reg(s, kMicr) = kMrisRis;
  s.soft_event = false;
  if (s.ops == nullptr) {
    platform::cs_exit(cs);  // nothing in flight (finished, or cancelled: its buffers are gone)
    return;
  }
  if ((status & kStError) != 0) {
    const I2cError e = classify(status);
    // After a NACK the controller still holds the bus and must send STOP; after a lost
    // arbitration the bus is the winner's.
    if (e != I2cError::ArbitrationLost && (status & kStBusBsy) != 0) reg(s, kMcs) = kCmdStop;
    s.holding = false;
    finish(s, static_cast<std::int8_t>(e));
  } else {
    const I2cOperation& o = s.ops[s.op];
    if (o.kind == I2cOperation::Kind::Read) o.data[s.pos] = static_cast<std::byte>(reg(s, kMdr));
    ++s.pos;
    normalise(s, s.op, s.pos);
    if (s.op >= s.count) {
      s.holding = false;  // the last step carried STOP
      finish(s, -1);
    } else {
      issue(s, false);
    }
  }
  platform::cs_exit(cs);
}

}  // namespace detail

// ---- TransferFuture ----------------------------------------------------------------------------

bool TransferFuture::poll(Waker waker) noexcept {
  CriticalSection cs;
  detail::State& s = *s_;
  if (finished_) return true;
  if (!started_) {
    if (!s.turn.try_take(this, node_, waker)) return false;  // another transfer runs: queued
    std::size_t op = 0, pos = 0;
    s.ops = transfer_.operations();  // normalise reads s.ops and s.count
    s.count = transfer_.count();
    detail::normalise(s, op, pos);
    if (op >= s.count) {
      // No byte to move: nothing goes on the bus (the controller cannot send an address alone).
      s.ops = nullptr;
      finished_ = true;
      s.turn.release();
      return true;
    }
    started_ = true;
    s.waker = waker;
    s.op = op;
    s.pos = pos;
    s.address = transfer_.address();
    s.done = false;
    s.error = -1;
    detail::wait_idle(s);  // an error STOP of the previous transfer may still be on the wire
    detail::issue(s, true);
    return false;  // even if QEMU finished the step already: its interrupt runs after this section
  }
  if (take_finished(s.turn, s.done, s.error)) return true;
  s.waker = waker;
  return false;
}

void TransferFuture::stop_cancelled() noexcept {
  detail::State& s = *s_;
  // The handler no longer touches this transfer (ops is null); finish the byte on the wire, then
  // give the bus back with STOP if this controller holds it.
  detail::wait_idle(s);
  critical_section([&] {
    if (s.holding) {
      reg32(s.base + kMcs) = kCmdStop;
      s.holding = false;
    }
  });
  detail::wait_idle(s);
  critical_section([&] {
    reg32(s.base + kMicr) = kMrisRis;  // the steps' events belong to nobody now
    s.soft_event = false;
    cortex_m::nvic::clear_pending(s.irq);
    s.done = false;
    s.turn.release();
  });
}

TransferFuture::~TransferFuture() {
  if (!started_) {
    critical_section([&] { s_->turn.leave(node_); });
    return;
  }
  if (finished_) return;
  const bool in_flight = critical_section([&] {
    detail::State& s = *s_;
    if (s.done) {
      // Finished but never taken: the bus is already idle; pass the controller on.
      s.done = false;
      s.turn.release();
      return false;
    }
    s.ops = nullptr;  // from here on the handler never touches this future's buffers
    return true;      // the turn stays this future's until the bus is stopped
  });
  if (in_flight) stop_cancelled();
}

}  // namespace mote::lm3s6965::i2c
