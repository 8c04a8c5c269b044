// The nRF51 serial driver's register part: set-up, the interrupt handler, the (polled) write
// future. The ring, the error latching and the read future are shared
// (mote/hal/buffered_serial.hpp).
//
// The nRF51 UART has a 6-byte receive FIFO behind one RXD register, and one event per received
// byte (RXDRDY): reading RXD moves the next byte in and raises RXDRDY again. Line errors raise
// ERROR, with the cause in ERRORSRC, for no particular byte. Transmit has no FIFO: write TXD,
// wait for TXDRDY. The interrupt is level-triggered from (event AND INTEN) bits, so the handler
// clears every event it serves or runs again.
#include "mote/nrf51/uart.hpp"

#include <mote/platform/port.hpp>

#include <algorithm>

#include "mote/cortex_m.hpp"
#include "mote/cortex_m/nvic_priority.hpp"
#include "mote/nrf51/nrf51.hpp"
#include "mote/nrf51/regs.hpp"
#include "mote/panic.hpp"

namespace mote::nrf51::uart {

namespace detail {
namespace {

using serial::error_bit;

constexpr std::uint32_t kMinBaud = 1200;
constexpr std::uint32_t kMaxBaud = 1'000'000;

// BAUDRATE register value: baud x 2^32 / 16 MHz, rounded to a multiple of 0x1000 (the rate
// generator's unit); the same formula as the console's, so both agree on the standard rates.
constexpr std::uint32_t baudrate_register(std::uint32_t baud) noexcept {
  const std::uint64_t exact = ((std::uint64_t{baud} << 32) + kCoreClockHz / 2) / kCoreClockHz;
  return static_cast<std::uint32_t>((exact + 0x800) & ~std::uint64_t{0xFFF});
}
static_assert(baudrate_register(115200) == 0x01D7E000 && baudrate_register(1'000'000) == 0x10000000);

// The pending errors ERRORSRC stands for. A break also breaks framing: report it as the break
// it is.
std::uint8_t errors_of(std::uint32_t src) noexcept {
  std::uint8_t e = 0;
  if ((src & kErrorSrcOverrun) != 0) e |= error_bit(SerialError::Overrun);
  if ((src & kErrorSrcBreak) != 0) {
    e |= error_bit(SerialError::Break);
  } else if ((src & kErrorSrcFraming) != 0) {
    e |= error_bit(SerialError::Framing);
  }
  if ((src & kErrorSrcParity) != 0) e |= error_bit(SerialError::Parity);
  return e;
}

// One byte, exactly as the console sends it (chips/nrf51/src/console.cpp): TXDRDY is a single
// flag shared with std::printf, so the byte's TXD write, its TXDRDY and the clearing happen in
// one critical section; any other writer then finds the transmitter idle and TXDRDY clear.
void send_byte(std::byte b) noexcept {
  const platform::CsState cs = platform::cs_enter();
  reg32(kTxd) = static_cast<std::uint32_t>(b);
  while (reg32(kEventsTxdRdy) == 0) {
  }
  reg32(kEventsTxdRdy) = 0;
  platform::cs_exit(cs);
}

}  // namespace

void start(State& s, unsigned irq, std::byte* ring, std::uint32_t ring_bytes, const Config& config) noexcept {
  if (!serial::try_claim(s)) MOTE_PANIC("nrf51 UART at {:010x} already has a driver", static_cast<unsigned long>(kBase));
  if (config.baud < kMinBaud || config.baud > kMaxBaud) {
    MOTE_PANIC("nrf51 UART: baud rate {} out of range", static_cast<unsigned long>(config.baud));
  }
  // The board's console_init has chosen the pins and enabled the UART. (Not checked: QEMU's model
  // reads ENABLE as 0 whatever was written.)

  cortex_m::nvic::disable(irq);
  reg32(kIntenClr) = kIntenRxdRdy | kIntenTxdRdy | kIntenError | kIntenRxTo;
  // No console byte is in flight here (console_write returns after each byte's TXDRDY), so the
  // line settings can change at once.
  reg32(kConfig) = config.parity == Parity::Even ? kConfigParityEven : 0u;
  reg32(kBaudrate) = baudrate_register(config.baud);
  critical_section([&] { serial::reset(s, ring, ring_bytes); });
  // Forget errors from before; keep RXDRDY: a byte already in RXD is collected below.
  reg32(kErrorSrc) = kErrorSrcOverrun | kErrorSrcParity | kErrorSrcFraming | kErrorSrcBreak;
  reg32(kEventsError) = 0;
  reg32(kTasksStartTx) = 1;  // already started by the console; harmless, and send_byte needs it
  reg32(kTasksStartRx) = 1;
  reg32(kIntenSet) = kIntenRxdRdy | kIntenError;
  cortex_m::set_priority_level(irq, config.priority_level);
  cortex_m::nvic::clear_pending(irq);
  cortex_m::nvic::enable(irq);
  // A byte that came in while a previous driver was stopped raised RXDRDY with the interrupt
  // masked: one handler run collects it.
  cortex_m::nvic::set_pending(irq);
}

void stop(State& s, unsigned irq) noexcept {
  cortex_m::nvic::disable(irq);
  critical_section([&] {
    reg32(kIntenClr) = kIntenRxdRdy | kIntenError;
    s.claimed = false;  // the ring and the counters stay: a late poll finds a consistent state
  });
  cortex_m::nvic::clear_pending(irq);
}

void on_interrupt(State& s) noexcept {
  if (s.ring == nullptr) return;  // bound but never started: nothing is enabled
  const platform::CsState cs = platform::cs_enter();  // against readers on other priority levels
  bool wake_reader = false;
  if (reg32(kEventsError) != 0) {
    reg32(kEventsError) = 0;
    const std::uint32_t src = reg32(kErrorSrc);
    reg32(kErrorSrc) = src;  // write-1-to-clear exactly what is reported
    s.errors |= errors_of(src);
    wake_reader = true;
  }
  while (reg32(kEventsRxdRdy) != 0) {
    // Clear before reading RXD: reading lets the next byte in, whose RXDRDY may come at once.
    reg32(kEventsRxdRdy) = 0;
    const auto b = static_cast<std::byte>(reg32(kRxd) & 0xFFu);
    wake_reader = true;
    serial::rx_byte(s, b);
  }
  // (The loop's last read of RXDRDY also makes every clearing write above reach the UART before
  // the handler returns, so the interrupt line is low by then: no needless second entry.)
  if (wake_reader) s.readers.wake_one();
  platform::cs_exit(cs);
}

}  // namespace detail

// ---- WriteFuture -----------------------------------------------------------------------------

bool WriteFuture::poll(Waker waker) noexcept {
  // Interrupts stay open between bytes, and other tasks run between chunks: a long write neither
  // blocks the executor for its whole length nor holds a critical section longer than a byte.
  const std::size_t end = std::min(data_.size(), sent_ + kWriteChunk);
  while (sent_ < end) {
    detail::send_byte(data_[sent_]);
    ++sent_;
  }
  if (sent_ == data_.size()) return true;
  waker.wake();  // more to send: poll again after the other runnable tasks
  return false;
}

}  // namespace mote::nrf51::uart
