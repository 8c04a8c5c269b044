// mote/cmsdk/i2c.hpp: the MPS2 images' SBCon two-wire interfaces as a bit-banged hal::I2c.
//
//   auto p = mote::cmsdk::Peripherals::take();
//   mote::cmsdk::I2c<mote::cmsdk::Sbcon3> i2c(std::move(p.sbcon3), mote::cmsdk::i2c::Config{.frequency_hz = 100'000});
//   mote::devices::Tmp105 sensor(i2c);                    // any driver written against hal::I2c
//   std::byte reg[1]{}, value[2]{};
//   auto r = co_await i2c.write_read(0x48, reg, value);   // Result<void, hal::I2cError>
//   if (!r && r.error() == mote::hal::I2cError::Nack) { /* nobody at 0x48 */ }
//
// The SBCon is two open-drain lines and a register: no shift register, no FIFO, no interrupt, so
// the CPU makes every clock edge. How it stays async: a future moves one byte (its 9 clocks, the
// acknowledge included) per poll, then wakes its own task and yields, so other tasks run between
// bytes and none waits longer than one byte time (9 SCL periods: 90 us at 100 kHz). A byte is
// clocked in one go, not one edge per poll, so that a trip through the executor is paid per byte,
// not per edge. The half periods are timed on the cycle counter (cmsdk::clock_now), so the bus
// never runs faster than asked. Under QEMU the lines have no timing, but the waits still take
// their virtual time.
//
// One transfer runs at a time; other futures on the same interface wait their turn in FIFO order
// (mote::hal::BusTurn), also when they come from executors at other priorities.
//
// Cancellation: between two polls the bus is always at a byte boundary, so destroying a future
// finishes cleanly at once: if the device was ACKed and expects to send another byte, one more
// byte is clocked in with NACK (and dropped); then STOP. Bytes already received stay in the
// buffer; nothing is written to it after that.
//
// Errors: an address or a written byte not acknowledged gives I2cError::Nack (after a STOP).
// Bit-banging alone on the bus, the driver sees no arbitration or bus errors: with another
// controller on the bus it would not notice losing arbitration (QEMU models no second one).
// Unlike the lm3s6965's controller, an empty transaction is a real one: START, the address (write),
// STOP: an address probe that yields Nack if nobody answers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>

#include "mote/cmsdk/peripherals.hpp"
#include "mote/hal/bus_turn.hpp"
#include "mote/hal/i2c.hpp"
#include "mote/result.hpp"
#include "mote/sync/wait_queue.hpp"
#include "mote/waker.hpp"

namespace mote::cmsdk {

template <class P>
class I2c;

namespace i2c {

/// Bus settings.
struct Config {
  /// SCL frequency: 1 000 to 400 000 Hz (standard and fast mode); each half period is rounded
  /// up to whole core cycles (40 ns), so the bus never runs faster than asked.
  std::uint32_t frequency_hz = 100'000;
};

namespace detail {

/// One per SBCon, static storage. `turn` is changed inside critical sections only; the rest is
/// written by the driver's constructor and read by the future holding the turn.
struct State {
  std::uintptr_t base = 0;
  std::uint32_t half_period_cycles = 0;
  bool claimed = false;
  hal::BusTurn turn;
};

template <class P>
inline constinit State instance{};

/// Claims the interface (panics if a driver has it or the frequency is out of range) and
/// releases both lines (bus idle). Thread mode.
void start(State& s, std::uintptr_t base, const Config& config) noexcept;
/// Releases both lines and the claim. Thread mode; no future may exist.
void stop(State& s) noexcept;

}  // namespace detail

/// Future of one I2C transfer (write, read, write_read or transaction): Result<void,
/// hal::I2cError>. Destroying it before it completes ends the transfer cleanly (see the top of
/// the header). Poll from tasks; it must not outlive the driver or the buffers it borrows.
class [[nodiscard]] TransferFuture : public hal::BusFuture<hal::I2cError> {
 public:
  TransferFuture(TransferFuture&&) noexcept = default;  // before the first poll only (WaitNode checks)
  /// Leaves the queue, or ends the transfer on the bus (STOP). Task context.
  ~TransferFuture();

  /// Moves one byte per call, then yields. Task context.
  bool poll(Waker waker) noexcept;

 private:
  template <class>
  friend class ::mote::cmsdk::I2c;
  TransferFuture(detail::State* s, const hal::I2cTransfer& transfer) noexcept : s_(s), transfer_(transfer) {}
  bool step() noexcept;
  void finish(std::int8_t error) noexcept;

  detail::State* s_;
  hal::I2cTransfer transfer_;
  std::size_t op_ = 0;   // the next byte is transfer_.operations()[op_].data[pos_]
  std::size_t pos_ = 0;
  bool holding_ = false;   // START sent, no STOP yet
  bool reading_ = false;   // the direction of the address sent last
  bool acked_read_ = false;  // the last byte read was ACKed: the device has another one ready
};

}  // namespace i2c

/// SBCon `P` (Sbcon0..Sbcon3) as a hal::I2c: 7-bit addresses, controller only, bit-banged.
/// write, read, write_read and transaction come from hal::I2cOperations; a transaction with no
/// bytes at all sends the address alone (a probe: Nack if nobody answers). Move-only; owns the
/// interface until destroyed. Futures borrow the driver and their buffers.
template <class P>
class I2c : public hal::I2cOperations<I2c<P>> {
 public:
  /// Takes the interface (its token) and releases both lines. Panics if another driver owns it
  /// or the frequency is out of range. Thread mode, not ISR-safe.
  explicit I2c(P&& peripheral, const i2c::Config& config = {}) noexcept {
    static_cast<void>(peripheral);  // consumed: the driver stands for the interface from now on
    i2c::detail::start(state(), P::kBase, config);
  }
  /// Moves the ownership; the moved-from driver releases nothing. No future may exist. Thread mode.
  I2c(I2c&& o) noexcept : owner_(std::exchange(o.owner_, false)) {}
  I2c(const I2c&) = delete;
  I2c& operator=(I2c&&) = delete;
  /// Releases the interface. No future may still exist. Thread mode.
  ~I2c() {
    if (owner_) i2c::detail::stop(state());
  }

 private:
  friend class hal::I2cOperations<I2c>;
  i2c::TransferFuture begin_transfer(const hal::I2cTransfer& transfer) noexcept { return {&state(), transfer}; }
  static i2c::detail::State& state() noexcept { return i2c::detail::instance<P>; }
  bool owner_ = true;
};

static_assert(hal::I2c<I2c<Sbcon3>>);

}  // namespace mote::cmsdk
