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

#include "mote/cortex_m/interrupts.hpp"
#include "mote/critical_section.hpp"
#include "mote/hal/serial.hpp"
#include "mote/nrf51/interrupts.hpp"
#include "mote/nrf51/peripherals.hpp"
#include "mote/result.hpp"
#include "mote/sync/wait_queue.hpp"
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

/// What the interrupt handler and the futures share: one per UART, in static storage. Every
/// field is read and written inside a critical section (the handler's included), so none needs
/// to be atomic (the Cortex-M0 has no read-modify-write atomics anyway).
struct State {
  std::byte* ring = nullptr;    // RxBytes bytes of the driver's static storage
  std::uint32_t ring_mask = 0;  // RxBytes - 1 (a power of two)
  std::uint32_t head = 0;       // bytes stored by the handler (free-running; head - tail = buffered)
  std::uint32_t tail = 0;       // bytes taken by readers
  std::uint32_t lost = 0;       // bytes dropped because the ring was full, since start()
  std::uint8_t errors = 0;      // pending errors: bit n is SerialError(n)
  bool claimed = false;         // a driver owns the UART
  ::mote::detail::WaitQueue readers;
};

template <class P>
inline constinit State state{};

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

}  // namespace detail

/// The handler to bind to UART P's interrupt (see MOTE_BIND_INTERRUPTS).
template <class P>
struct InterruptHandler {
  using interrupt = typename P::Interrupt;
  /// Called by the bound interrupt's handler. Interrupt context only.
  static void on_interrupt() noexcept { detail::on_interrupt(detail::state<P>); }
};

namespace detail {
template <class Irqs>
struct RequireBinding<Uart0, Irqs> {
  static_assert(::mote::cortex_m::Binds<Irqs, interrupt::uart0, InterruptHandler<Uart0>>,
                "mote: nrf51::BufferedUart<Uart0> needs interrupt uart0 bound to its handler. Add, once, "
                "at namespace scope: MOTE_BIND_INTERRUPTS(Irqs, (uart0, "
                "mote::nrf51::uart::InterruptHandler<mote::nrf51::Uart0>)); and pass Irqs{} to the "
                "constructor");
  static constexpr bool ok = true;
};
}  // namespace detail

/// Future of a read: Result<count, SerialError>. Destroying it before it completes cancels the
/// read and loses no byte (bytes leave the ring only when a read completes). Poll from tasks.
class [[nodiscard]] ReadFuture {
 public:
  using Output = Result<std::size_t, SerialError>;

  ReadFuture(ReadFuture&&) noexcept = default;  // before the first poll only (WaitNode checks)
  ReadFuture& operator=(ReadFuture&&) = delete;
  ~ReadFuture();

  bool poll(Waker waker) noexcept;
  Output take() noexcept {
    if (error_ >= 0) return Err{static_cast<SerialError>(error_)};
    return Output(static_cast<std::size_t>(count_));
  }

 private:
  template <class, std::size_t>
  friend class ::mote::nrf51::BufferedUart;
  static constexpr std::int16_t kAny = -1;  // a plain read: no delimiter
  ReadFuture(detail::State* s, std::span<std::byte> buffer, std::int16_t delimiter) noexcept
      : s_(s), buffer_(buffer), delimiter_(delimiter) {}
  void finish() noexcept;

  detail::State* s_;
  std::span<std::byte> buffer_;
  std::int16_t delimiter_;
  std::int8_t error_ = -1;  // SerialError, or -1
  std::uint32_t count_ = 0;
  ::mote::detail::WaitNode node_;
};

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
template <class P, std::size_t RxBytes = 64>
class BufferedUart {
  static_assert(RxBytes >= 2 && RxBytes <= 32768 && (RxBytes & (RxBytes - 1)) == 0,
                "mote: BufferedUart's receive ring size must be a power of two from 2 to 32768");

 public:
  /// Takes the UART (its token), checks at compile time that `Irqs` binds its interrupt to
  /// uart::InterruptHandler<P>, applies `config` and starts receiving. Panics if another driver
  /// owns the UART or the baud rate is out of range. Thread mode, not ISR-safe.
  template <class Irqs>
  BufferedUart(P&& peripheral, const Irqs&, const uart::Config& config = {}) noexcept {
    static_assert(uart::detail::RequireBinding<P, Irqs>::ok);
    static_cast<void>(peripheral);  // consumed: the driver stands for the UART from now on
    uart::detail::start(state(), P::Interrupt::number, ring_, RxBytes, config);
  }
  BufferedUart(BufferedUart&& o) noexcept : owner_(std::exchange(o.owner_, false)) {}
  BufferedUart& operator=(BufferedUart&&) = delete;
  BufferedUart(const BufferedUart&) = delete;
  /// Masks the UART's interrupts and releases it (the console keeps working). Not ISR-safe.
  ~BufferedUart() {
    if (owner_) uart::detail::stop(state(), P::Interrupt::number);
  }

  /// Reads at least one byte (up to buffer.size()) and yields the count; or yields a pending
  /// error first. An empty buffer yields 0 at once. Task context.
  uart::ReadFuture read(std::span<std::byte> buffer) noexcept {
    return uart::ReadFuture(&state(), buffer, uart::ReadFuture::kAny);
  }
  uart::ReadFuture read(std::span<char> buffer) noexcept { return read(std::as_writable_bytes(buffer)); }

  /// Reads through the first `delimiter` (included in the count). Yields fewer bytes without
  /// the delimiter only when `buffer` is full or the receive ring is full (a line longer than
  /// RxBytes). A pending error is yielded first. Task context.
  uart::ReadFuture read_until(std::span<std::byte> buffer, std::byte delimiter) noexcept {
    return uart::ReadFuture(&state(), buffer, static_cast<std::int16_t>(delimiter));
  }
  uart::ReadFuture read_until(std::span<char> buffer, char delimiter) noexcept {
    return read_until(std::as_writable_bytes(buffer), static_cast<std::byte>(delimiter));
  }

  /// Sends every byte of `data` (yields data.size()); completes when the last one has left TXD.
  /// The bytes must stay valid until the future completes. Task context.
  uart::WriteFuture write(std::span<const std::byte> data) noexcept { return uart::WriteFuture(data); }
  uart::WriteFuture write(std::string_view text) noexcept { return write(std::as_bytes(std::span(text))); }

  /// Bytes received and not read yet. ISR-safe.
  std::size_t available() const noexcept {
    return critical_section([] { return static_cast<std::size_t>(state().head - state().tail); });
  }
  /// Whether an error waits to be reported by the next read. ISR-safe.
  bool error_pending() const noexcept {
    return critical_section([] { return state().errors != 0; });
  }
  /// Received bytes dropped because the ring was full, since the driver started. ISR-safe.
  std::uint32_t lost_bytes() const noexcept {
    return critical_section([] { return state().lost; });
  }
  /// Size of the receive ring. ISR-safe.
  static constexpr std::size_t capacity() noexcept { return RxBytes; }

 private:
  static uart::detail::State& state() noexcept { return uart::detail::state<P>; }

  alignas(4) static inline std::byte ring_[RxBytes]{};
  bool owner_ = true;
};

static_assert(hal::Serial<BufferedUart<Uart0>>);

}  // namespace mote::nrf51
