// The FE310 serial driver's register part: set-up, the interrupt handler, the transmit port.
// The ring, the error latching and the futures are shared (mote/hal/buffered_serial.hpp).
//
// The SiFive UART's interrupt is level-triggered on two conditions, each gated by its bit in
// `ie`: the receive FIFO holds more entries than rxctrl's watermark (0 here: any byte), and the
// transmit FIFO holds fewer than txctrl's watermark (1 here: it is empty). Reading rxdata pops
// one byte (bit 31 set: the FIFO was empty). The transmit condition is true most of the time,
// so its enable is on only while a writer waits.
#include "mote/fe310/uart.hpp"

#include <mote/platform/port.hpp>

#include "mote/panic.hpp"
#include "mote/riscv.hpp"

namespace mote::fe310::uart::detail {
namespace {

using riscv::reg32;
constexpr std::uint32_t kTlclkHz = 16'000'000;  // the FE310's bus clock at reset (HFROSC)
constexpr std::uint32_t kTwoStopBits = 1u << 1;
constexpr unsigned kWatermarkShift = 16;

}  // namespace

void start(State& s, std::uintptr_t base, unsigned irq, std::byte* ring, std::uint32_t ring_bytes,
           const Config& config) noexcept {
  if (!serial::try_claim(s)) MOTE_PANIC("fe310 UART at {:010x} already has a driver", static_cast<unsigned long>(base));
  const std::uint32_t div = config.baud == 0 ? 0 : (kTlclkHz + config.baud / 2) / config.baud;
  if (div < 2 || div - 1 > 0xFFFF) {
    MOTE_PANIC("fe310 UART: baud rate {} out of range", static_cast<unsigned long>(config.baud));
  }
  riscv::plic::disable(irq);
  critical_section([&] {
    s.base = base;
    serial::reset(s, ring, ring_bytes);
    reg32(base + kDiv) = div - 1;
    reg32(base + kTxCtrl) = kCtrlEnable | (config.two_stop_bits ? kTwoStopBits : 0) | (1u << kWatermarkShift);
    reg32(base + kRxCtrl) = kCtrlEnable | (0u << kWatermarkShift);
    reg32(base + kIe) = kIeRxwm;
  });
  // Bytes already in the FIFO keep the (level) interrupt raised: they are collected at once.
  riscv::plic::enable(irq, config.plic_priority);
}

void stop(State& s, unsigned irq) noexcept {
  riscv::plic::disable(irq);
  critical_section([&] {
    reg32(s.base + kIe) = 0;  // transmitter and receiver stay on: the console keeps printing
    s.claimed = false;
  });
}

void on_interrupt(State& s) noexcept {
  const std::uintptr_t base = s.base;
  if (s.ring == nullptr) return;  // bound but never started
  const platform::CsState cs = platform::cs_enter();
  bool wake_readers = false;
  for (;;) {
    const std::uint32_t d = reg32(base + kRxData);
    if ((d & kRxEmpty) != 0) break;
    serial::rx_byte(s, static_cast<std::byte>(d & 0xFFu));
    wake_readers = true;
  }
  if (wake_readers) s.readers.wake_one();
  if ((reg32(base + kIe) & kIeTxwm) != 0 && (reg32(base + kIp) & kIeTxwm) != 0) {
    // Room for a writer: mask the transmit cause until the next writer arms it.
    reg32(base + kIe) = reg32(base + kIe) & ~kIeTxwm;
    serial::tx_ready(s);
  }
  platform::cs_exit(cs);
}

// ---- TxPort (serial::WriteFuture's transmit side) -------------------------------------------

inline std::size_t TxPort::fill(State& s, std::span<const std::byte> data, std::size_t sent) noexcept {
  const std::uintptr_t base = s.base;
  // A write while the FIFO is full is dropped by the hardware: check before every byte.
  while (sent < data.size() && (reg32(base + kTxData) & kTxFull) == 0) {
    reg32(base + kTxData) = static_cast<std::uint32_t>(data[sent]);
    ++sent;
  }
  return sent;
}

inline bool TxPort::arm(State& s) noexcept {
  // The watermark condition is a level: if the FIFO emptied before this, the interrupt comes
  // at once; if not, it comes when it empties. Either way it comes.
  reg32(s.base + kIe) = reg32(s.base + kIe) | kIeTxwm;
  return true;
}

}  // namespace mote::fe310::uart::detail

template class mote::serial::WriteFuture<mote::fe310::uart::detail::TxPort>;
