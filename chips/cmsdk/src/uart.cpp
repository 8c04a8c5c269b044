// The CMSDK serial driver's register part: set-up, the interrupt handlers, the transmit port.
// The ring, the error latching and the futures are shared (mote/hal/buffered_serial.hpp).
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

#include "mote/cmsdk/cmsdk.hpp"
#include "mote/cmsdk/regs.hpp"
#include "mote/cortex_m.hpp"
#include "mote/cortex_m/nvic_priority.hpp"
#include "mote/panic.hpp"

namespace mote::cmsdk::uart {
namespace regs = ::mote::cmsdk::uart;  // register offsets and bits (regs.hpp)

namespace detail {

void start(State& s, std::uintptr_t base, unsigned rx_irq, unsigned tx_irq, std::byte* ring, std::uint32_t ring_bytes,
           const Config& config) noexcept {
  if (!serial::try_claim(s)) MOTE_PANIC("cmsdk UART at {:010x} already has a driver", static_cast<unsigned long>(base));
  const std::uint32_t div = config.baud == 0 ? 0 : (kSystemClockHz + config.baud / 2) / config.baud;  // rounded
  if (div < regs::kMinBaudDiv || div > regs::kMaxBaudDiv) {
    MOTE_PANIC("cmsdk UART: baud rate {} out of range", static_cast<unsigned long>(config.baud));
  }

  cortex_m::nvic::disable(rx_irq);
  cortex_m::nvic::disable(tx_irq);
  critical_section([&] {
    s.base = base;
    serial::reset(s, ring, ring_bytes);
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
    serial::rx_error(s, SerialError::Overrun);
    wake_readers = true;
  }
  while ((reg32(base + regs::kState) & regs::kStateRxFull) != 0) {
    const std::uint32_t d = reg32(base + regs::kData);
    wake_readers = true;
    serial::rx_byte(s, static_cast<std::byte>(d & 0xFFu));
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
  serial::tx_ready(s);
  platform::cs_exit(cs);
}

// ---- TxPort (serial::WriteFuture's transmit side) -------------------------------------------

inline std::size_t TxPort::fill(State& s, std::span<const std::byte> data, std::size_t sent) noexcept {
  const std::uintptr_t base = s.base;
  // No lock needed. A task's std::printf cannot come in between (it would have to run in this
  // poll); one from an interrupt may.
  while (sent < data.size() && (reg32(base + regs::kState) & regs::kStateTxFull) == 0) {
    reg32(base + regs::kData) = static_cast<std::uint32_t>(data[sent]);
    ++sent;
  }
  return sent;
}

inline bool TxPort::arm(State& s) noexcept {
  const std::uintptr_t base = s.base;
  reg32(base + regs::kCtrl) = reg32(base + regs::kCtrl) | regs::kCtrlTxIntEn;
  // Still full with TX_INTEN on: its emptying latches TX and the handler wakes the writer. If it
  // emptied before TX_INTEN was on, which raises nothing, the writer goes on writing. (TX_INTEN
  // stays on; the next byte's emptying costs one interrupt that finds no writer.)
  return (reg32(base + regs::kState) & regs::kStateTxFull) != 0;
}

}  // namespace detail
}  // namespace mote::cmsdk::uart

template class mote::serial::WriteFuture<mote::cmsdk::uart::detail::TxPort>;
