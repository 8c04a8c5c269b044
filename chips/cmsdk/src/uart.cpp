// The CMSDK serial driver's non-template part: set-up, the interrupt handlers, the futures.
//
// The CMSDK APB UART has a one-byte receive buffer, a one-byte transmit buffer (before the
// shift register), and interrupt status bits that are *latched*: RX is set when a byte arrives
// and TX when the transmit buffer empties, each only while its enable bit in CTRL is set, and
// each stays set (holding its NVIC line high) until written 1 to INTSTATUS. So each handler
// clears its bit first, and a writer that enables TX_INTEN re-checks TXFULL afterwards: if the
// buffer emptied just before, no interrupt will come for it. The UART detects no break, framing
// or parity errors (it checks no stop bit and has no parity); a receive overrun sets STATE's
// RXOVERRUN, which the RX handler collects (the byte that overran raised RX too), so the shared
// overrun line 12 is not needed.
#include "mote/cmsdk/uart.hpp"

#include <mote/platform/port.hpp>

#include <algorithm>
#include <bit>

#include "mote/cmsdk/cmsdk.hpp"
#include "mote/cmsdk/regs.hpp"
#include "mote/cortex_m.hpp"
#include "mote/cortex_m/nvic_priority.hpp"
#include "mote/panic.hpp"

namespace mote::cmsdk::uart {
namespace regs = ::mote::cmsdk::uart;  // register offsets and bits (regs.hpp)

namespace detail {
namespace {

constexpr std::uint8_t bit(SerialError e) noexcept { return static_cast<std::uint8_t>(1u << static_cast<unsigned>(e)); }

}  // namespace

void start(State& s, std::uintptr_t base, unsigned rx_irq, unsigned tx_irq, std::byte* ring, std::uint32_t ring_bytes,
           const Config& config) noexcept {
  const bool was_claimed = critical_section([&] { return std::exchange(s.claimed, true); });
  if (was_claimed) mote::panic("cmsdk UART at 0x%08lx already has a driver", static_cast<unsigned long>(base));
  const std::uint32_t div = config.baud == 0 ? 0 : (kSystemClockHz + config.baud / 2) / config.baud;  // rounded
  if (div < regs::kMinBaudDiv || div > regs::kMaxBaudDiv) {
    mote::panic("cmsdk UART: baud rate %lu out of range", static_cast<unsigned long>(config.baud));
  }

  cortex_m::nvic::disable(rx_irq);
  cortex_m::nvic::disable(tx_irq);
  critical_section([&] {
    s.base = base;
    s.ring = ring;
    s.ring_mask = ring_bytes - 1;
    s.head = s.tail = s.lost = 0;
    s.errors = 0;
    if (reg32(base + regs::kBaudDiv) != div || (reg32(base + regs::kCtrl) & regs::kCtrlTxEn) == 0) {
      // A new rate: let the console's last byte leave the buffer first (a byte written before
      // TXEN never leaves, hence the check), and program the divisor with the UART disabled.
      // An unchanged rate is left alone, so that no byte being received is cut.
      if ((reg32(base + regs::kCtrl) & regs::kCtrlTxEn) != 0) {
        while ((reg32(base + regs::kState) & regs::kStateTxFull) != 0) {
        }
      }
      reg32(base + regs::kCtrl) = 0;
      reg32(base + regs::kBaudDiv) = div;  // before TXEN: QEMU checks the divisor then
    }
    reg32(base + regs::kState) = regs::kStateTxOverrun | regs::kStateRxOverrun;  // forget earlier ones
    reg32(base + regs::kIntStatus) = regs::kIntTx | regs::kIntRx | regs::kIntTxOverrun | regs::kIntRxOverrun;
    reg32(base + regs::kCtrl) = regs::kCtrlTxEn | regs::kCtrlRxEn | regs::kCtrlRxIntEn;
  });
  cortex_m::set_priority_level(rx_irq, config.priority_level);
  cortex_m::set_priority_level(tx_irq, config.priority_level);
  cortex_m::nvic::clear_pending(rx_irq);
  cortex_m::nvic::clear_pending(tx_irq);
  cortex_m::nvic::enable(rx_irq);
  cortex_m::nvic::enable(tx_irq);
  // A byte that arrived before RX_INTEN was set raised no interrupt (the status is latched only
  // on arrival): one handler run collects it.
  cortex_m::nvic::set_pending(rx_irq);
}

void stop(State& s, unsigned rx_irq, unsigned tx_irq) noexcept {
  cortex_m::nvic::disable(rx_irq);
  cortex_m::nvic::disable(tx_irq);
  critical_section([&] {
    // TXEN and RXEN stay: the console keeps printing.
    reg32(s.base + regs::kCtrl) = reg32(s.base + regs::kCtrl) & ~(regs::kCtrlTxIntEn | regs::kCtrlRxIntEn);
    reg32(s.base + regs::kIntStatus) = regs::kIntTx | regs::kIntRx;
    s.claimed = false;  // the ring and the counters stay: a late poll finds a consistent state
  });
  cortex_m::nvic::clear_pending(rx_irq);
  cortex_m::nvic::clear_pending(tx_irq);
}

void on_rx_interrupt(State& s) noexcept {
  const std::uintptr_t base = s.base;
  if (s.ring == nullptr) return;  // bound but never started: nothing is enabled
  // Clear before reading: a byte arriving after the read latches RX again.
  reg32(base + regs::kIntStatus) = regs::kIntRx;
  const platform::CsState cs = platform::cs_enter();  // against readers on other priority levels
  bool wake_readers = false;
  if ((reg32(base + regs::kState) & regs::kStateRxOverrun) != 0) {
    // A byte came while the buffer was still full (this handler held off for a byte time).
    reg32(base + regs::kState) = regs::kStateRxOverrun;
    s.errors |= bit(SerialError::Overrun);
    wake_readers = true;
  }
  while ((reg32(base + regs::kState) & regs::kStateRxFull) != 0) {
    const std::uint32_t d = reg32(base + regs::kData);
    wake_readers = true;
    if (s.head - s.tail > s.ring_mask) {
      s.errors |= bit(SerialError::Overrun);
      ++s.lost;
    } else {
      s.ring[s.head & s.ring_mask] = static_cast<std::byte>(d & 0xFFu);
      ++s.head;
    }
  }
  if (wake_readers) s.readers.wake_one();
  platform::cs_exit(cs);
}

void on_tx_interrupt(State& s) noexcept {
  const std::uintptr_t base = s.base;
  if (base == 0) return;  // bound but never started: nothing is enabled
  const platform::CsState cs = platform::cs_enter();  // CTRL is also changed by writers
  // The buffer has room: stop this interrupt until a writer needs it again (std::printf's bytes
  // would otherwise raise it too).
  reg32(base + regs::kCtrl) = reg32(base + regs::kCtrl) & ~regs::kCtrlTxIntEn;
  reg32(base + regs::kIntStatus) = regs::kIntTx;
  s.writers.wake_all();
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
  // The handler woke one reader per byte; if this one leaves something, the next may use it.
  if (s_->head != s_->tail || s_->errors != 0) s_->readers.wake_one();
}

ReadFuture::~ReadFuture() {
  if (node_.state == ::mote::detail::WaitNode::State::Idle) return;
  critical_section([&] { s_->readers.cancel(node_, s_->head != s_->tail || s_->errors != 0); });
}

// ---- WriteFuture -----------------------------------------------------------------------------

bool WriteFuture::poll(Waker waker) noexcept {
  const std::uintptr_t base = s_->base;
  for (;;) {
    // Outside the critical section: handing bytes over needs no lock, and interrupts stay open
    // meanwhile. A task's std::printf cannot come in between (it would have to run in this
    // poll); one from an interrupt may.
    while (sent_ < data_.size() && (reg32(base + regs::kState) & regs::kStateTxFull) == 0) {
      reg32(base + regs::kData) = static_cast<std::uint32_t>(data_[sent_]);
      ++sent_;
    }
    CriticalSection cs;
    if (sent_ == data_.size()) {
      s_->writers.done(node_);
      return true;
    }
    reg32(base + regs::kCtrl) = reg32(base + regs::kCtrl) | regs::kCtrlTxIntEn;
    if ((reg32(base + regs::kState) & regs::kStateTxFull) != 0) {
      // Still full with TX_INTEN on: its emptying latches TX and the handler wakes this writer.
      s_->writers.wait(node_, waker);
      return false;
    }
    // It emptied before TX_INTEN was on, which raises nothing: go on writing. (TX_INTEN stays
    // on; the next byte's emptying costs one interrupt that finds no writer.)
  }
}

WriteFuture::~WriteFuture() {
  if (node_.state == ::mote::detail::WaitNode::State::Idle) return;
  // Every writer is woken together (wake_all), so there is no turn to pass on.
  critical_section([&] { s_->writers.cancel(node_, false); });
}

}  // namespace mote::cmsdk::uart
