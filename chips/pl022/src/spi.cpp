// The PL022 SPI driver's non-template part: set-up, the FIFO pump shared by the first poll and
// the interrupt, the operation future and its cancellation.
#include "mote/pl022/spi.hpp"

#include <mote/platform/port.hpp>

#include "mote/cortex_m.hpp"
#include "mote/cortex_m/nvic_priority.hpp"
#include "mote/critical_section.hpp"
#include "mote/pl022/regs.hpp"
#include "mote/panic.hpp"

namespace mote::pl022::spi {
using namespace regs;
using cortex_m::reg32;

namespace detail {
namespace {

volatile std::uint32_t& reg(const State& s, std::uintptr_t offset) noexcept { return reg32(s.base + offset); }

// Moves what the receive FIFO holds into the buffer (or drops it). Critical section held.
// Locals, not the fields: the volatile register accesses would make the compiler reload them.
void drain(State& s) noexcept {
  const std::uintptr_t base = s.base;
  std::byte* const in = s.in;
  const std::size_t in_size = s.in_size, sent = s.sent;
  std::size_t received = s.received;
  while (received < sent && (reg32(base + kSr) & kSrRne) != 0) {
    const auto b = static_cast<std::byte>(reg32(base + kDr));
    if (in != nullptr && received < in_size) in[received] = b;
    ++received;
  }
  s.received = received;
}

// Puts bytes into the transmit FIFO, never more on the wire than the receive FIFO holds (so it
// cannot overrun). Critical section held.
void fill(State& s) noexcept {
  const std::uintptr_t base = s.base;
  const std::byte* const out = s.out;
  const std::size_t size = s.size, out_size = s.out_size, limit = s.received + kFifoDepth;
  std::size_t sent = s.sent;
  while (sent < size && sent < limit && (reg32(base + kSr) & kSrTnf) != 0) {
    const std::byte b = out != nullptr && sent < out_size ? out[sent] : s.fill;
    reg32(base + kDr) = static_cast<std::uint32_t>(b);
    ++sent;
  }
  s.sent = sent;
}

// Advances the operation as far as the FIFOs allow (`first`: one fill of the transmit FIFO
// only, so that longer operations always go on in the interrupt, also where the bus shifts
// instantly, as in QEMU); true once every byte is received. Leaves the receive interrupt enabled
// if it must wait for 4 or more bytes. Critical section held.
bool pump(State& s, bool first) noexcept {
  for (;;) {
    const std::size_t before = s.sent + s.received;
    drain(s);
    fill(s);
    if (s.received == s.size) {
      reg(s, kIm) = 0;
      return true;
    }
    if (first || s.sent + s.received == before) break;  // the FIFOs are busy: wait for the wire
  }
  if (s.sent - s.received >= kFifoDepth / 2) {
    reg(s, kIm) = kIntRx | kIntRt | kIntRor;  // half full will come
    return false;
  }
  // 1..3 bytes on the wire and nothing more to send: at most 3 byte times.
  while (s.received < s.size) drain(s);
  reg(s, kIm) = 0;
  return true;
}

// The operation is over: forget the buffers, wake the owner. Critical section held.
void finish(State& s, std::int8_t error) noexcept {
  s.active = false;
  s.in = nullptr;
  s.out = nullptr;
  s.error = error;
  s.done = true;
  s.waker.wake();
}

}  // namespace

void set_frequency(State& s, std::uint32_t frequency_hz, Mode mode) noexcept {
  if (frequency_hz == s.frequency_hz && static_cast<std::uint8_t>(mode) == s.mode) return;
  if (frequency_hz < 1'000 || frequency_hz > s.clock_hz / 2) {
    MOTE_PANIC("PL022 SSI: SCK frequency {} Hz out of range (1000..{})", static_cast<unsigned long>(frequency_hz),
                static_cast<unsigned long>(s.clock_hz / 2));
  }
  // SCK = SSPCLK / (CPSDVSR (1 + SCR)): the smallest even prescaler whose SCR fits, rounding the
  // divider up so the bus never runs faster than asked.
  const std::uint32_t divider = (s.clock_hz + frequency_hz - 1) / frequency_hz;
  std::uint32_t cpsr = 2, scr = 0;
  for (; cpsr <= 254; cpsr += 2) {
    scr = (divider + cpsr - 1) / cpsr - 1;
    if (scr <= 255) break;
  }
  const auto m = static_cast<std::uint32_t>(mode);
  const std::uint32_t cr0 = (scr << 8) | ((m & 2u) != 0 ? kCr0Spo : 0u) | ((m & 1u) != 0 ? kCr0Sph : 0u) | kCr0Dss8;
  reg(s, kCr1) = 0;  // the format may change only while disabled
  reg(s, kCpsr) = cpsr;
  reg(s, kCr0) = cr0;
  reg(s, kCr1) = kCr1Sse | (s.loopback ? kCr1Lbm : 0u);
  s.frequency_hz = frequency_hz;
  s.mode = static_cast<std::uint8_t>(mode);
}

void start(State& s, std::uintptr_t base, unsigned irq, std::uint32_t clock_hz, const Config& config) noexcept {
  if (critical_section([&] { return std::exchange(s.claimed, true); })) {
    MOTE_PANIC("PL022 SSI at {:010x} already has a driver", static_cast<unsigned long>(base));
  }
  cortex_m::nvic::disable(irq);
  critical_section([&] {
    s.base = base;
    s.irq = irq;
    s.fill = config.fill;
    s.clock_hz = clock_hz;
    s.loopback = config.loopback;
    s.turn.reset();
    s.active = s.done = false;
    s.error = -1;
  });
  reg(s, kIm) = 0;
  s.frequency_hz = 0;  // set it whatever the last driver left
  set_frequency(s, config.frequency_hz, config.mode);
  while ((reg(s, kSr) & kSrRne) != 0) static_cast<void>(std::uint32_t{reg(s, kDr)});  // stale bytes
  reg(s, kIcr) = kIntRor | kIntRt;
  cortex_m::set_priority_level(irq, config.priority_level);
  cortex_m::nvic::clear_pending(irq);
  cortex_m::nvic::enable(irq);
}

void stop(State& s) noexcept {
  // Masked at the port, not at the NVIC: another port may share the line (the MPS2's do) and
  // still need it.
  reg(s, kIm) = 0;
  reg(s, kCr1) = 0;
  critical_section([&] { s.claimed = false; });
}

void on_interrupt(State& s) noexcept {
  const platform::CsState cs = platform::cs_enter();  // against futures on other priority levels
  const std::uint32_t status = reg(s, kMis);
  reg(s, kIcr) = kIntRor | kIntRt;
  if (!s.active) {
    reg(s, kIm) = 0;  // a stale event: nothing in flight
  } else if ((status & kIntRor) != 0) {
    reg(s, kIm) = 0;  // cannot happen while the pump keeps the wire within the FIFO
    while ((reg(s, kSr) & (kSrBsy | kSrRne)) != 0) static_cast<void>(std::uint32_t{reg(s, kDr)});
    finish(s, static_cast<std::int8_t>(hal::SpiError::Overrun));
  } else if (pump(s, false)) {
    finish(s, -1);
  }
  platform::cs_exit(cs);
}

}  // namespace detail

bool TransferFuture::poll(Waker waker) noexcept {
  CriticalSection cs;
  detail::State& s = *s_;
  if (finished_) return true;
  if (!started_) {
    if (!s.turn.try_take(this, node_, waker)) return false;  // another operation runs: queued
    if (size_ == 0) {  // flush, or an empty buffer: the bus is idle (every byte sent was received)
      finished_ = true;
      s.turn.release();
      return true;
    }
    started_ = true;
    s.waker = waker;
    s.in = in_;
    s.out = out_;
    s.in_size = in_size_;
    s.out_size = out_size_;
    s.size = size_;
    s.sent = s.received = 0;
    s.done = false;
    s.error = -1;
    s.active = true;
    if (detail::pump(s, true)) {  // 3 bytes or fewer: done without an interrupt
      s.active = false;
      s.in = nullptr;
      s.out = nullptr;
      finished_ = true;
      s.turn.release();
      return true;
    }
    return false;
  }
  if (take_finished(s.turn, s.done, s.error)) return true;
  s.waker = waker;
  return false;
}

TransferFuture::~TransferFuture() {
  if (!started_) {
    critical_section([&] { s_->turn.leave(node_); });
    return;
  }
  if (finished_) return;
  CriticalSection cs;
  detail::State& s = *s_;
  if (s.active) {
    // Detach the buffers, send nothing more, collect what is on the wire (at most 8 byte times).
    s.in = nullptr;
    s.out = nullptr;
    s.size = s.sent;
    reg32(s.base + kIm) = 0;
    while (s.received < s.sent) detail::drain(s);
    s.active = false;
    cortex_m::nvic::clear_pending(s.irq);
  }
  s.done = false;
  s.turn.release();
}

}  // namespace mote::pl022::spi
