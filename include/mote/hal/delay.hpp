// mote/hal/delay.hpp: waiting for a while as a concept (embedded-hal-async's DelayNs), and the
// one model every board has: mote's timer.
//
//   template <mote::hal::DelayNs D>
//   mote::Async<void> reset_pulse(Pin& rst, D& delay) {
//     rst.set_low();
//     co_await delay.delay_us(10);
//     rst.set_high();
//   }
//
// A delay waits at least as long as asked (never less); how much longer depends on the time
// base's tick (MOTE_TICK_HZ) and on the executor. Device drivers take a DelayNs rather than
// calling mote::Timer, so that a test can give them a recording double.
#pragma once

#include <concepts>
#include <cstdint>

#include "mote/future.hpp"
#include "mote/time.hpp"
#include "mote/timer.hpp"

namespace mote::hal {

/// Waits: delay_ns, delay_us, delay_ms each return a Future (of any result).
template <class D>
concept DelayNs = requires(D& d, std::uint32_t n) {
  requires Future<decltype(d.delay_ns(n))>;
  requires Future<decltype(d.delay_us(n))>;
  requires Future<decltype(d.delay_ms(n))>;
};

/// DelayNs on mote::Timer: every board's time base. Rounds up to the next tick. Stateless and
/// copyable; its futures are Timers (cancelling one needs no clean-up).
struct TimerDelay {
  /// Waits at least `ns` nanoseconds. ISR-safe to create; await from tasks.
  Timer delay_ns(std::uint32_t ns) const noexcept {
    return Timer::after(Duration::from_ticks(::mote::detail::to_ticks_ceil(ns, 1'000'000'000)));
  }
  /// Waits at least `us` microseconds. ISR-safe to create; await from tasks.
  Timer delay_us(std::uint32_t us) const noexcept { return Timer::after(Duration::from_micros(us)); }
  /// Waits at least `ms` milliseconds. ISR-safe to create; await from tasks.
  Timer delay_ms(std::uint32_t ms) const noexcept { return Timer::after(Duration::from_millis(ms)); }
};

static_assert(DelayNs<TimerDelay>);

}  // namespace mote::hal
