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
#include "mote/cortex_m/interrupts.hpp"
#include "mote/critical_section.hpp"
#include "mote/hal/serial.hpp"
#include "mote/result.hpp"
#include "mote/sync/wait_queue.hpp"
#include "mote/waker.hpp"

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

/// What the interrupt handlers and the futures share: one per UART, in static storage. Every
/// field is read and written inside a critical section (the handlers' included), so none needs
/// to be atomic.
struct State {
  std::uintptr_t base = 0;
  std::byte* ring = nullptr;    // RxBytes bytes of the driver's static storage
  std::uint32_t ring_mask = 0;  // RxBytes - 1 (a power of two)
  std::uint32_t head = 0;       // bytes stored by the handler (free-running; head - tail = buffered)
  std::uint32_t tail = 0;       // bytes taken by readers
  std::uint32_t lost = 0;       // bytes dropped because the ring was full, since start()
  std::uint8_t errors = 0;      // pending errors: bit n is SerialError(n)
  bool claimed = false;         // a driver owns the UART
  ::mote::detail::WaitQueue readers;
  ::mote::detail::WaitQueue writers;
};

template <class P>
inline constinit State state{};

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

}  // namespace detail

/// The handler to bind to UART P's receive interrupt (uartN_rx; see MOTE_BIND_INTERRUPTS).
template <class P>
struct RxInterruptHandler {
  using interrupt = typename P::RxInterrupt;
  /// Called by the bound interrupt's handler. Interrupt context only.
  static void on_interrupt() noexcept { detail::on_rx_interrupt(detail::state<P>); }
};

/// The handler to bind to UART P's transmit interrupt (uartN_tx; see MOTE_BIND_INTERRUPTS).
template <class P>
struct TxInterruptHandler {
  using interrupt = typename P::TxInterrupt;
  /// Called by the bound interrupt's handler. Interrupt context only.
  static void on_interrupt() noexcept { detail::on_tx_interrupt(detail::state<P>); }
};

namespace detail {
// One specialisation per UART: a static_assert message must be a literal, so each spells out
// its own binding.
#define MOTE_CMSDK_UART_REQUIRE_BINDING(n)                                                                       \
  template <class Irqs>                                                                                          \
  struct RequireBinding<Uart##n, Irqs> {                                                                         \
    static_assert(::mote::cortex_m::Binds<Irqs, interrupt::uart##n##_rx, RxInterruptHandler<Uart##n>>,           \
                  "mote: cmsdk::BufferedUart<Uart" #n "> needs interrupt uart" #n "_rx bound to its handler. "   \
                  "Add, once, at namespace scope: MOTE_BIND_INTERRUPTS(Irqs, (uart" #n "_rx, "                   \
                  "mote::cmsdk::uart::RxInterruptHandler<mote::cmsdk::Uart" #n ">), (uart" #n "_tx, "            \
                  "mote::cmsdk::uart::TxInterruptHandler<mote::cmsdk::Uart" #n ">)); and pass Irqs{} to the "    \
                  "constructor");                                                                                \
    static_assert(::mote::cortex_m::Binds<Irqs, interrupt::uart##n##_tx, TxInterruptHandler<Uart##n>>,           \
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
  friend class ::mote::cmsdk::BufferedUart;
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

/// Future of a write: completes (with the byte count) once every byte has been handed to the
/// UART's transmit buffer. Destroying it early stops after the bytes already handed over. Poll
/// from tasks.
class [[nodiscard]] WriteFuture {
 public:
  WriteFuture(WriteFuture&&) noexcept = default;  // before the first poll only (WaitNode checks)
  WriteFuture& operator=(WriteFuture&&) = delete;
  ~WriteFuture();

  bool poll(Waker waker) noexcept;
  std::size_t take() const noexcept { return data_.size(); }

 private:
  template <class, std::size_t>
  friend class ::mote::cmsdk::BufferedUart;
  WriteFuture(detail::State* s, std::span<const std::byte> data) noexcept : s_(s), data_(data) {}

  detail::State* s_;
  std::span<const std::byte> data_;
  std::size_t sent_ = 0;
  ::mote::detail::WaitNode node_;
};

}  // namespace uart

/// Async serial port on UART `P` (Uart0..Uart4), with a receive ring of RxBytes (a power of two,
/// 2 to 32768) in static storage. Move-only; owns the UART until destroyed. Futures borrow the
/// buffers given to them and must not outlive the driver.
template <class P, std::size_t RxBytes = 64>
class BufferedUart {
  static_assert(RxBytes >= 2 && RxBytes <= 32768 && (RxBytes & (RxBytes - 1)) == 0,
                "mote: BufferedUart's receive ring size must be a power of two from 2 to 32768");

 public:
  /// Takes the UART (its token), checks at compile time that `Irqs` binds its RX and TX
  /// interrupts to uart::RxInterruptHandler<P> and uart::TxInterruptHandler<P>, applies `config`
  /// and starts receiving. Panics if another driver owns the UART or the baud rate is out of
  /// range. Thread mode, not ISR-safe.
  template <class Irqs>
  BufferedUart(P&& peripheral, const Irqs&, const uart::Config& config = {}) noexcept {
    static_assert(uart::detail::RequireBinding<P, Irqs>::ok);
    static_cast<void>(peripheral);  // consumed: the driver stands for the UART from now on
    uart::detail::start(state(), P::kBase, P::RxInterrupt::number, P::TxInterrupt::number, ring_, RxBytes,
                        config);
  }
  BufferedUart(BufferedUart&& o) noexcept : owner_(std::exchange(o.owner_, false)) {}
  BufferedUart& operator=(BufferedUart&&) = delete;
  BufferedUart(const BufferedUart&) = delete;
  /// Masks the UART's interrupts and releases it (the console keeps working). Not ISR-safe.
  ~BufferedUart() {
    if (owner_) uart::detail::stop(state(), P::RxInterrupt::number, P::TxInterrupt::number);
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

  /// Writes every byte of `data` (yields data.size()) once all have been handed to the UART.
  /// The bytes must stay valid until the future completes. Task context.
  uart::WriteFuture write(std::span<const std::byte> data) noexcept { return uart::WriteFuture(&state(), data); }
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

}  // namespace mote::cmsdk
