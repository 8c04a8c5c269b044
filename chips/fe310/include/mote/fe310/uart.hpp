// mote/fe310/uart.hpp: interrupt-driven async serial driver for the FE310's SiFive UARTs.
//
//   namespace fe = mote::fe310;
//   MOTE_BIND_INTERRUPTS(Irqs, (uart0, fe::uart::InterruptHandler<fe::Uart0>));
//   fe::BufferedUart<fe::Uart0, 64> serial(std::move(fe::Peripherals::take().uart0), Irqs{});
//
// The SiFive UART is minimal: 8-entry transmit and receive FIFOs, 8N1 (one or two stop bits),
// one interrupt with two causes (receive FIFO above its watermark, transmit FIFO below its
// watermark), and no error detection at all: no overrun, framing, parity or break flags. So the
// only error a read can report is the ring's own Overrun (bytes that found it full). Receive:
// the interrupt (watermark 0: any byte) drains the FIFO into the ring (RxBytes, static storage)
// and wakes a reader; a read copies out when it completes, so a cancelled read loses nothing.
// Transmit: a write fills the FIFO while it has room and arms the transmit-watermark interrupt
// (watermark 1: the FIFO is empty) for the rest. std::printf keeps writing by polling. The ring,
// error latching and futures are the shared core's (mote/hal/buffered_serial.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "mote/fe310/interrupts.hpp"
#include "mote/fe310/peripherals.hpp"
#include "mote/hal/buffered_serial.hpp"
#include "mote/hal/serial.hpp"
#include "mote/hal/interrupts.hpp"

namespace mote::fe310 {

namespace uart {

/// Line settings (always 8 data bits, no parity) and the interrupt's PLIC priority.
struct Config {
  /// Bits per second: the divisor tlclk / baud - 1 (tlclk: the 16 MHz the FE310 runs from at
  /// reset) must fit 16 bits. QEMU ignores it.
  std::uint32_t baud = 115200;
  /// Two stop bits instead of one.
  bool two_stop_bits = false;
  /// PLIC priority of the UART's interrupt, 1 (least urgent) to 7.
  unsigned plic_priority = 1;
};

namespace detail {

using State = ::mote::serial::State;

/// The transmit side of serial::WriteFuture: fill the FIFO; arm the transmit-watermark interrupt.
struct TxPort {
  /// Outside the critical section. Task context.
  static std::size_t fill(State& s, std::span<const std::byte> data, std::size_t sent) noexcept;
  /// Critical section held. Task context.
  static bool arm(State& s) noexcept;
};

/// The interrupt's work. Interrupt context only.
void on_interrupt(State& s) noexcept;
/// Claims the UART (panics if a driver has it), sets the line up, enables its interrupt. Thread mode.
void start(State& s, std::uintptr_t base, unsigned irq, std::byte* ring, std::uint32_t ring_bytes,
           const Config& config) noexcept;
/// Masks the UART's interrupts and releases the claim; the console keeps working. Thread mode.
void stop(State& s, unsigned irq) noexcept;

template <class P, class Irqs>
struct RequireBinding {
  static_assert(sizeof(P) == 0, "mote: fe310::BufferedUart: P must be a UART token (fe310::Uart0, Uart1)");
};

/// This chip's port for serial::Driver.
struct Chip {
  using State = detail::State;
  using Config = uart::Config;
  using TxPort = detail::TxPort;
  template <class P, class Irqs>
  using Binding = RequireBinding<P, Irqs>;
  template <class P>
  static void start(State& s, std::byte* ring, std::uint32_t ring_bytes, const Config& config) noexcept {
    detail::start(s, P::kBase, P::Interrupt::number, ring, ring_bytes, config);
  }
  template <class P>
  static void stop(State& s) noexcept {
    detail::stop(s, P::Interrupt::number);
  }
};

}  // namespace detail

/// The handler to bind to UART P's interrupt; its on_interrupt() is interrupt context only.
template <class P>
using InterruptHandler = serial::Handler<P, typename P::Interrupt, detail::State, detail::on_interrupt>;

namespace detail {
template <class Irqs>
struct RequireBinding<Uart0, Irqs> {
  static_assert(::mote::hal::Binds<Irqs, interrupt::uart0, InterruptHandler<Uart0>>,
                MOTE_SERIAL_BINDING_MESSAGE(fe310, Uart0, uart0));
  static constexpr bool ok = true;
};
template <class Irqs>
struct RequireBinding<Uart1, Irqs> {
  static_assert(::mote::hal::Binds<Irqs, interrupt::uart1, InterruptHandler<Uart1>>,
                MOTE_SERIAL_BINDING_MESSAGE(fe310, Uart1, uart1));
  static constexpr bool ok = true;
};
}  // namespace detail

/// Future of a read: Result<count, SerialError>; destroying it early loses no byte. Task context.
using ReadFuture = ::mote::serial::ReadFuture;
/// Future of a write: done once every byte is in the FIFO. Task context.
using WriteFuture = ::mote::serial::WriteFuture<detail::TxPort>;

}  // namespace uart
}  // namespace mote::fe310

extern template class mote::serial::WriteFuture<mote::fe310::uart::detail::TxPort>;

namespace mote::fe310 {

/// Async serial port on UART `P` (Uart0, Uart1), receive ring of RxBytes (a power of two, 2 to
/// 32768). Everything comes from serial::Driver (mote/hal/buffered_serial.hpp), with the
/// contexts each may be called from.
template <class P, std::size_t RxBytes = 64>
class BufferedUart : public serial::Driver<P, uart::detail::Chip, RxBytes> {
 public:
  /// BufferedUart(P&& token, const Irqs&, const uart::Config& = {}): see serial::Driver.
  using serial::Driver<P, uart::detail::Chip, RxBytes>::Driver;
};

static_assert(hal::Serial<BufferedUart<Uart0>>);

}  // namespace mote::fe310
