// The ns16550 serial driver's register part: set-up, the interrupt handler, the transmit port.
// The ring, the error latching and the futures are shared (mote/hal/buffered_serial.hpp).
//
// The 16550's line status register (LSR) describes the character at the head of the receive
// FIFO: its error bits (parity, framing, break) belong to that character, overrun to the FIFO,
// and reading LSR clears them. So the handler reads LSR once per character, then the character.
// A break puts a zero character in the FIFO with LSR.BI: the zero is not data and is dropped.
#include "mote/riscv_virt/uart.hpp"

#include <mote/platform/port.hpp>

#include "mote/panic.hpp"
#include "mote/riscv.hpp"
#include "mote/riscv_virt/ns16550.hpp"

namespace mote::riscv_virt::uart::detail {
namespace {

using namespace ns16550;
constexpr std::uint32_t kUartClockHz = 3'686'400;  // the virt machine's device tree says so
constexpr std::uint8_t kLcrDlab = 0x80;             // divisor latch access
constexpr std::uint8_t kLcrParityEnable = 1u << 3;
constexpr std::uint8_t kLcrEvenParity = 1u << 4;

}  // namespace

void start(State& s, std::uintptr_t base, unsigned irq, std::byte* ring, std::uint32_t ring_bytes,
           const Config& config) noexcept {
  if (!serial::try_claim(s)) MOTE_PANIC("riscv_virt UART at {:010x} already has a driver", static_cast<unsigned long>(base));
  const std::uint32_t div = config.baud == 0 ? 0 : kUartClockHz / (16 * config.baud);
  if (div == 0 || div > 0xFFFF || div * 16 * config.baud != kUartClockHz) {
    MOTE_PANIC("riscv_virt UART: baud rate {} not reachable from 3.6864 MHz", static_cast<unsigned long>(config.baud));
  }
  riscv::plic::disable(irq);
  critical_section([&] {
    s.base = base;
    serial::reset(s, ring, ring_bytes);
    while ((reg8(base + kLsr) & kLsrTemt) == 0) {  // the console's last byte leaves first
    }
    std::uint8_t lcr = kLcr8N1;
    if (config.parity != Parity::None) lcr |= kLcrParityEnable;
    if (config.parity == Parity::Even) lcr |= kLcrEvenParity;
    reg8(base + kLcr) = kLcrDlab;
    reg8(base + 0) = static_cast<std::uint8_t>(div);
    reg8(base + 1) = static_cast<std::uint8_t>(div >> 8);
    reg8(base + kLcr) = lcr;
    reg8(base + kFcr) = kFcrEnable;  // FIFOs on; bytes already received stay
    reg8(base + kMcr) = kMcrOut2;
    const std::uint8_t stale = reg8(base + kLsr);  // the read forgets errors from before the driver
    static_cast<void>(stale);
    reg8(base + kIer) = kIerRx | kIerLine;
  });
  // Data already in the FIFO raises the interrupt at once (it is a level, not an edge).
  riscv::plic::enable(irq, config.plic_priority);
}

void stop(State& s, unsigned irq) noexcept {
  riscv::plic::disable(irq);
  critical_section([&] {
    reg8(s.base + kIer) = 0;
    s.claimed = false;  // the ring and counters stay: a late poll finds a consistent state
  });
}

void on_interrupt(State& s) noexcept {
  const std::uintptr_t base = s.base;
  if (s.ring == nullptr) return;  // bound but never started
  const platform::CsState cs = platform::cs_enter();
  bool wake_readers = false;
  for (;;) {
    const std::uint8_t lsr = reg8(base + kLsr);
    if ((lsr & kLsrOverrun) != 0) serial::rx_error(s, SerialError::Overrun);
    if ((lsr & kLsrDataReady) == 0) {
      wake_readers = wake_readers || (lsr & kLsrOverrun) != 0;
      break;
    }
    const std::uint8_t c = reg8(base + kRbr);
    wake_readers = true;
    if ((lsr & kLsrBreak) != 0) {
      serial::rx_error(s, SerialError::Break);  // and the zero character is not data
    } else if ((lsr & kLsrFraming) != 0) {
      serial::rx_error(s, SerialError::Framing);
    } else if ((lsr & kLsrParity) != 0) {
      serial::rx_error(s, SerialError::Parity);
    } else {
      serial::rx_byte(s, static_cast<std::byte>(c));
    }
  }
  if (wake_readers) s.readers.wake_one();
  // Transmit side: THRE with its interrupt on means room for a writer; mask it until the next
  // writer arms it (std::printf's bytes would raise it too).
  if ((reg8(base + kIer) & kIerTx) != 0 && (reg8(base + kLsr) & kLsrThre) != 0) {
    reg8(base + kIer) = static_cast<std::uint8_t>(reg8(base + kIer) & ~kIerTx);
    serial::tx_ready(s);
  }
  platform::cs_exit(cs);
}

// ---- TxPort (serial::WriteFuture's transmit side) -------------------------------------------

inline std::size_t TxPort::fill(State& s, std::span<const std::byte> data, std::size_t sent) noexcept {
  const std::uintptr_t base = s.base;
  // THRE says the whole FIFO is empty: then up to 16 bytes fit. (An interrupt's printf may add
  // bytes in between; the 16550 drops what does not fit, as it does for any writer.)
  while (sent < data.size() && (reg8(base + kLsr) & kLsrThre) != 0) {
    for (unsigned i = 0; i < kTxFifoBytes && sent < data.size(); ++i, ++sent) {
      reg8(base + kThr) = static_cast<std::uint8_t>(data[sent]);
    }
  }
  return sent;
}

inline bool TxPort::arm(State& s) noexcept {
  // Enabling the THRE interrupt while the FIFO is already empty raises it at once, so the
  // interrupt always comes: the writer may wait.
  reg8(s.base + kIer) = static_cast<std::uint8_t>(reg8(s.base + kIer) | kIerTx);
  return true;
}

}  // namespace mote::riscv_virt::uart::detail

template class mote::serial::WriteFuture<mote::riscv_virt::uart::detail::TxPort>;
