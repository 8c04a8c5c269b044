// The STM32F4 serial driver's non-template part: set-up, the interrupt handler, the futures.
//
// The USART (RM0090 chapter 30) has no FIFO: one received character waits in DR (RXNE), and the
// next one overruns it (ORE) unless DR is read within one character time. So the handler runs
// per character and drains everything there is (under QEMU the next character is often
// delivered as soon as DR is read). Errors come as SR flags that describe the character in DR,
// and reading SR then DR clears them: the handler therefore always reads SR first, then DR, and
// judges the character by that SR. There is no break flag outside LIN mode; a break arrives as a
// framing error on a zero character, and is reported as Break. Noise (NF) is not an error: the
// byte was still sampled by majority and is kept. Transmit: one data register; the TXE interrupt
// is enabled only while a writer waits for room, and the handler masks it and wakes the writers.
#include "mote/stm32f4/uart.hpp"

#include <mote/platform/port.hpp>

#include <algorithm>
#include <bit>

#include "mote/cortex_m.hpp"
#include "mote/cortex_m/nvic_priority.hpp"
#include "mote/panic.hpp"
#include "mote/stm32f4/regs.hpp"

namespace mote::stm32f4::uart {
using namespace ::mote::stm32f4::usart;  // register offsets and bits (regs.hpp)

namespace detail {
namespace {

constexpr std::uint8_t bit(SerialError e) noexcept { return static_cast<std::uint8_t>(1u << static_cast<unsigned>(e)); }

constexpr std::uint32_t kRxErrors = kSrPe | kSrFe;  // the character in DR is not data

// Stores one character read from DR with status `sr` (read just before it). Critical section.
void receive(State& s, std::uint32_t sr, std::uint32_t d) noexcept {
  if ((sr & kSrOre) != 0) s.errors |= bit(SerialError::Overrun);  // lost after this character
  if ((sr & kSrRxne) == 0) return;  // ORE alone: DR was read only to clear it
  if ((sr & kRxErrors) != 0) {
    // A break is a character of zeros without its stop bit: a framing error on data 0.
    s.errors |= (sr & kSrFe) == 0 ? bit(SerialError::Parity)
                : (d & 0xFFu) == 0 ? bit(SerialError::Break)
                                   : bit(SerialError::Framing);
    return;
  }
  if (s.head - s.tail > s.ring_mask) {
    s.errors |= bit(SerialError::Overrun);
    ++s.lost;
    return;
  }
  s.ring[s.head & s.ring_mask] = static_cast<std::byte>(d & 0xFFu);  // bit 8 is the parity bit
  ++s.head;
}

}  // namespace

void start(State& s, std::uintptr_t base, unsigned irq, std::uint32_t clock_hz, std::byte* ring,
           std::uint32_t ring_bytes, const Config& config) noexcept {
  const bool was_claimed = critical_section([&] { return std::exchange(s.claimed, true); });
  if (was_claimed) mote::panic("stm32f4 USART at 0x%08lx already has a driver", static_cast<unsigned long>(base));
  // 16x oversampling: BRR = clock / baud (12.4 fixed point), from 16 (divider 1.0) to 0xFFFF.
  const std::uint32_t brr = config.baud == 0 ? 0 : (clock_hz + config.baud / 2) / config.baud;
  if (brr < 16 || brr > 0xFFFF) {
    mote::panic("stm32f4 USART: baud rate %lu out of range", static_cast<unsigned long>(config.baud));
  }
  std::uint32_t cr1 = kCr1Ue | kCr1Te | kCr1Re | kCr1Rxneie;
  if (config.parity != Parity::None) cr1 |= kCr1M | kCr1Pce;  // 8 data bits + parity: 9-bit words
  if (config.parity == Parity::Odd) cr1 |= kCr1Ps;

  cortex_m::nvic::disable(irq);
  // Let the console's last character leave before the line settings change (M must not change
  // during a transfer).
  while ((reg32(base + kSr) & kSrTc) == 0) {
  }
  critical_section([&] {
    s.base = base;
    s.ring = ring;
    s.ring_mask = ring_bytes - 1;
    s.head = s.tail = s.lost = 0;
    s.errors = 0;
    // A character received before the driver is kept; errors from before are forgotten (reading
    // SR then DR clears them).
    const std::uint32_t sr = reg32(base + kSr);
    if ((sr & (kSrRxne | kSrOre)) != 0) receive(s, sr & ~kSrOre, reg32(base + kDr));
    s.errors = 0;
  });
  reg32(base + kCr1) = 0;  // UE off while the word length, parity and rate change
  reg32(base + kBrr) = brr;
  reg32(base + kCr2) = config.stop_bits == StopBits::Two ? kCr2Stop2 : 0u;
  reg32(base + kCr1) = cr1;
  cortex_m::set_priority_level(irq, config.priority_level);
  cortex_m::nvic::clear_pending(irq);
  // RXNE is a level: a character that came in meanwhile raises the interrupt at once.
  cortex_m::nvic::enable(irq);
}

void stop(State& s, unsigned irq) noexcept {
  cortex_m::nvic::disable(irq);
  critical_section([&] {
    // Receiver and transmitter stay on: the console keeps printing, and reading would need them.
    reg32(s.base + kCr1) = reg32(s.base + kCr1) & ~(kCr1Rxneie | kCr1Txeie);
    s.claimed = false;  // the ring and the counters stay: a late poll finds a consistent state
  });
  cortex_m::nvic::clear_pending(irq);
}

void on_interrupt(State& s) noexcept {
  const std::uintptr_t base = s.base;
  if (s.ring == nullptr) return;  // bound but never started: nothing is enabled
  const platform::CsState cs = platform::cs_enter();  // against readers on other priority levels
  bool wake_readers = false;
  for (;;) {
    const std::uint32_t sr = reg32(base + kSr);
    if ((sr & (kSrRxne | kSrOre)) == 0) break;
    receive(s, sr, reg32(base + kDr));  // the read of DR after SR clears RXNE and the error flags
    wake_readers = true;
    // ORE without a character (it came between the SR and DR reads) needs the one DR read to
    // clear it; looping on it would never end where the flag does not clear (QEMU's model).
    if ((sr & kSrRxne) == 0) break;
  }
  if (wake_readers) s.readers.wake_one();
  const std::uint32_t cr1 = reg32(base + kCr1);
  if ((cr1 & kCr1Txeie) != 0 && (reg32(base + kSr) & kSrTxe) != 0) {
    // Room in the data register: TXE is a level, so mask it until a writer needs it again.
    reg32(base + kCr1) = cr1 & ~kCr1Txeie;
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
    // One error per read, in the order of SerialError; the buffered bytes stay for later reads.
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
  const std::uint32_t first = std::min(n, s.ring_mask + 1 - start);
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
  // The handler wakes one reader per interrupt; if this one leaves something, the next may use it.
  if (s_->head != s_->tail || s_->errors != 0) s_->readers.wake_one();
}

ReadFuture::~ReadFuture() {
  if (node_.state == ::mote::detail::WaitNode::State::Idle) return;
  // A read woken by data and dropped passes its wake-up on, so no waiting reader misses the bytes.
  critical_section([&] { s_->readers.cancel(node_, s_->head != s_->tail || s_->errors != 0); });
}

// ---- WriteFuture -----------------------------------------------------------------------------

bool WriteFuture::poll(Waker waker) noexcept {
  const std::uintptr_t base = s_->base;
  // Outside the critical section: std::printf may interleave between bytes (as documented), and
  // interrupts stay open meanwhile. On silicon this hands over one or two bytes per poll (data
  // register + shift register); under QEMU TXE never clears, so all of them.
  while (sent_ < data_.size() && (reg32(base + kSr) & kSrTxe) != 0) {
    reg32(base + kDr) = static_cast<std::uint32_t>(data_[sent_]);
    ++sent_;
  }
  CriticalSection cs;
  if (sent_ == data_.size()) {
    s_->writers.done(node_);
    return true;
  }
  // TXE is a level: if the register emptied since the loop, the interrupt comes at once.
  s_->writers.wait(node_, waker);
  reg32(base + kCr1) = reg32(base + kCr1) | kCr1Txeie;
  return false;
}

WriteFuture::~WriteFuture() {
  if (node_.state == ::mote::detail::WaitNode::State::Idle) return;
  // Every writer is woken together (wake_all), so there is no turn to pass on.
  critical_section([&] { s_->writers.cancel(node_, false); });
}

}  // namespace mote::stm32f4::uart
