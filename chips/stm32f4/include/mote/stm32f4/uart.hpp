// mote/stm32f4/uart.hpp: interrupt-driven async serial driver for the STM32F4's USARTs.
//
//   MOTE_BIND_INTERRUPTS(Irqs, (usart1, mote::stm32f4::uart::InterruptHandler<mote::stm32f4::Usart1>));
//
//   MOTE_TASK(echo, 1) {
//     auto p = mote::stm32f4::Peripherals::take();
//     mote::stm32f4::BufferedUart<mote::stm32f4::Usart1, 64> serial(std::move(p.usart1), Irqs{});
//     char line[80];
//     for (;;) {
//       auto n = co_await serial.read_until(std::span(line), '\n');  // Result<size_t, SerialError>
//       if (n) co_await serial.write(std::string_view(line, *n));
//     }
//   }
//
// The same API and guarantees as lm3s6965::BufferedUart (docs/drivers/serial.md); what differs is
// the hardware: the USART has no FIFO, one receive and one transmit data register. Receive: the
// RXNE interrupt moves each character into a ring buffer (RxBytes, static storage) and wakes the
// reader; a read copies out of the ring when it completes, never before, so a cancelled read
// loses nothing. Bytes that find the ring full are dropped and counted; the next read reports
// SerialError::Overrun once, then the buffered bytes follow. Hardware overrun, framing, parity
// and break (framing error on a zero character) are reported the same way. Transmit: a write
// fills the data register while it is empty and waits for the TXE interrupt for the rest.
// std::printf keeps writing to USART1 by polling (docs/drivers/serial-stm32f4.md explains it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>

#include "mote/cortex_m/interrupts.hpp"
#include "mote/critical_section.hpp"
#include "mote/hal/serial.hpp"
#include "mote/result.hpp"
#include "mote/stm32f4/interrupts.hpp"
#include "mote/stm32f4/peripherals.hpp"
#include "mote/sync/wait_queue.hpp"
#include "mote/waker.hpp"

namespace mote::stm32f4 {

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
  /// NVIC priority level of the USART interrupt (mote/cortex_m/nvic_priority.hpp: 0 is the most
  /// urgent and reserved for the time base). The handler is short, so level 1 by default.
  unsigned priority_level = 1;
};

namespace detail {

/// What the interrupt handler and the futures share: one per USART, in static storage. Every
/// field is read and written inside a critical section (the handler's included), so none needs
/// to be atomic.
struct State {
  std::uintptr_t base = 0;
  std::byte* ring = nullptr;    // RxBytes bytes of the driver's static storage
  std::uint32_t ring_mask = 0;  // RxBytes - 1 (a power of two)
  std::uint32_t head = 0;       // bytes stored by the handler (free-running; head - tail = buffered)
  std::uint32_t tail = 0;       // bytes taken by readers
  std::uint32_t lost = 0;       // bytes dropped because the ring was full, since start()
  std::uint8_t errors = 0;      // pending errors: bit n is SerialError(n)
  bool claimed = false;         // a driver owns the USART
  ::mote::detail::WaitQueue readers;
  ::mote::detail::WaitQueue writers;
};

template <class P>
inline constinit State state{};

/// The interrupt's work (move received characters into the ring, note errors, wake readers; on
/// TXE, wake writers). Interrupt context only.
void on_interrupt(State& s) noexcept;
/// Claims the USART (panics if a driver has it), sets the line up and enables its interrupt.
/// Thread mode.
void start(State& s, std::uintptr_t base, unsigned irq, std::uint32_t clock_hz, std::byte* ring,
           std::uint32_t ring_bytes, const Config& config) noexcept;
/// Masks the USART's interrupts and releases the claim; the USART stays on for the console.
void stop(State& s, unsigned irq) noexcept;

/// Names the binding a driver needs, in its compile error. One specialisation per USART.
template <class P, class Irqs>
struct RequireBinding {
  static_assert(sizeof(P) == 0, "mote: stm32f4::BufferedUart: P must be a USART token (stm32f4::Usart1)");
};

}  // namespace detail

/// The handler to bind to USART P's interrupt (see MOTE_BIND_INTERRUPTS).
template <class P>
struct InterruptHandler {
  using interrupt = typename P::Interrupt;
  /// Called by the bound interrupt's handler. Interrupt context only.
  static void on_interrupt() noexcept { detail::on_interrupt(detail::state<P>); }
};

namespace detail {
template <class Irqs>
struct RequireBinding<Usart1, Irqs> {
  static_assert(::mote::cortex_m::Binds<Irqs, interrupt::usart1, InterruptHandler<Usart1>>,
                "mote: stm32f4::BufferedUart<Usart1> needs interrupt usart1 bound to its handler. Add, once, "
                "at namespace scope: MOTE_BIND_INTERRUPTS(Irqs, (usart1, "
                "mote::stm32f4::uart::InterruptHandler<mote::stm32f4::Usart1>)); and pass Irqs{} to the "
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
  friend class ::mote::stm32f4::BufferedUart;
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

/// Future of a write: completes (with the byte count) once every byte is in the transmit data
/// register or beyond. Destroying it early stops after the bytes already handed over. Poll from
/// tasks.
class [[nodiscard]] WriteFuture {
 public:
  WriteFuture(WriteFuture&&) noexcept = default;  // before the first poll only (WaitNode checks)
  WriteFuture& operator=(WriteFuture&&) = delete;
  ~WriteFuture();

  bool poll(Waker waker) noexcept;
  std::size_t take() const noexcept { return data_.size(); }

 private:
  template <class, std::size_t>
  friend class ::mote::stm32f4::BufferedUart;
  WriteFuture(detail::State* s, std::span<const std::byte> data) noexcept : s_(s), data_(data) {}

  detail::State* s_;
  std::span<const std::byte> data_;
  std::size_t sent_ = 0;
  ::mote::detail::WaitNode node_;
};

}  // namespace uart

/// Async serial port on USART `P` (Usart1), with a receive ring of RxBytes (a power of two, 2 to
/// 32768) in static storage. Move-only; owns the USART until destroyed. Futures borrow the
/// buffers given to them and must not outlive the driver.
template <class P, std::size_t RxBytes = 64>
class BufferedUart {
  static_assert(RxBytes >= 2 && RxBytes <= 32768 && (RxBytes & (RxBytes - 1)) == 0,
                "mote: BufferedUart's receive ring size must be a power of two from 2 to 32768");

 public:
  /// Takes the USART (its token), checks at compile time that `Irqs` binds its interrupt to
  /// uart::InterruptHandler<P>, applies `config` and starts receiving. Panics if another driver
  /// owns the USART or the baud rate is out of range. Thread mode, not ISR-safe.
  template <class Irqs>
  BufferedUart(P&& peripheral, const Irqs&, const uart::Config& config = {}) noexcept {
    static_assert(uart::detail::RequireBinding<P, Irqs>::ok);
    static_cast<void>(peripheral);  // consumed: the driver stands for the USART from now on
    P::power_on();
    uart::detail::start(state(), P::kBase, P::Interrupt::number, P::kClockHz, ring_, RxBytes, config);
  }
  BufferedUart(BufferedUart&& o) noexcept : owner_(std::exchange(o.owner_, false)) {}
  BufferedUart& operator=(BufferedUart&&) = delete;
  BufferedUart(const BufferedUart&) = delete;
  /// Masks the USART's interrupts and releases it (the console keeps working). Not ISR-safe.
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

  /// Writes every byte of `data` (yields data.size()) once all are handed to the USART. The
  /// bytes must stay valid until the future completes. Task context.
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

static_assert(hal::Serial<BufferedUart<Usart1>>);

}  // namespace mote::stm32f4
