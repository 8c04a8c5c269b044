// mote/nrf51/uart.hpp: async serial driver for the nRF51's UART0 (receive interrupt-driven).
//
//   MOTE_BIND_INTERRUPTS(Irqs, (uart0, mote::nrf51::uart::InterruptHandler<mote::nrf51::Uart0>));
//
//   MOTE_TASK(echo, 1) {
//     auto p = mote::nrf51::Peripherals::take();
//     mote::nrf51::BufferedUart<mote::nrf51::Uart0, 64> serial(std::move(p.uart0), Irqs{});
//     char line[80];
//     for (;;) {
//       auto n = co_await serial.read_until(std::span(line), '\n');  // Result<size_t, SerialError>
//       if (n) co_await serial.write(std::string_view(line, *n));
//     }
//   }
//
// Receive: the interrupt handler moves every received byte out of RXD into a ring buffer
// (RxBytes, static storage) and wakes the reader; a read copies out of the ring when it
// completes, never before, so a cancelled (destroyed) read loses nothing. Bytes that find the ring
// full are dropped and counted; the next read reports SerialError::Overrun once, then the bytes
// already in the ring follow. Line errors (ERRORSRC: overrun, parity, framing, break) are reported
// the same way.
// Transmit: one byte at a time inside a critical section (write TXD, wait for TXDRDY, clear it),
// the same protocol as the polled console that std::printf uses, because TXDRDY is one flag that
// both would otherwise steal from each other; a write yields to other tasks every kWriteChunk
// bytes. docs/drivers/serial-nrf51.md explains why transmit is not interrupt-driven.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>

#include "mote/hal/interrupts.hpp"
#include "mote/hal/buffered_serial.hpp"
#include "mote/hal/serial.hpp"
#include "mote/nrf51/interrupts.hpp"
#include "mote/nrf51/peripherals.hpp"
#include "mote/result.hpp"
#include "mote/waker.hpp"

namespace mote::nrf51 {

template <class P, std::size_t RxBytes>
class BufferedUart;

namespace uart {

/// The nRF51 UART knows no parity or even parity only, and always one stop bit.
enum class Parity : std::uint8_t { None, Even };

/// Line settings (always 8 data bits, 1 stop bit, no flow control) and the interrupt's priority.
struct Config {
  /// 1200 to 1 000 000; the standard rates give the Reference Manual's BAUDRATE values.
  std::uint32_t baud = 115200;
  Parity parity = Parity::None;
  /// NVIC priority level of the UART interrupt (mote/cortex_m/nvic_priority.hpp: 0 is the most
  /// urgent and reserved for the time base; the nRF51 has levels 0..3). The handler is short.
  unsigned priority_level = 1;
};

/// Bytes a write sends per poll before it lets other tasks run (about 1.4 ms at 115200 baud).
inline constexpr std::size_t kWriteChunk = 16;

namespace detail {

/// What the interrupt handler and the read futures share (mote/hal/buffered_serial.hpp):
/// receive only, since transmit is polled (no register base either: the nRF51 has one UART).
using State = ::mote::serial::RxState;

/// The interrupt's work (errors, then every byte in RXD into the ring; wake a reader).
/// Interrupt context only.
void on_interrupt(State& s) noexcept;
/// Claims the UART (panics if a driver has it), applies the config, starts receiving and
/// enables its interrupt. Thread mode.
void start(State& s, unsigned irq, std::byte* ring, std::uint32_t ring_bytes, const Config& config) noexcept;
/// Masks the UART's interrupts and releases the claim; the UART stays on for the console.
void stop(State& s, unsigned irq) noexcept;

/// Names the binding a driver needs, in its compile error. One specialisation per UART.
template <class P, class Irqs>
struct RequireBinding {
  static_assert(sizeof(P) == 0, "mote: nrf51::BufferedUart: P must be a UART token (nrf51::Uart0)");
};

/// This chip's port for serial::Driver (mote/hal/buffered_serial.hpp): its state, settings,
/// transmit side, binding check, and set-up and release of UART P.
struct Chip {
  using State = detail::State;
  using Config = uart::Config;
  using TxPort = void;
  template <class P, class Irqs>
  using Binding = RequireBinding<P, Irqs>;
  template <class P>
  static void start(State& s, std::byte* ring, std::uint32_t ring_bytes, const Config& config) noexcept {
    detail::start(s, P::Interrupt::number, ring, ring_bytes, config);
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
                MOTE_SERIAL_BINDING_MESSAGE(nrf51, Uart0, uart0));
  static constexpr bool ok = true;
};
}  // namespace detail

/// Future of a read (mote/hal/buffered_serial.hpp): Result<count, SerialError>. Destroying it
/// before it completes cancels the read and loses no byte. Poll from tasks.
using ReadFuture = ::mote::serial::ReadFuture;

/// Future of a write: completes (with the byte count) once every byte has been sent. Destroying
/// it early stops after the bytes already sent. Poll from tasks.
class [[nodiscard]] WriteFuture {
 public:
  WriteFuture(WriteFuture&&) noexcept = default;
  WriteFuture& operator=(WriteFuture&&) = delete;

  bool poll(Waker waker) noexcept;
  std::size_t take() const noexcept { return data_.size(); }

 private:
  template <class, std::size_t>
  friend class ::mote::nrf51::BufferedUart;
  explicit WriteFuture(std::span<const std::byte> data) noexcept : data_(data) {}

  std::span<const std::byte> data_;
  std::size_t sent_ = 0;
};

}  // namespace uart

/// Async serial port on UART `P` (Uart0, the nRF51's only UART), with a receive ring of RxBytes
/// (a power of two, 2 to 32768) in static storage. Move-only; owns the UART until destroyed.
/// Futures borrow the buffers given to them and must not outlive the driver. Needs the UART
/// enabled by the board (nrf51::console_init: pins, transmitter on).
/// Everything but write (constructor, destructor, read, read_until, available, error_pending,
/// lost_bytes, capacity) comes from serial::Driver (mote/hal/buffered_serial.hpp), with the
/// contexts each may be called from.
template <class P, std::size_t RxBytes = 64>
class BufferedUart : public serial::Driver<P, uart::detail::Chip, RxBytes> {
 public:
  /// BufferedUart(P&& token, const Irqs&, const uart::Config& = {}): see serial::Driver.
  using serial::Driver<P, uart::detail::Chip, RxBytes>::Driver;

  /// Sends every byte of `data` (yields data.size()); completes when the last one has left TXD.
  /// The bytes must stay valid until the future completes. Task context.
  uart::WriteFuture write(std::span<const std::byte> data) noexcept { return uart::WriteFuture(data); }
  uart::WriteFuture write(std::string_view text) noexcept { return write(std::as_bytes(std::span(text))); }
};

static_assert(hal::Serial<BufferedUart<Uart0>>);

}  // namespace mote::nrf51
