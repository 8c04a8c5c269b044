// The LM3S6965 serial driver's non-template part: set-up, the interrupt handler, the futures.
//
// The UART is TI's PL011 subset. Receive: RX (FIFO at 1/8) and RX time-out (a byte or so left
// below the level) interrupts, plus hardware overrun; the handler always drains the whole FIFO,
// so the hardware FIFO never overruns unless the handler is held off for 16 characters, and the
// ring (not the line) decides what is lost. Framing, parity and break are read from each
// character's error bits (bits 8..11 of DR) rather than from RIS, so each bad character counts
// once. Transmit: the TX interrupt is enabled only while a writer waits for room; it fires when
// the FIFO drains to half, and the handler masks it again and wakes the writers.
#include "mote/lm3s6965/uart.hpp"

#include <mote/platform/port.hpp>

#include <algorithm>
#include <bit>

#include "mote/cortex_m.hpp"
#include "mote/cortex_m/nvic_priority.hpp"
#include "mote/lm3s6965/lm3s6965.hpp"
#include "mote/lm3s6965/regs.hpp"
#include "mote/panic.hpp"

namespace mote::lm3s6965::uart {
using namespace uart_regs;  // register offsets and bits (regs.hpp)

namespace detail {
namespace {

constexpr std::uint8_t bit(SerialError e) noexcept { return static_cast<std::uint8_t>(1u << static_cast<unsigned>(e)); }

std::uint32_t lcrh_for(const Config& c) noexcept {
  std::uint32_t lcrh = kLcrhWlen8 | kLcrhFen;
  if (c.parity != Parity::None) lcrh |= kLcrhPen;
  if (c.parity == Parity::Even) lcrh |= kLcrhEps;
  if (c.stop_bits == StopBits::Two) lcrh |= kLcrhStp2;
  return lcrh;
}

}  // namespace

void start(State& s, std::uintptr_t base, unsigned irq, std::byte* ring, std::uint32_t ring_bytes,
           const Config& config) noexcept {
  const bool was_claimed = critical_section([&] { return std::exchange(s.claimed, true); });
  if (was_claimed) mote::panic("lm3s6965 UART at 0x%08lx already has a driver", static_cast<unsigned long>(base));
  // Divisor = clock / (16 x baud) in 1/64ths, rounded; IBRD has 16 bits and must not be 0.
  if (config.baud == 0 || config.baud > kSystemClockHz / 16) mote::panic("lm3s6965 UART: baud rate %lu out of range", static_cast<unsigned long>(config.baud));
  const std::uint32_t div64 = (4u * kSystemClockHz + config.baud / 2) / config.baud;
  if ((div64 >> 6) > 0xFFFF) mote::panic("lm3s6965 UART: baud rate %lu out of range", static_cast<unsigned long>(config.baud));

  cortex_m::nvic::disable(irq);
  // Let the console's last characters leave before the line settings change (the data sheet's
  // order: wait until not busy, disable, program, enable).
  while ((reg32(base + kFr) & kFrBusy) != 0) {
  }
  reg32(base + kCtl) = 0;
  reg32(base + kIbrd) = div64 >> 6;
  reg32(base + kFbrd) = div64 & 0x3Fu;
  reg32(base + kLcrh) = lcrh_for(config);  // writing LCRH latches the divisors; FEN stays on
  reg32(base + kIfls) = kIflsTxHalf | kIflsRxEighth;
  critical_section([&] {
    s.base = base;
    s.ring = ring;
    s.ring_mask = ring_bytes - 1;
    s.head = s.tail = s.lost = 0;
    s.errors = 0;
  });
  reg32(base + kRsr) = 0;  // forget errors from before
  reg32(base + kIcr) = kIntRx | kIntTx | kIntRt | kIntErrors;
  reg32(base + kIm) = kIntRx | kIntRt | kIntOe;
  reg32(base + kCtl) = kCtlUartEn | kCtlTxe | kCtlRxe;
  cortex_m::set_priority_level(irq, config.priority_level);
  cortex_m::nvic::clear_pending(irq);
  cortex_m::nvic::enable(irq);
  // Bytes that arrived before the mask was set may sit below the RX level with their time-out
  // already past: one handler run collects them.
  cortex_m::nvic::set_pending(irq);
}

void stop(State& s, unsigned irq) noexcept {
  cortex_m::nvic::disable(irq);
  critical_section([&] {
    reg32(s.base + kIm) = 0;
    s.claimed = false;  // the ring and the counters stay: a late poll finds a consistent state
  });
  cortex_m::nvic::clear_pending(irq);
}

void on_interrupt(State& s) noexcept {
  const std::uintptr_t base = s.base;
  if (s.ring == nullptr) return;  // bound but never started: nothing is enabled
  const std::uint32_t mis = reg32(base + kMis);
  // Clear before draining: a character arriving during the drain raises the interrupt again.
  reg32(base + kIcr) = mis & (kIntRx | kIntRt | kIntErrors);
  const platform::CsState cs = platform::cs_enter();  // against readers on other priority levels
  bool wake_readers = false;
  if ((mis & kIntOe) != 0) {
    s.errors |= bit(SerialError::Overrun);
    wake_readers = true;
  }
  while ((reg32(base + kFr) & kFrRxfe) == 0) {
    const std::uint32_t d = reg32(base + kDr);
    wake_readers = true;
    if ((d & kDrOe) != 0) s.errors |= bit(SerialError::Overrun);  // lost before this character
    if ((d & (kDrBe | kDrFe | kDrPe)) != 0) {
      // Not data. A break also breaks framing: report it as the break it is.
      s.errors |= (d & kDrBe) != 0   ? bit(SerialError::Break)
                  : (d & kDrFe) != 0 ? bit(SerialError::Framing)
                                     : bit(SerialError::Parity);
      continue;
    }
    if (s.head - s.tail > s.ring_mask) {
      s.errors |= bit(SerialError::Overrun);
      ++s.lost;
    } else {
      s.ring[s.head & s.ring_mask] = static_cast<std::byte>(d & 0xFFu);
      ++s.head;
    }
  }
  if (wake_readers) s.readers.wake_one();
  if ((mis & kIntTx) != 0) {
    // Room in the FIFO: stop this interrupt until a writer needs it again.
    reg32(base + kIm) = reg32(base + kIm) & ~kIntTx;
    reg32(base + kIcr) = kIntTx;
    s.writers.wake_all();
  }
  platform::cs_exit(cs);
}

}  // namespace detail

// ---- ReadFuture ------------------------------------------------------------------------------

bool ReadFuture::poll(Waker waker) noexcept {
  CriticalSection cs;
  detail::State& s = *s_;
  if (buffer_.empty()) {
    count_ = 0;
    s.readers.done(node_);
    return true;
  }
  if (s.errors != 0) {
    // One error per read, oldest kind first (the order of SerialError); the bytes stay.
    const unsigned e = static_cast<unsigned>(std::countr_zero(s.errors));
    s.errors = static_cast<std::uint8_t>(s.errors & ~(1u << e));
    error_ = static_cast<std::int8_t>(e);
    finish();
    return true;
  }
  const std::uint32_t buffered = s.head - s.tail;
  std::uint32_t n = buffered < buffer_.size() ? buffered : static_cast<std::uint32_t>(buffer_.size());
  if (delimiter_ != kAny && n != 0) {
    std::uint32_t i = 0;
    while (i < n && s.ring[(s.tail + i) & s.ring_mask] != static_cast<std::byte>(delimiter_)) ++i;
    if (i < n) {
      n = i + 1;  // through the delimiter
    } else if (n < buffer_.size() && buffered <= s.ring_mask) {
      n = 0;  // no delimiter yet, and room for more in both the buffer and the ring: wait
    }
  }
  if (n == 0) {
    s.readers.wait(node_, waker);
    return false;
  }
  // Two copies at most: up to the end of the ring, then from its start.
  const std::uint32_t start = s.tail & s.ring_mask;
  const std::uint32_t first = n < s.ring_mask + 1 - start ? n : s.ring_mask + 1 - start;
  std::copy_n(s.ring + start, first, buffer_.data());
  std::copy_n(s.ring, n - first, buffer_.data() + first);
  s.tail += n;
  count_ = n;
  finish();
  return true;
}

// Called with the critical section held, once this read has its result.
void ReadFuture::finish() noexcept {
  s_->readers.done(node_);
  // The handler woke one reader per event; if this one leaves something, the next may use it.
  if (s_->head != s_->tail || s_->errors != 0) s_->readers.wake_one();
}

ReadFuture::~ReadFuture() {
  if (node_.state == ::mote::detail::WaitNode::State::Idle) return;
  critical_section([&] { s_->readers.cancel(node_, s_->head != s_->tail || s_->errors != 0); });
}

// ---- WriteFuture -----------------------------------------------------------------------------

bool WriteFuture::poll(Waker waker) noexcept {
  const std::uintptr_t base = s_->base;
  // Outside the critical section: filling the FIFO needs no lock (std::printf may interleave
  // between bytes, as documented), and interrupts stay open meanwhile.
  while (sent_ < data_.size() && (reg32(base + kFr) & kFrTxff) == 0) {
    reg32(base + kDr) = static_cast<std::uint32_t>(data_[sent_]);
    ++sent_;
  }
  CriticalSection cs;
  if (sent_ == data_.size()) {
    s_->writers.done(node_);
    return true;
  }
  // The FIFO is full, so it will drain through the half level and raise the TX interrupt; a
  // stale TX status (QEMU sets it on every write) only causes one spurious wake-up.
  s_->writers.wait(node_, waker);
  reg32(base + kIm) = reg32(base + kIm) | kIntTx;
  return false;
}

WriteFuture::~WriteFuture() {
  if (node_.state == ::mote::detail::WaitNode::State::Idle) return;
  // Every writer is woken together (wake_all), so there is no turn to pass on.
  critical_section([&] { s_->writers.cancel(node_, false); });
}

}  // namespace mote::lm3s6965::uart
