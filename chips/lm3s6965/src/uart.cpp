// The LM3S6965 serial driver's register part: set-up, the interrupt handler, the transmit port.
// The ring, the error latching and the futures are shared (mote/hal/buffered_serial.hpp).
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

#include "mote/cortex_m.hpp"
#include "mote/cortex_m/nvic_priority.hpp"
#include "mote/lm3s6965/lm3s6965.hpp"
#include "mote/lm3s6965/regs.hpp"
#include "mote/panic.hpp"

namespace mote::lm3s6965::uart {
using namespace uart_regs;  // register offsets and bits (regs.hpp)

namespace detail {
namespace {

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
  if (!serial::try_claim(s)) MOTE_PANIC("lm3s6965 UART at {:010x} already has a driver", static_cast<unsigned long>(base));
  // Divisor = clock / (16 x baud) in 1/64ths, rounded; IBRD has 16 bits and must not be 0.
  if (config.baud == 0 || config.baud > kSystemClockHz / 16) MOTE_PANIC("lm3s6965 UART: baud rate {} out of range", static_cast<unsigned long>(config.baud));
  const std::uint32_t div64 = (4u * kSystemClockHz + config.baud / 2) / config.baud;
  if ((div64 >> 6) > 0xFFFF) MOTE_PANIC("lm3s6965 UART: baud rate {} out of range", static_cast<unsigned long>(config.baud));

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
    serial::reset(s, ring, ring_bytes);
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
    serial::rx_error(s, SerialError::Overrun);
    wake_readers = true;
  }
  while ((reg32(base + kFr) & kFrRxfe) == 0) {
    const std::uint32_t d = reg32(base + kDr);
    wake_readers = true;
    if ((d & kDrOe) != 0) serial::rx_error(s, SerialError::Overrun);  // lost before this character
    if ((d & (kDrBe | kDrFe | kDrPe)) != 0) {
      // Not data. A break also breaks framing: report it as the break it is.
      serial::rx_error(s, (d & kDrBe) != 0   ? SerialError::Break
                          : (d & kDrFe) != 0 ? SerialError::Framing
                                             : SerialError::Parity);
      continue;
    }
    serial::rx_byte(s, static_cast<std::byte>(d & 0xFFu));
  }
  if (wake_readers) s.readers.wake_one();
  if ((mis & kIntTx) != 0) {
    // Room in the FIFO: stop this interrupt until a writer needs it again.
    reg32(base + kIm) = reg32(base + kIm) & ~kIntTx;
    reg32(base + kIcr) = kIntTx;
    serial::tx_ready(s);
  }
  platform::cs_exit(cs);
}

// ---- TxPort (serial::WriteFuture's transmit side) -------------------------------------------

inline std::size_t TxPort::fill(State& s, std::span<const std::byte> data, std::size_t sent) noexcept {
  const std::uintptr_t base = s.base;
  // No lock needed: std::printf may interleave between bytes (as documented).
  while (sent < data.size() && (reg32(base + kFr) & kFrTxff) == 0) {
    reg32(base + kDr) = static_cast<std::uint32_t>(data[sent]);
    ++sent;
  }
  return sent;
}

inline bool TxPort::arm(State& s) noexcept {
  // The FIFO is full, so it will drain through the half level and raise the TX interrupt; a
  // stale TX status (QEMU sets it on every write) only causes one spurious wake-up.
  reg32(s.base + kIm) = reg32(s.base + kIm) | kIntTx;
  return true;
}

}  // namespace detail
}  // namespace mote::lm3s6965::uart

template class mote::serial::WriteFuture<mote::lm3s6965::uart::detail::TxPort>;
