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

#include "mote/hal/interrupts.hpp"
#include "mote/hal/buffered_serial.hpp"
#include "mote/hal/serial.hpp"
#include "mote/stm32f4/interrupts.hpp"
#include "mote/stm32f4/peripherals.hpp"

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

/// What the interrupt handler and the futures share (mote/hal/buffered_serial.hpp).
using State = ::mote::serial::State;

/// The transmit side of serial::WriteFuture: fill the data register; arm the TXE interrupt.
struct TxPort {
  /// Outside the critical section. Task context.
  static std::size_t fill(State& s, std::span<const std::byte> data, std::size_t sent) noexcept;
  /// Critical section held. Task context.
  static bool arm(State& s) noexcept;
};

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
  static_assert(sizeof(P) == 0, "mote: stm32f4::BufferedUart: P must be a USART token (stm32f4::Usart1 .. Usart6)");
};

/// This chip's port for serial::Driver (mote/hal/buffered_serial.hpp): its state, settings,
/// transmit side, binding check, and set-up and release of USART P.
struct Chip {
  using State = detail::State;
  using Config = uart::Config;
  using TxPort = detail::TxPort;
  template <class P, class Irqs>
  using Binding = RequireBinding<P, Irqs>;
  template <class P>
  static void start(State& s, std::byte* ring, std::uint32_t ring_bytes, const Config& config) noexcept {
    P::power_on();
    detail::start(s, P::kBase, P::Interrupt::number, P::kClockHz, ring, ring_bytes, config);
  }
  template <class P>
  static void stop(State& s) noexcept {
    detail::stop(s, P::Interrupt::number);
  }
};

}  // namespace detail

/// The handler to bind to USART P's interrupt (see MOTE_BIND_INTERRUPTS); its on_interrupt() is
/// interrupt context only.
template <class P>
using InterruptHandler = serial::Handler<P, typename P::Interrupt, detail::State, detail::on_interrupt>;

namespace detail {
template <class Irqs>
struct RequireBinding<Usart1, Irqs> {
  static_assert(::mote::hal::Binds<Irqs, interrupt::usart1, InterruptHandler<Usart1>>,
                MOTE_SERIAL_BINDING_MESSAGE(stm32f4, Usart1, usart1));
  static constexpr bool ok = true;
};
template <unsigned N, class Irqs>
struct RequireBinding<UsartN<N>, Irqs> {
  static_assert(::mote::hal::Binds<Irqs, typename UsartN<N>::Interrupt, InterruptHandler<UsartN<N>>>,
                "mote: stm32f4::BufferedUart<UsartN> needs its interrupt (usart2, usart3, uart4, uart5 or usart6) "
                "bound to its handler. Add, once, at namespace scope: MOTE_BIND_INTERRUPTS(Irqs, (usart2, "
                "mote::stm32f4::uart::InterruptHandler<mote::stm32f4::Usart2>)); and pass Irqs{} to the constructor");
  static constexpr bool ok = true;
};
}  // namespace detail

/// Future of a read (mote/hal/buffered_serial.hpp): Result<count, SerialError>. Destroying it
/// before it completes cancels the read and loses no byte. Poll from tasks.
using ReadFuture = ::mote::serial::ReadFuture;
/// Future of a write: completes (with the byte count) once every byte is in the transmit data
/// register or beyond. Destroying it early stops after the bytes already handed over. Poll from
/// tasks.
using WriteFuture = ::mote::serial::WriteFuture<detail::TxPort>;

}  // namespace uart
}  // namespace mote::stm32f4

extern template class mote::serial::WriteFuture<mote::stm32f4::uart::detail::TxPort>;

namespace mote::stm32f4 {
/// Async serial port on USART `P` (Usart1, Usart2, Usart3, Uart4, Uart5, Usart6), with a receive ring of RxBytes (a power of two, 2 to
/// 32768) in static storage. Move-only; owns the USART until destroyed. Futures borrow the
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

static_assert(hal::Serial<BufferedUart<Usart1>>);

}  // namespace mote::stm32f4
