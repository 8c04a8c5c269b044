// mote/nrf51/timer.hpp: the nRF51's TIMER1 and TIMER2 as async delays (hal::DelayNs), woken by
// the TIMER's compare interrupt. TIMER0 is the time driver's (mote::Timer, mote::Instant).
//
//   MOTE_BIND_INTERRUPTS(Irqs, (timer1, mote::nrf51::timer::InterruptHandler<mote::nrf51::Timer1>));
//
//   MOTE_TASK(pulse, 1) {
//     mote::nrf51::Timer<mote::nrf51::Timer1> t(std::move(mote::nrf51::Peripherals::take().timer1), Irqs{},
//                                              {.frequency_hz = 1'000'000});
//     co_await t.delay_us(250);     // hal::DelayNs: delay_ns, delay_us, delay_ms
//   }
//
// How: the counter (16 bits, at `frequency_hz` = 16 MHz / 2^n) runs while a delay is pending.
// Each delay takes one of the compare channels CC[0..2] (three delays at once; a fourth waits for
// a channel) and waits in chunks of at most 2^15 counts: it captures the counter into CC[3],
// sets its channel's compare to capture + chunk, and sleeps until the compare interrupt. A chunk
// whose compare passed while it was being set is noticed by a second capture, so no delay waits
// a whole wrap. A delay waits at least what was asked (one count is added for the phase of the
// counter when it starts), more by the interrupt latency.
//
// Cancellation: destroying a delay future masks its channel's interrupt, clears its event and
// frees the channel (the counter stops when no delay is left); there is no DMA and no buffer.
#pragma once

#include <cstdint>

#include "mote/hal/delay.hpp"
#include "mote/hal/interrupts.hpp"
#include "mote/hal/peripheral.hpp"
#include "mote/nrf51/interrupts.hpp"
#include "mote/nrf51/peripherals.hpp"
#include "mote/sync/wait_queue.hpp"
#include "mote/waker.hpp"

namespace mote::nrf51 {

namespace timer {

/// Compare channels a TIMER gives to delays (CC[3] is the driver's, for reading the counter).
inline constexpr unsigned kChannels = 3;
/// The largest wait a single compare is set for (half the 16-bit counter's range).
inline constexpr std::uint32_t kMaxChunk = 0x8000;

/// Settings of a TIMER driver.
struct Config {
  /// The counter's rate: 16 MHz / 2^n with n = 0..9 (16 MHz .. 31 250 Hz). A slower rate makes
  /// longer chunks (fewer interrupts for a long delay) and coarser delays.
  std::uint32_t frequency_hz = 1'000'000;
  /// NVIC priority level of the TIMER's interrupt (the nRF51 has 0..3; 0 is the time base's).
  unsigned priority_level = 1;
};

/// What the interrupt handler and the delay futures share: one per TIMER, in static storage.
/// Changed only inside a critical section (or by the handler).
struct State {
  std::uintptr_t base = 0;
  std::uint32_t hz = 0;
  bool claimed = false;
  std::uint8_t in_use = 0;  // channels held by delays (bit n: CC[n])
  std::uint8_t fired = 0;   // channels whose compare came (the handler sets, the owner clears)
  Waker wakers[kChannels];
  std::uint32_t interrupts = 0;       // handler runs (for tests)
  ::mote::detail::WaitQueue waiters;  // delays waiting for a free channel
};

template <class P>
inline constinit State instance{};

/// The compare interrupt's work: clears the events of the channels that fired, masks them and
/// wakes their delays. Interrupt context only.
void on_interrupt(State& s) noexcept;
/// Claims the TIMER (panics if it has a driver or the frequency is not 16 MHz / 2^n), sets it
/// up stopped, 16 bits, and enables its interrupt. Thread mode.
void start(State& s, std::uintptr_t base, unsigned irq, const Config& config) noexcept;
/// Stops the TIMER, masks its interrupt and releases it. No delay may be pending. Thread mode.
void stop(State& s, unsigned irq) noexcept;

/// Counts for at least `amount` units of 1/`per_second` s at `hz` (rounded up, plus one count
/// for the counter's phase). ISR-safe.
constexpr std::uint64_t counts(std::uint64_t amount, std::uint32_t per_second, std::uint32_t hz) noexcept {
  return (amount * hz + per_second - 1) / per_second + 1;
}

/// Future of delay_ns/us/ms: completes once its time has passed. Destroying it early is safe
/// (see the header comment). Poll from tasks.
class [[nodiscard]] DelayFuture {
 public:
  DelayFuture(State* s, std::uint64_t counts) noexcept : s_(s), remaining_(counts) {}
  DelayFuture(DelayFuture&&) noexcept = default;  // before the first poll only (WaitNode checks)
  DelayFuture& operator=(DelayFuture&&) = delete;
  /// Task context.
  ~DelayFuture();
  /// Task context.
  bool poll(Waker waker) noexcept;
  /// Task context, once poll returned true.
  void take() const noexcept {}

 private:
  bool arm(Waker waker) noexcept;  // critical section held; true: the chunk already passed
  State* s_;
  std::uint64_t remaining_;  // counts still to wait, the current chunk included
  std::uint32_t chunk_ = 0;
  int channel_ = -1;
  ::mote::detail::WaitNode node_;
};

/// The interrupt handler's work for TIMER P. Interrupt context only.
template <class P>
void on_timer_interrupt() noexcept {
  on_interrupt(instance<P>);
}
/// The handler to bind to TIMER P's interrupt (timer1 or timer2); on_interrupt() is interrupt
/// context only.
template <class P>
using InterruptHandler = hal::IrqHandler<typename P::Interrupt, &on_timer_interrupt<P>>;
/// Stops TIMER P and releases it (the driver's hal::Ownership). Thread mode.
template <class P>
struct Release {
  static void release() noexcept { stop(instance<P>, P::Interrupt::number); }
};

}  // namespace timer

/// TIMER P (Timer1 or Timer2) as async delays: hal::DelayNs. Move-only; owns the TIMER until
/// destroyed.
template <class P>
class Timer {
 public:
  /// Takes the TIMER, checks at compile time that `Irqs` binds its interrupt to
  /// timer::InterruptHandler<P>, and sets it up. Panics if the frequency is not 16 MHz / 2^n
  /// (n = 0..9) or the TIMER has a driver. Thread mode, not ISR-safe.
  template <class Irqs>
  Timer(P&& token, const Irqs&, const timer::Config& config = {}) noexcept {
    static_assert(hal::Binds<Irqs, typename P::Interrupt, timer::InterruptHandler<P>>,
                  "mote: nrf51::Timer<TimerN> needs its interrupt bound. Add, once, at namespace scope: "
                  "MOTE_BIND_INTERRUPTS(Irqs, (timer1, mote::nrf51::timer::InterruptHandler<mote::nrf51::Timer1>)); "
                  "(timer2 and Timer2 for TIMER2) and pass Irqs{} to the constructor");
    static_cast<void>(token);
    timer::start(state(), P::kBase, P::Interrupt::number, config);
  }
  // Moves hand the TIMER over; the last owner's destruction stops and releases it (thread mode).

  /// Waits at least `ns` nanoseconds. Task context.
  timer::DelayFuture delay_ns(std::uint32_t ns) noexcept { return {&state(), timer::counts(ns, 1'000'000'000, state().hz)}; }
  /// Waits at least `us` microseconds. Task context.
  timer::DelayFuture delay_us(std::uint32_t us) noexcept { return {&state(), timer::counts(us, 1'000'000, state().hz)}; }
  /// Waits at least `ms` milliseconds. Task context.
  timer::DelayFuture delay_ms(std::uint32_t ms) noexcept { return {&state(), timer::counts(ms, 1'000, state().hz)}; }
  /// The counter's rate in Hz. ISR-safe.
  std::uint32_t frequency_hz() const noexcept { return state().hz; }
  /// Compare interrupts taken so far. ISR-safe.
  std::uint32_t interrupts() const noexcept { return state().interrupts; }
  /// Whether the counter runs (a delay is pending). ISR-safe.
  bool running() const noexcept { return state().in_use != 0; }

 private:
  static timer::State& state() noexcept { return timer::instance<P>; }
  hal::Ownership<timer::Release<P>> owner_;
};

static_assert(hal::DelayNs<Timer<Timer1>>);

}  // namespace mote::nrf51
