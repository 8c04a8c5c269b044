// mote/nrf51/rng.hpp: the nRF51's random number generator as a hal::Rng, interrupt driven.
//
//   MOTE_BIND_INTERRUPTS(Irqs, (rng, mote::nrf51::rng::InterruptHandler));
//
//   MOTE_TASK(keys, 1) {
//     mote::nrf51::Rng rng(std::move(mote::nrf51::Peripherals::take().rng), Irqs{});
//     std::byte key[16];
//     auto r = co_await rng.fill_bytes(key);   // Result<void, hal::RngError>
//   }
//
// The generator makes one byte per VALRDY event (about 167 us without bias correction, 660 us
// with it, nRF51 Product Specification). The interrupt handler moves each byte out of VALUE into
// a small ring in the driver (static storage) and wakes the reader; a fill copies out of the
// ring in its poll, never from the interrupt, so the reader's buffer (which may live in a
// coroutine frame) is written only while its future is alive. The generator runs while a reader
// waits and until the ring is full, then stops (the next fill starts with up to kRingBytes bytes
// ready).
//
// Cancellation: a fill destroyed early keeps the bytes it already copied, the rest of its buffer
// is untouched; the bytes still arriving go to the ring for the next fill.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "mote/hal/interrupts.hpp"
#include "mote/hal/peripheral.hpp"
#include "mote/hal/rng.hpp"
#include "mote/nrf51/interrupts.hpp"
#include "mote/nrf51/peripherals.hpp"
#include "mote/sync/wait_queue.hpp"
#include "mote/waker.hpp"

namespace mote::nrf51 {

namespace rng {

inline constexpr std::size_t kRingBytes = 8;

/// Settings of the RNG driver.
struct Config {
  /// DERCEN: the generator's bias correction (uniform bytes, about 4 times slower).
  bool bias_correction = true;
  /// NVIC priority level of the RNG interrupt (the nRF51 has 0..3; 0 is the time base's).
  unsigned priority_level = 1;
};

/// What the interrupt handler and the fill futures share (static storage). Changed only inside
/// a critical section (or by the handler).
struct State {
  bool claimed = false;
  bool running = false;  // TASKS_START given, not stopped yet
  std::uint8_t ring[kRingBytes] = {};
  std::uint8_t head = 0;   // oldest byte
  std::uint8_t count = 0;  // bytes in the ring
  std::uint32_t interrupts = 0;       // VALRDY interrupts taken (for tests)
  ::mote::detail::WaitQueue readers;  // fills waiting for bytes
};

inline constinit State instance{};

/// VALRDY: the byte into the ring (the generator stops once the ring is full), a reader woken.
/// Interrupt context only.
void on_interrupt() noexcept;
/// Claims the RNG (panics if it has a driver), applies the config, enables its interrupt; the
/// generator starts with the first fill. Thread mode.
void start(const Config& config) noexcept;
/// Stops the generator, masks its interrupt and releases it. No fill may be pending. Thread mode.
void stop() noexcept;

/// Future of fill_bytes: Result<void, hal::RngError> once every byte of the buffer is filled.
/// Destroying it early is safe (see the header comment). Poll from tasks.
class [[nodiscard]] FillFuture {
 public:
  explicit FillFuture(std::span<std::byte> out) noexcept : out_(out) {}
  FillFuture(FillFuture&&) noexcept = default;  // before the first poll only (WaitNode checks)
  FillFuture& operator=(FillFuture&&) = delete;
  /// Task context.
  ~FillFuture();
  /// Task context.
  bool poll(Waker waker) noexcept;
  /// Task context, once poll returned true. The nRF51's generator reports no faults.
  hal::RngResult take() const noexcept { return {}; }
  /// Bytes filled so far. Task context.
  std::size_t filled() const noexcept { return filled_; }

 private:
  std::span<std::byte> out_;
  std::size_t filled_ = 0;
  ::mote::detail::WaitNode node_;
};

/// The handler to bind to the RNG's interrupt (rng); on_interrupt() is interrupt context only.
using InterruptHandler = hal::IrqHandler<::mote::nrf51::interrupt::rng, &on_interrupt>;
/// Stops the generator and releases it (the driver's hal::Ownership). Thread mode.
struct Release {
  static void release() noexcept { stop(); }
};

}  // namespace rng

/// The RNG as a hal::Rng. Move-only; owns the RNG until destroyed.
class Rng {
 public:
  /// Takes the RNG, checks at compile time that `Irqs` binds interrupt rng to
  /// rng::InterruptHandler, and sets it up. Panics if it has a driver. Thread mode, not ISR-safe.
  template <class Irqs>
  Rng(RngPeripheral&& token, const Irqs&, const rng::Config& config = {}) noexcept {
    static_assert(hal::Binds<Irqs, interrupt::rng, rng::InterruptHandler>,
                  "mote: nrf51::Rng needs its interrupt bound. Add, once, at namespace scope: "
                  "MOTE_BIND_INTERRUPTS(Irqs, (rng, mote::nrf51::rng::InterruptHandler)); and pass Irqs{} to "
                  "the constructor");
    static_cast<void>(token);
    rng::start(config);
  }
  // Moves hand the RNG over; the last owner's destruction stops and releases it (thread mode).

  /// Fills all of `out` with random bytes (hal::Rng). Task context.
  rng::FillFuture fill_bytes(std::span<std::byte> out) noexcept { return rng::FillFuture(out); }
  /// VALRDY interrupts taken so far (one per byte generated). ISR-safe.
  std::uint32_t interrupts() const noexcept { return rng::instance.interrupts; }
  /// Whether the generator runs. ISR-safe.
  bool running() const noexcept { return rng::instance.running; }

 private:
  hal::Ownership<rng::Release> owner_;
};

static_assert(hal::Rng<Rng>);

}  // namespace mote::nrf51
