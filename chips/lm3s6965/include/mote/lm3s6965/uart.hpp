// mote/lm3s6965/uart.hpp: interrupt-driven async serial driver for the LM3S6965's UARTs.
//
//   MOTE_BIND_INTERRUPTS(Irqs, (uart0, mote::lm3s6965::uart::InterruptHandler<mote::lm3s6965::Uart0>));
//
//   MOTE_TASK(echo, 1) {
//     auto p = mote::lm3s6965::Peripherals::take();
//     mote::lm3s6965::BufferedUart<mote::lm3s6965::Uart0, 64> serial(std::move(p.uart0), Irqs{});
//     char line[80];
//     for (;;) {
//       auto n = co_await serial.read_until(std::span(line), '\n');  // Result<size_t, SerialError>
//       if (n) co_await serial.write(std::string_view(line, *n));
//     }
//   }
//
// Receive: the interrupt handler moves every received byte from the hardware FIFO into a ring
// buffer (RxBytes, static storage) and wakes the reader; a read copies out of the ring when it
// completes, never before, so a cancelled (destroyed) read loses nothing. Bytes that find the ring
// full are dropped and counted; the next read reports SerialError::Overrun once, then the bytes
// already in the ring follow. Framing, parity and break errors are reported the same way (the
// character in error is dropped). Transmit: a write puts bytes into the 16-byte hardware FIFO
// while it has room and waits for the FIFO-half-empty interrupt for the rest.
// std::printf keeps writing to UART0 by polling (docs/drivers/serial.md explains the sharing).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>

#include "mote/hal/interrupts.hpp"
#include "mote/hal/buffered_serial.hpp"
#include "mote/hal/serial.hpp"
#include "mote/lm3s6965/interrupts.hpp"
#include "mote/lm3s6965/peripherals.hpp"

namespace mote::lm3s6965 {

template <class P, std::size_t RxBytes>
class BufferedUart;

namespace uart {

enum class Parity : std::uint8_t { None, Even, Odd };
enum class StopBits : std::uint8_t { One, Two };

/// Line settings (always 8 data bits) and the interrupt's priority.
struct Config {
  std::uint32_t baud = 115200;
  Parity parity = Parity::None;
  StopBits stop_bits = StopBits::One;
  /// NVIC priority level of the UART interrupt (mote/cortex_m/nvic_priority.hpp: 0 is the most
  /// urgent and reserved for the time base). The handler is short, so level 1 by default.
  unsigned priority_level = 1;
};

namespace detail {

/// What the interrupt handler and the futures share (mote/hal/buffered_serial.hpp).
using State = ::mote::serial::State;

/// The transmit side of serial::WriteFuture: fill the FIFO; arm the TX (half-empty) interrupt.
struct TxPort {
  /// Outside the critical section. Task context.
  static std::size_t fill(State& s, std::span<const std::byte> data, std::size_t sent) noexcept;
  /// Critical section held. Task context.
  static bool arm(State& s) noexcept;
};

/// The interrupt's work (drain the RX FIFO into the ring, note errors, wake readers; on TX
/// level, wake writers). Interrupt context only.
void on_interrupt(State& s) noexcept;
/// Claims the UART (panics if a driver has it), sets the line up and enables its interrupt.
/// Thread mode.
void start(State& s, std::uintptr_t base, unsigned irq, std::byte* ring, std::uint32_t ring_bytes,
           const Config& config) noexcept;
/// Masks the UART's interrupts and releases the claim; the UART stays on for the console.
void stop(State& s, unsigned irq) noexcept;

/// Names the binding a driver needs, in its compile error. One specialisation per UART.
template <class P, class Irqs>
struct RequireBinding {
  static_assert(sizeof(P) == 0, "mote: lm3s6965::BufferedUart: P must be a UART token (lm3s6965::Uart0)");
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
    P::power_on();
    detail::start(s, P::kBase, P::Interrupt::number, ring, ring_bytes, config);
  }
  template <class P>
  static void stop(State& s) noexcept {
    detail::stop(s, P::Interrupt::number);
  }
};

}  // namespace detail

/// The handler to bind to UART P's interrupt (see MOTE_BIND_INTERRUPTS); its on_interrupt() is
/// interrupt context only.
template <class P>
using InterruptHandler = serial::Handler<P, typename P::Interrupt, detail::State, detail::on_interrupt>;

namespace detail {
template <class Irqs>
struct RequireBinding<Uart0, Irqs> {
  static_assert(::mote::hal::Binds<Irqs, interrupt::uart0, InterruptHandler<Uart0>>,
                MOTE_SERIAL_BINDING_MESSAGE(lm3s6965, Uart0, uart0));
  static constexpr bool ok = true;
};
}  // namespace detail

/// Future of a read (mote/hal/buffered_serial.hpp): Result<count, SerialError>. Destroying it
/// before it completes cancels the read and loses no byte. Poll from tasks.
using ReadFuture = ::mote::serial::ReadFuture;
/// Future of a write: completes (with the byte count) once every byte is in the transmit FIFO.
/// Destroying it early stops after the bytes already handed to the FIFO. Poll from tasks.
using WriteFuture = ::mote::serial::WriteFuture<detail::TxPort>;

}  // namespace uart
}  // namespace mote::lm3s6965

extern template class mote::serial::WriteFuture<mote::lm3s6965::uart::detail::TxPort>;

namespace mote::lm3s6965 {

/// Async serial port on UART `P` (Uart0), with a receive ring of RxBytes (a power of two, 2 to
/// 32768) in static storage. Move-only; owns the UART until destroyed. Futures borrow the
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
static_assert(io::Read<BufferedUart<Uart0>> && io::Write<BufferedUart<Uart0>> && io::BufRead<BufferedUart<Uart0>>);

}  // namespace mote::lm3s6965
