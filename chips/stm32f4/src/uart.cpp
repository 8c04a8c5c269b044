// The STM32F4 serial driver's register part: set-up, the interrupt handler, the transmit port.
// The ring, the error latching and the futures are shared (mote/hal/buffered_serial.hpp).
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

#include "mote/cortex_m.hpp"
#include "mote/cortex_m/nvic_priority.hpp"
#include "mote/panic.hpp"
#include "mote/stm32f4/regs.hpp"

namespace mote::stm32f4::uart {
using namespace ::mote::stm32f4::usart;  // register offsets and bits (regs.hpp)

namespace detail {
namespace {

constexpr std::uint32_t kRxErrors = kSrPe | kSrFe;  // the character in DR is not data

// Stores one character read from DR with status `sr` (read just before it). Critical section.
void receive(serial::RxState& s, std::uint32_t sr, std::uint32_t d) noexcept {
  if ((sr & kSrOre) != 0) serial::rx_error(s, SerialError::Overrun);  // lost after this character
  if ((sr & kSrRxne) == 0) return;  // ORE alone: DR was read only to clear it
  if ((sr & kRxErrors) != 0) {
    // A break is a character of zeros without its stop bit: a framing error on data 0.
    serial::rx_error(s, (sr & kSrFe) == 0    ? SerialError::Parity
                        : (d & 0xFFu) == 0 ? SerialError::Break
                                           : SerialError::Framing);
    return;
  }
  serial::rx_byte(s, static_cast<std::byte>(d & 0xFFu));  // bit 8 is the parity bit
}

}  // namespace

void start(State& s, std::uintptr_t base, unsigned irq, std::uint32_t clock_hz, std::byte* ring,
           std::uint32_t ring_bytes, const Config& config) noexcept {
  if (!serial::try_claim(s)) MOTE_PANIC("stm32f4 USART at {:010x} already has a driver", static_cast<unsigned long>(base));
  // 16x oversampling: BRR = clock / baud (12.4 fixed point), from 16 (divider 1.0) to 0xFFFF.
  const std::uint32_t brr = config.baud == 0 ? 0 : (clock_hz + config.baud / 2) / config.baud;
  if (brr < 16 || brr > 0xFFFF) {
    MOTE_PANIC("stm32f4 USART: baud rate {} out of range", static_cast<unsigned long>(config.baud));
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
    serial::reset(s, ring, ring_bytes);
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
    serial::tx_ready(s);
  }
  platform::cs_exit(cs);
}

// ---- TxPort (serial::WriteFuture's transmit side) -------------------------------------------

inline std::size_t TxPort::fill(State& s, std::span<const std::byte> data, std::size_t sent) noexcept {
  const std::uintptr_t base = s.base;
  // No lock needed: std::printf may interleave between bytes (as documented). On silicon this
  // hands over one or two bytes per poll (data register + shift register); under QEMU TXE never
  // clears, so all of them.
  while (sent < data.size() && (reg32(base + kSr) & kSrTxe) != 0) {
    reg32(base + kDr) = static_cast<std::uint32_t>(data[sent]);
    ++sent;
  }
  return sent;
}

inline bool TxPort::arm(State& s) noexcept {
  // TXE is a level: if the register emptied since fill, the interrupt comes at once.
  reg32(s.base + kCr1) = reg32(s.base + kCr1) | kCr1Txeie;
  return true;
}

}  // namespace detail
}  // namespace mote::stm32f4::uart

template class mote::serial::WriteFuture<mote::stm32f4::uart::detail::TxPort>;
