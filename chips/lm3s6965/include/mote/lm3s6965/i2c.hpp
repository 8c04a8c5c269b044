// mote/lm3s6965/i2c.hpp: the LM3S6965's I2C controller 0 as an interrupt-driven hal::I2c.
//
//   MOTE_BIND_INTERRUPTS(Irqs, (i2c0, mote::lm3s6965::i2c::InterruptHandler<mote::lm3s6965::I2c0>));
//
//   MOTE_TASK(sensor, 1) {
//     auto p = mote::lm3s6965::Peripherals::take();
//     mote::lm3s6965::I2c<mote::lm3s6965::I2c0> i2c(std::move(p.i2c0), Irqs{},
//                                                  mote::lm3s6965::i2c::Config{.frequency_hz = 100'000});
//     std::byte reg[1]{}, value[2]{};
//     auto r = co_await i2c.write_read(0x48, reg, value);   // Result<void, hal::I2cError>
//     if (!r && r.error() == mote::hal::I2cError::Nack) { /* nobody at 0x48 */ }
//   }
//
// How a transfer runs: the future's first poll programs the first step (address and first byte)
// and returns; each step's completion raises the controller's interrupt, whose handler checks
// the status, stores a received byte straight into the caller's buffer and programs the next
// step, until the last one (with STOP) wakes the task. So the CPU is busy only for a few
// register accesses per byte. One transfer runs at a time; other futures on the same controller
// wait their turn in FIFO order.
//
// Cancellation: destroying a future in flight detaches its buffers from the handler inside a
// critical section (no byte is stored after that), waits for the byte on the wire to finish
// (at most one byte time, 90 us at 100 kHz), sends STOP if the controller held the bus, and
// returns with the controller idle: the next transfer starts on a clean bus.
//
// Errors: an address or data byte not acknowledged -> I2cError::Nack (after an error STOP),
// arbitration lost -> I2cError::ArbitrationLost, any other error bit -> I2cError::Bus. QEMU 7.2's
// model reports an absent address differently from the chip (see docs/drivers/lm3s6965.md);
// the driver recognises both.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>

#include "mote/critical_section.hpp"
#include "mote/hal/bus_turn.hpp"
#include "mote/hal/i2c.hpp"
#include "mote/hal/interrupts.hpp"
#include "mote/lm3s6965/interrupts.hpp"
#include "mote/lm3s6965/peripherals.hpp"
#include "mote/result.hpp"
#include "mote/sync/wait_queue.hpp"
#include "mote/waker.hpp"

namespace mote::lm3s6965 {

template <class P>
class I2c;

namespace i2c {

/// Bus settings.
struct Config {
  /// SCL frequency: 1 000 to 400 000 Hz (standard and fast mode). The controller's divider
  /// rounds down to the next frequency it can make. (QEMU does not model bus timing.)
  std::uint32_t frequency_hz = 100'000;
  /// NVIC priority level of the controller's interrupt (mote/cortex_m/nvic_priority.hpp: 0 is
  /// the most urgent and reserved for the time base). The handler is short, so level 1.
  unsigned priority_level = 1;
};

namespace detail {

/// What the interrupt handler and the futures share: one per controller, static storage. Every
/// field is read and written inside a critical section (the handler's included).
struct State {
  std::uintptr_t base = 0;
  unsigned irq = 0;
  bool claimed = false;  // a driver owns the controller
  // The transfer in flight: `turn` is held by the future that runs it (also while it stops the
  // bus when cancelled) and queues the futures waiting for the controller.
  hal::BusTurn turn;
  Waker waker;                               // the running future's task
  const hal::I2cOperation* ops = nullptr;    // null once finished or detached: never touched again
  std::size_t count = 0;                     // operations
  std::size_t op = 0;                        // the byte in flight is ops[op].data[pos]
  std::size_t pos = 0;
  std::uint8_t address = 0;
  bool holding = false;     // this controller holds the bus (START sent, no STOP yet)
  bool soft_event = false;  // a step ended without raising the interrupt: the handler was pended by hand
  bool instant = false;     // steps finish at once: QEMU's model (see issue() in i2c.cpp)
  bool done = false;        // the transfer finished; `error` says how
  std::int8_t error = -1;   // hal::I2cError, or -1
};

/// The state of controller P.
template <class P>
inline constinit State instance{};

/// The interrupt's work: check the finished step, store a received byte, program the next step
/// or finish. Interrupt context only.
void on_interrupt(State& s) noexcept;
/// Claims the controller (panics if a driver has it or `config` is out of range), enables the
/// master with the SCL divider and its interrupt. Thread mode.
void start(State& s, std::uintptr_t base, unsigned irq, const Config& config) noexcept;
/// Masks the interrupt, disables the master and releases the claim. Thread mode; no future may
/// be in flight (they borrow the driver).
void stop(State& s) noexcept;

template <class P, class Irqs>
struct RequireBinding {
  static_assert(sizeof(P) == 0, "mote: lm3s6965::I2c: P must be an I2C token (lm3s6965::I2c0)");
};

}  // namespace detail

/// The handler to bind to controller P's interrupt (see MOTE_BIND_INTERRUPTS).
template <class P>
struct InterruptHandler {
  using interrupt = typename P::Interrupt;
  /// Called by the bound interrupt's handler. Interrupt context only.
  static void on_interrupt() noexcept { detail::on_interrupt(detail::instance<P>); }
};

namespace detail {
template <class Irqs>
struct RequireBinding<I2c0, Irqs> {
  static_assert(::mote::hal::Binds<Irqs, interrupt::i2c0, InterruptHandler<I2c0>>,
                "mote: lm3s6965::I2c<I2c0> needs interrupt i2c0 bound to its handler. Add, once, at namespace "
                "scope: MOTE_BIND_INTERRUPTS(Irqs, (i2c0, mote::lm3s6965::i2c::InterruptHandler<"
                "mote::lm3s6965::I2c0>)); and pass Irqs{} to the constructor");
  static constexpr bool ok = true;
};
}  // namespace detail

/// Future of one I2C transfer (write, read, write_read or transaction): Result<void,
/// hal::I2cError>. Destroying it before it completes cancels the transfer and leaves the bus
/// idle. Poll from tasks; it must not outlive the driver or the buffers it borrows.
class [[nodiscard]] TransferFuture : public hal::BusFuture<hal::I2cError> {
 public:
  TransferFuture(TransferFuture&&) noexcept = default;  // before the first poll only (WaitNode checks)
  /// Cancels: leaves the queue, or stops the transfer in flight (see the top of the header).
  /// Task context.
  ~TransferFuture();

  /// Task context.
  bool poll(Waker waker) noexcept;

 private:
  template <class>
  friend class ::mote::lm3s6965::I2c;
  TransferFuture(detail::State* s, const hal::I2cTransfer& transfer) noexcept : s_(s), transfer_(transfer) {}
  void stop_cancelled() noexcept;

  detail::State* s_;
  hal::I2cTransfer transfer_;
};

}  // namespace i2c

/// I2C controller `P` (I2c0) as a hal::I2c: 7-bit addresses, master only, interrupt driven.
/// write, read, write_read and transaction come from hal::I2cOperations; a transaction with no
/// bytes at all completes at once without touching the bus (this controller cannot send an
/// address alone). Move-only; owns the controller until destroyed. Futures borrow the driver and
/// their buffers.
template <class P>
class I2c : public hal::I2cOperations<I2c<P>> {
 public:
  /// Takes the controller (its token), checks at compile time that `Irqs` binds its interrupt
  /// to i2c::InterruptHandler<P>, and enables it at config.frequency_hz. Panics if another
  /// driver owns it or the frequency is out of range. Thread mode, not ISR-safe.
  template <class Irqs>
  I2c(P&& peripheral, const Irqs&, const i2c::Config& config = {}) noexcept {
    static_assert(i2c::detail::RequireBinding<P, Irqs>::ok);
    static_cast<void>(peripheral);  // consumed: the driver stands for the controller from now on
    P::power_on();
    i2c::detail::start(state(), P::kBase, P::Interrupt::number, config);
  }
  /// Moves the ownership; the moved-from driver releases nothing. No future may exist. Thread mode.
  I2c(I2c&& o) noexcept : owner_(std::exchange(o.owner_, false)) {}
  I2c(const I2c&) = delete;
  I2c& operator=(I2c&&) = delete;
  /// Disables the controller and releases it. No future may still exist. Thread mode.
  ~I2c() {
    if (owner_) i2c::detail::stop(state());
  }

 private:
  friend class hal::I2cOperations<I2c>;
  i2c::TransferFuture begin_transfer(const hal::I2cTransfer& transfer) noexcept { return {&state(), transfer}; }
  static i2c::detail::State& state() noexcept { return i2c::detail::instance<P>; }
  bool owner_ = true;
};

static_assert(hal::I2c<I2c<I2c0>>);

}  // namespace mote::lm3s6965
