// mote/riscv_virt/uart.hpp: interrupt-driven async serial driver for the virt machine's ns16550.
//
//   namespace rv = mote::riscv_virt;
//   MOTE_BIND_INTERRUPTS(Irqs, (uart0, rv::uart::InterruptHandler<rv::Uart0>));
//
//   MOTE_TASK(echo, 1) {
//     auto p = rv::Peripherals::take();
//     rv::BufferedUart<rv::Uart0, 64> serial(std::move(p.uart0), Irqs{});
//     char line[80];
//     for (;;) {
//       auto n = co_await serial.read_until(std::span(line), '\n');  // Result<size_t, SerialError>
//       if (n) co_await serial.write(std::string_view(line, *n));
//     }
//   }
//
// Receive: the UART's one interrupt (PLIC source 10) moves every byte of the 16-byte receive FIFO
// into the ring (RxBytes, static storage) and wakes a reader; line errors (overrun, parity,
// framing, break) are latched for the next read. A break arrives with a zero character, which is
// dropped. A read copies out of the ring when it completes, never before, so a cancelled read
// loses nothing. Transmit: a write fills the 16-byte FIFO while it is empty (LSR.THRE) and waits
// for the transmit-empty interrupt for the rest. std::printf keeps writing by polling. The
// ring, error latching and futures are the shared core's (mote/hal/buffered_serial.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "mote/hal/buffered_serial.hpp"
#include "mote/hal/serial.hpp"
#include "mote/hal/interrupts.hpp"
#include "mote/riscv_virt/interrupts.hpp"
#include "mote/riscv_virt/peripherals.hpp"

namespace mote::riscv_virt {

namespace uart {

enum class Parity : std::uint8_t { None, Even, Odd };

/// Line settings (always 8 data bits, one stop bit) and the interrupt's PLIC priority.
struct Config {
  /// Bits per second: the divisor 3.6864 MHz / (16 baud) must be a whole number from 1 to 65535
  /// (QEMU ignores it; the value matters on a real 16550).
  std::uint32_t baud = 115200;
  Parity parity = Parity::None;
  /// PLIC priority of the UART's interrupt, 1 (least urgent) to 7.
  unsigned plic_priority = 1;
};

namespace detail {

using State = ::mote::serial::State;

/// The transmit side of serial::WriteFuture: fill the FIFO once empty; arm THRE's interrupt.
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
  static_assert(sizeof(P) == 0, "mote: riscv_virt::BufferedUart: P must be a UART token (riscv_virt::Uart0)");
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
                MOTE_SERIAL_BINDING_MESSAGE(riscv_virt, Uart0, uart0));
  static constexpr bool ok = true;
};
}  // namespace detail

/// Future of a read: Result<count, SerialError>; destroying it early loses no byte. Task context.
using ReadFuture = ::mote::serial::ReadFuture;
/// Future of a write: done once every byte is in the FIFO. Task context.
using WriteFuture = ::mote::serial::WriteFuture<detail::TxPort>;

}  // namespace uart
}  // namespace mote::riscv_virt

extern template class mote::serial::WriteFuture<mote::riscv_virt::uart::detail::TxPort>;

namespace mote::riscv_virt {

/// Async serial port on UART `P` (Uart0), receive ring of RxBytes (a power of two, 2 to 32768).
/// Everything comes from serial::Driver (mote/hal/buffered_serial.hpp), with the contexts each
/// may be called from.
template <class P, std::size_t RxBytes = 64>
class BufferedUart : public serial::Driver<P, uart::detail::Chip, RxBytes> {
 public:
  /// BufferedUart(P&& token, const Irqs&, const uart::Config& = {}): see serial::Driver.
  using serial::Driver<P, uart::detail::Chip, RxBytes>::Driver;
};

static_assert(hal::Serial<BufferedUart<Uart0>>);

}  // namespace mote::riscv_virt
