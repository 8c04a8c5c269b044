// mote/pl022/spi.hpp: Arm's PrimeCell PL022 synchronous serial port as an interrupt-driven
// hal::SpiBus (SPI master, 8-bit frames), for every chip that has one: the LM3S6965's SSI0
// (mote/lm3s6965/spi.hpp) and the MPS2 images' five SPI ports (mote/cmsdk/spi.hpp).
//
//   MOTE_BIND_INTERRUPTS(Irqs, (ssi0, mote::lm3s6965::spi::InterruptHandler<mote::lm3s6965::Ssi0>));
//
//   mote::lm3s6965::Spi<mote::lm3s6965::Ssi0> spi(std::move(p.ssi0), Irqs{},
//                                                mote::lm3s6965::spi::Config{.frequency_hz = 400'000});
//   std::byte id[3];
//   auto r = co_await spi.read(id);                 // Result<void, hal::SpiError>
//   // several devices with chip selects: mote/hal/spi_device.hpp (SharedSpiBus, SharedSpiDevice)
//
// A chip makes its ports available with a token per port (kBase, kClockHz: the port's clock
// SSPCLK, Interrupt, and power_on()), an alias of Spi and a specialisation of
// spi::detail::RequireBinding whose static_assert names the binding to add.
//
// How a transfer runs: the first poll fills the 8-byte transmit FIFO (never more bytes on the
// wire than the receive FIFO holds, so nothing can overrun) and returns. While 4 or more bytes
// are on the wire, the "receive FIFO half full" interrupt (and the receive time-out) drive the
// rest: the handler stores received bytes straight into the caller's buffer and refills the
// transmit FIFO. The last 1..3 bytes are collected by polling the status (at most 3 byte times,
// 24 us at 1 MHz): below half full the port raises only the receive time-out, 32 bit times later,
// which QEMU 7.2 does not model. A transfer of 3 bytes or fewer therefore completes in its first
// poll, without an interrupt: most SD card command bytes are such transfers.
// Every byte sent is also received (and dropped for write), so a completed operation has left
// the bus idle: flush() only waits for its turn.
//
// One operation runs at a time; others wait their turn in FIFO order (mote::hal::BusTurn).
// Destroying an operation in flight detaches its buffers (no byte is stored after that), sends
// nothing more, waits for the bytes on the wire (at most 8 byte times), empties the receive FIFO
// and passes the bus on.
//
// Loopback (Config::loopback, the port's LBM bit): the port receives what it sends, with nothing
// on the pins; for testing where no device is attached (QEMU's MPS2 machines attach none).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>

#include "mote/hal/bus_turn.hpp"
#include "mote/hal/interrupts.hpp"
#include "mote/hal/spi.hpp"
#include "mote/sync/wait_queue.hpp"
#include "mote/waker.hpp"

namespace mote::pl022 {

template <class P>
class Spi;

namespace spi {

/// Clock polarity and phase (mode 0: idle low, sample on the rising edge).
enum class Mode : std::uint8_t { Mode0, Mode1, Mode2, Mode3 };

/// Bus settings.
struct Config {
  /// SCK frequency: 1 000 Hz to half the port's clock (LM3S6965: 25 MHz; MPS2: 12.5 MHz). The
  /// divider rounds down to the next frequency the port can make. (QEMU does not model bus timing.)
  std::uint32_t frequency_hz = 1'000'000;
  Mode mode = Mode::Mode0;
  /// Sent while reading (read(), the tail of a longer transfer()). SD cards want 0xFF.
  std::byte fill = std::byte{0xFF};
  /// NVIC priority level of the port's interrupt (mote/cortex_m/nvic_priority.hpp). Ports that
  /// share a line share its level: the driver started last sets it.
  unsigned priority_level = 1;
  /// Loopback (LBM): receive what is sent, pins unused. For tests without a device.
  bool loopback = false;
};

namespace detail {

/// What the interrupt handler and the futures share: one per port, static storage. Every field
/// is read and written inside a critical section (the handler's included).
struct State {
  std::uintptr_t base = 0;
  unsigned irq = 0;
  std::uint32_t clock_hz = 0;  // SSPCLK: what the dividers divide
  bool claimed = false;
  bool loopback = false;
  std::byte fill{0xFF};
  std::uint8_t mode = 0;           // the clock set last (set_frequency skips an unchanged one)
  std::uint32_t frequency_hz = 0;
  hal::BusTurn turn;  // the future whose operation runs, and those waiting
  Waker waker;
  std::byte* in = nullptr;         // null: received bytes are dropped (and once detached)
  const std::byte* out = nullptr;  // null: fill bytes are sent
  std::size_t size = 0;            // bytes to clock
  std::size_t in_size = 0;
  std::size_t out_size = 0;
  std::size_t sent = 0;
  std::size_t received = 0;
  bool active = false;    // the handler drives the operation
  bool done = false;
  std::int8_t error = -1;  // hal::SpiError, or -1
};

template <class P>
inline constinit State instance{};

/// The interrupt's work. Interrupt context only.
void on_interrupt(State& s) noexcept;
/// Claims the port (panics if a driver has it or `config` is out of range), sets it up as a
/// master clocked by `clock_hz` and enables its interrupt line. Thread mode.
void start(State& s, std::uintptr_t base, unsigned irq, std::uint32_t clock_hz, const Config& config) noexcept;
/// Sets the clock (no operation may be in flight). Panics if out of range. Task context.
void set_frequency(State& s, std::uint32_t frequency_hz, Mode mode) noexcept;
/// Disables the port and its interrupt, releases the claim. Thread mode; no future may exist.
void stop(State& s) noexcept;

/// Specialised by each chip for its tokens, with a static_assert naming the binding to add and
/// `static constexpr bool ok = true`.
template <class P, class Irqs>
struct RequireBinding {
  static_assert(sizeof(P) == 0, "mote: pl022::Spi: P must be a PL022 port's token (lm3s6965::Ssi0, cmsdk::Ssp0...)");
};

}  // namespace detail

/// The handler to bind to port P's interrupt (see MOTE_BIND_INTERRUPTS). Where ports share one
/// line, bind a handler for each of them to it.
template <class P>
struct InterruptHandler {
  using interrupt = typename P::Interrupt;
  /// Called by the bound interrupt's handler. Interrupt context only.
  static void on_interrupt() noexcept { detail::on_interrupt(detail::instance<P>); }
};

/// Future of one bus operation (read, write, transfer, transfer_in_place, flush):
/// Result<void, hal::SpiError>. Destroying it before it completes cancels the operation and
/// leaves the bus idle. Poll from tasks; must not outlive the driver or its buffers.
class [[nodiscard]] TransferFuture : public hal::BusFuture<hal::SpiError> {
 public:
  TransferFuture(TransferFuture&&) noexcept = default;  // before the first poll only (WaitNode checks)
  /// Cancels: leaves the queue, or stops the operation in flight. Task context.
  ~TransferFuture();

  /// Task context.
  bool poll(Waker waker) noexcept;

 private:
  template <class>
  friend class ::mote::pl022::Spi;
  TransferFuture(detail::State* s, std::byte* in, std::size_t in_size, const std::byte* out, std::size_t out_size,
                 std::size_t size) noexcept
      : s_(s), in_(in), out_(out), in_size_(in_size), out_size_(out_size), size_(size) {}

  detail::State* s_;
  std::byte* in_;
  const std::byte* out_;
  std::size_t in_size_;
  std::size_t out_size_;
  std::size_t size_;
};

}  // namespace spi

/// PL022 port `P` (a chip's token) as a hal::SpiBus: SPI master, 8-bit frames, interrupt driven. Move-only; owns
/// the port until destroyed. Futures borrow the driver and their buffers. Chip selects are the
/// devices' business (mote/hal/spi_device.hpp).
template <class P>
class Spi {
 public:
  /// Takes the port (its token), checks at compile time that `Irqs` binds its interrupt to
  /// spi::InterruptHandler<P>, and enables it as a master with `config`. Panics if another
  /// driver owns it or the frequency is out of range. Thread mode, not ISR-safe.
  template <class Irqs>
  Spi(P&& peripheral, const Irqs&, const spi::Config& config = {}) noexcept {
    static_assert(spi::detail::RequireBinding<P, Irqs>::ok);
    static_cast<void>(peripheral);  // consumed: the driver stands for the port from now on
    P::power_on();
    spi::detail::start(state(), P::kBase, P::Interrupt::number, P::kClockHz, config);
  }
  Spi(Spi&& o) noexcept : owner_(std::exchange(o.owner_, false)) {}
  Spi(const Spi&) = delete;
  Spi& operator=(Spi&&) = delete;
  /// Disables the port and releases it. No future may still exist. Thread mode.
  ~Spi() {
    if (owner_) spi::detail::stop(state());
  }

  /// Changes the clock (an SD card starts at 400 kHz or less, then goes faster; devices on a
  /// shared bus each set theirs: mote/hal/spi_device.hpp). Does nothing if the clock is already
  /// that. No operation may be in flight (hold the bus: a SharedSpiBus's mutex). Task context.
  void set_frequency(std::uint32_t frequency_hz, spi::Mode mode = spi::Mode::Mode0) noexcept {
    spi::detail::set_frequency(state(), frequency_hz, mode);
  }

  /// Clocks buffer.size() bytes in, sending the fill byte. Task context.
  spi::TransferFuture read(std::span<std::byte> buffer) noexcept {
    return {&state(), buffer.data(), buffer.size(), nullptr, 0, buffer.size()};
  }
  /// Clocks `bytes` out; what comes in is dropped. Task context.
  spi::TransferFuture write(std::span<const std::byte> bytes) noexcept {
    return {&state(), nullptr, 0, bytes.data(), bytes.size(), bytes.size()};
  }
  /// Clocks max(in, out) bytes: `out` then fill bytes go out, `in` fills, the rest is dropped.
  /// Task context.
  spi::TransferFuture transfer(std::span<std::byte> in, std::span<const std::byte> out) noexcept {
    return {&state(), in.data(), in.size(), out.data(), out.size(), in.size() > out.size() ? in.size() : out.size()};
  }
  /// Clocks `buffer` out, replacing each byte with the one received. Task context.
  spi::TransferFuture transfer_in_place(std::span<std::byte> buffer) noexcept {
    return {&state(), buffer.data(), buffer.size(), buffer.data(), buffer.size(), buffer.size()};
  }
  /// Completes once the operations before it are done and the bus is idle. Task context.
  spi::TransferFuture flush() noexcept { return {&state(), nullptr, 0, nullptr, 0, 0}; }

 private:
  static spi::detail::State& state() noexcept { return spi::detail::instance<P>; }
  bool owner_ = true;
};

}  // namespace mote::pl022
