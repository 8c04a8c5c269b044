// mote/cmsdk/uart.hpp: interrupt-driven async serial driver for the CMSDK APB UARTs of the MPS2
// AN385/AN386 images.
//
//   namespace cm = mote::cmsdk;
//   MOTE_BIND_INTERRUPTS(Irqs, (uart0_rx, cm::uart::RxInterruptHandler<cm::Uart0>),
//                              (uart0_tx, cm::uart::TxInterruptHandler<cm::Uart0>));
//
//   MOTE_TASK(echo, 1) {
//     auto p = cm::Peripherals::take();
//     cm::BufferedUart<cm::Uart0, 64> serial(std::move(p.uart0), Irqs{});
//     char line[80];
//     for (;;) {
//       auto n = co_await serial.read_until(std::span(line), '\n');  // Result<size_t, SerialError>
//       if (n) co_await serial.write(std::string_view(line, *n));
//     }
//   }
//
// The CMSDK UART is simpler than a PL011: one-byte receive and transmit buffers, always 8N1, no
// break, framing or parity detection, and separate RX and TX interrupt lines (hence two
// bindings). Receive: the RX interrupt moves each received byte into a ring buffer (RxBytes,
// static storage) and wakes the reader; a read copies out of the ring when it completes, never
// before, so a cancelled (destroyed) read loses nothing. Bytes that find the ring full, and a
// hardware receive overrun, are reported as SerialError::Overrun once by the next read; the bytes
// already in the ring follow. Transmit: a write hands bytes to the UART while its buffer is empty
// and waits for the TX interrupt for the rest. std::printf keeps writing to UART0 by polling
// (docs/drivers/serial-cmsdk.md explains the sharing).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>

#include "mote/cmsdk/interrupts.hpp"
#include "mote/cmsdk/peripherals.hpp"
#include "mote/hal/interrupts.hpp"
#include "mote/hal/buffered_serial.hpp"
#include "mote/hal/serial.hpp"

namespace mote::cmsdk {

template <class P, std::size_t RxBytes>
class BufferedUart;

namespace uart {

/// Line settings and the interrupts' priority. The CMSDK UART is always 8 data bits, no parity,
/// one stop bit: only the rate can be chosen.
struct Config {
  /// Bits per second: the divisor 25 MHz / baud, rounded, must be 16 to 2^20 - 1 (24 to
  /// 1 562 500 baud).
  std::uint32_t baud = 115200;
  /// NVIC priority level of both UART interrupts (mote/cortex_m/nvic_priority.hpp: 0 is the
  /// most urgent and reserved for the time base). The handlers are short, so level 1 by default.
  unsigned priority_level = 1;
};

namespace detail {

/// What the interrupt handlers and the futures share (mote/hal/buffered_serial.hpp).
using State = ::mote::serial::State;

/// The transmit side of serial::WriteFuture: fill the one-byte buffer; arm the TX interrupt.
struct TxPort {
  /// Outside the critical section. Task context.
  static std::size_t fill(State& s, std::span<const std::byte> data, std::size_t sent) noexcept;
  /// Critical section held. Task context.
  static bool arm(State& s) noexcept;
};

/// The RX interrupt's work (note a hardware overrun, move the received byte into the ring,
/// wake a reader). Interrupt context only.
void on_rx_interrupt(State& s) noexcept;
/// The TX interrupt's work (the transmit buffer emptied: mask the interrupt, wake the writers).
/// Interrupt context only.
void on_tx_interrupt(State& s) noexcept;
/// Claims the UART (panics if a driver has it), sets the rate and enables its interrupts.
/// Thread mode.
void start(State& s, std::uintptr_t base, unsigned rx_irq, unsigned tx_irq, std::byte* ring,
           std::uint32_t ring_bytes, const Config& config) noexcept;
/// Masks the UART's interrupts and releases the claim; the UART stays on for the console.
void stop(State& s, unsigned rx_irq, unsigned tx_irq) noexcept;

/// Names the bindings a driver needs, in its compile error. One specialisation per UART.
template <class P, class Irqs>
struct RequireBinding {
  static_assert(sizeof(P) == 0, "mote: cmsdk::BufferedUart: P must be a UART token (cmsdk::Uart0..Uart4)");
};

/// This chip's port for serial::Driver (mote/hal/buffered_serial.hpp): its state, settings,
/// transmit side, binding check, and set-up and release of UART P.
struct Chip {
  using State = detail::State;
  using Config = uart::Config;
  using TxPort = detail::TxPort;
  template <class P, class Irqs>
  using Binding = RequireBinding<P, Irqs>;
  template <class P>
  static void start(State& s, std::byte* ring, std::uint32_t ring_bytes, const Config& config) noexcept {
    detail::start(s, P::kBase, P::RxInterrupt::number, P::TxInterrupt::number, ring, ring_bytes, config);
  }
  template <class P>
  static void stop(State& s) noexcept {
    detail::stop(s, P::RxInterrupt::number, P::TxInterrupt::number);
  }
};

}  // namespace detail

/// The handlers to bind to UART P's receive (uartN_rx) and transmit (uartN_tx) interrupts (see
/// MOTE_BIND_INTERRUPTS); their on_interrupt() is interrupt context only.
template <class P>
using RxInterruptHandler = serial::Handler<P, typename P::RxInterrupt, detail::State, detail::on_rx_interrupt>;
template <class P>
using TxInterruptHandler = serial::Handler<P, typename P::TxInterrupt, detail::State, detail::on_tx_interrupt>;

namespace detail {
// One specialisation per UART: a static_assert message must be a literal, so each spells out
// its own binding.
#define MOTE_CMSDK_UART_REQUIRE_BINDING(n)                                                                       \
  template <class Irqs>                                                                                          \
  struct RequireBinding<Uart##n, Irqs> {                                                                         \
    static_assert(::mote::hal::Binds<Irqs, interrupt::uart##n##_rx, RxInterruptHandler<Uart##n>>,           \
                  "mote: cmsdk::BufferedUart<Uart" #n "> needs interrupt uart" #n "_rx bound to its handler. "   \
                  "Add, once, at namespace scope: MOTE_BIND_INTERRUPTS(Irqs, (uart" #n "_rx, "                   \
                  "mote::cmsdk::uart::RxInterruptHandler<mote::cmsdk::Uart" #n ">), (uart" #n "_tx, "            \
                  "mote::cmsdk::uart::TxInterruptHandler<mote::cmsdk::Uart" #n ">)); and pass Irqs{} to the "    \
                  "constructor");                                                                                \
    static_assert(::mote::hal::Binds<Irqs, interrupt::uart##n##_tx, TxInterruptHandler<Uart##n>>,           \
                  "mote: cmsdk::BufferedUart<Uart" #n "> needs interrupt uart" #n "_tx bound to its handler. "   \
                  "Add, once, at namespace scope: MOTE_BIND_INTERRUPTS(Irqs, (uart" #n "_rx, "                   \
                  "mote::cmsdk::uart::RxInterruptHandler<mote::cmsdk::Uart" #n ">), (uart" #n "_tx, "            \
                  "mote::cmsdk::uart::TxInterruptHandler<mote::cmsdk::Uart" #n ">)); and pass Irqs{} to the "    \
                  "constructor");                                                                                \
    static constexpr bool ok = true;                                                                             \
  };
MOTE_CMSDK_UART_REQUIRE_BINDING(0)
MOTE_CMSDK_UART_REQUIRE_BINDING(1)
MOTE_CMSDK_UART_REQUIRE_BINDING(2)
MOTE_CMSDK_UART_REQUIRE_BINDING(3)
MOTE_CMSDK_UART_REQUIRE_BINDING(4)
#undef MOTE_CMSDK_UART_REQUIRE_BINDING
}  // namespace detail

/// Future of a read (mote/hal/buffered_serial.hpp): Result<count, SerialError>. Destroying it
/// before it completes cancels the read and loses no byte. Poll from tasks.
using ReadFuture = ::mote::serial::ReadFuture;
/// Future of a write: completes (with the byte count) once every byte has been handed to the
/// UART's transmit buffer. Destroying it early stops after the bytes already handed over. Poll
/// from tasks.
using WriteFuture = ::mote::serial::WriteFuture<detail::TxPort>;

}  // namespace uart
}  // namespace mote::cmsdk

extern template class mote::serial::WriteFuture<mote::cmsdk::uart::detail::TxPort>;

namespace mote::cmsdk {
/// Async serial port on UART `P` (Uart0..Uart4), with a receive ring of RxBytes (a power of two,
/// 2 to 32768) in static storage. Move-only; owns the UART until destroyed. Futures borrow the
/// buffers given to them and must not outlive the driver.
/// Everything (constructor, destructor, read, read_until, write, available, error_pending,
/// lost_bytes, capacity) comes from serial::Driver (mote/hal/buffered_serial.hpp), with the
/// contexts each may be called from.
template <class P, std::size_t RxBytes = 64>
class BufferedUart : public serial::Driver<P, uart::detail::Chip, RxBytes> {
 public:
  /// BufferedUart(P&& token, const Irqs&, const uart::Config& = {}): see serial::Driver.
  using serial::Driver<P, uart::detail::Chip, RxBytes>::Driver;
};

static_assert(hal::Serial<BufferedUart<Uart0>>);

}  // namespace mote::cmsdk
