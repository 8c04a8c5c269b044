// mote/lm3s6965/adc.hpp: timer-triggered sampling on the LM3S6965's ADC, as async futures.
//
//   MOTE_BIND_INTERRUPTS(Irqs, (adc0_seq0, mote::lm3s6965::adc::InterruptHandler<mote::lm3s6965::Adc0>));
//
//   MOTE_TASK(sensor, 1) {
//     auto p = mote::lm3s6965::Peripherals::take();
//     mote::lm3s6965::Adc adc(std::move(p.adc0), std::move(p.timer1), Irqs{}, {.sample_rate_hz = 10});
//     for (;;) {
//       auto s = co_await adc.sample();          // Result<std::uint16_t, adc::Error>
//       if (s) use(*s); else report_gap();        // adc::Error::Overrun: samples were missed here
//     }
//   }
//
// How it samples (the way firmware on this chip usually does): a general-purpose timer (Timer1..3)
// runs periodically at the sample rate and, on each time-out, triggers one conversion on sample
// sequencer 0 (EMUX = timer, a one-step sequence with END and IE). Its completion interrupt moves
// the result from the sequencer's FIFO into a ring (`Samples` entries, static storage) and wakes
// the waiting task. No CPU time is spent per sample beyond that interrupt, and the timing is the
// timer's, not the executor's. A sample() future takes the oldest sample when it completes,
// never before, so cancelling one loses nothing.
//
// Missed samples: when the ring is full (the task did not keep up) or the hardware FIFO overflowed
// (the interrupt was held off), conversions are dropped and counted (lost_samples()). The next
// sample() calls yield the samples buffered before the loss, then adc::Error::Overrun once, exactly
// where the gap is, then the samples converted after it. See docs/drivers/adc.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>

#include "mote/hal/adc.hpp"
#include "mote/hal/interrupts.hpp"
#include "mote/critical_section.hpp"
#include "mote/lm3s6965/interrupts.hpp"
#include "mote/lm3s6965/peripherals.hpp"
#include "mote/result.hpp"
#include "mote/sync/wait_queue.hpp"
#include "mote/waker.hpp"

namespace mote::lm3s6965 {

template <class Timer, std::size_t Samples>
class Adc;

namespace adc {

/// Why sample() yielded no value.
enum class Error : std::uint8_t {
  Overrun,  ///< conversions were lost here: the ring or the hardware FIFO was full
};
/// A fixed text for `e` (what Result::unwrap prints). ISR-safe.
constexpr const char* error_message(Error) noexcept { return "adc: overrun (samples were lost)"; }

/// Full scale of a result: the converter has 10 bits.
inline constexpr std::uint16_t kMaxValue = 1023;

/// Sampling set-up.
struct Config {
  /// Conversions per second, paced by the timer (1 to 125 000, the converter's default speed).
  std::uint32_t sample_rate_hz = 1000;
  /// Analog input AIN0..AIN3.
  std::uint8_t channel = 0;
  /// NVIC priority level of the completion interrupt (mote/cortex_m/nvic_priority.hpp; 0 belongs
  /// to the time base). The handler is short, so level 1 by default.
  unsigned priority_level = 1;
};

namespace detail {

/// What the interrupt handler and the futures share (one ADC, one sequencer): static storage.
/// Every field is read and written inside a critical section, the handler's included.
struct State {
  std::uint16_t* ring = nullptr;  // `Samples` entries of the driver's static storage
  std::uint32_t ring_mask = 0;    // Samples - 1 (a power of two)
  std::uint32_t head = 0;         // samples stored by the handler (free-running)
  std::uint32_t tail = 0;         // samples taken by sample() futures
  std::uint32_t gap_at = 0;       // with `gap`: the head position where samples are missing
  std::uint32_t conversions = 0;  // results read from the hardware since start (kept or not)
  std::uint32_t lost = 0;         // conversions dropped since start (ring full or FIFO overflow)
  std::uintptr_t timer_base = 0;  // the trigger timer
  bool gap = false;               // an Overrun waits at gap_at; nothing is stored until it is read
  bool claimed = false;           // a driver owns the ADC
  ::mote::detail::WaitQueue waiters;
};

inline constinit State state{};

/// The completion interrupt's work. Interrupt context only.
void on_interrupt(State& s) noexcept;
/// Claims the ADC and the timer (panics if either has a driver or the config is out of range),
/// sets sequencer 0 up for timer triggers and starts the timer. Thread mode.
void start(State& s, unsigned timer_index, std::uintptr_t timer_base, std::uint16_t* ring,
           std::uint32_t ring_samples, const Config& config) noexcept;
/// Stops the timer and the sequencer, masks the interrupt, releases both. Thread mode.
void stop(State& s, unsigned timer_index) noexcept;

template <class P, class Irqs>
struct RequireBinding {
  static_assert(sizeof(P) == 0, "mote: lm3s6965::Adc: P must be the ADC token (lm3s6965::Adc0)");
};

}  // namespace detail

/// The handler to bind to the ADC's sequencer-0 interrupt (see MOTE_BIND_INTERRUPTS).
template <class P>
struct InterruptHandler;
template <>
struct InterruptHandler<Adc0> {
  using interrupt = Adc0::Interrupt;
  /// Called by the bound interrupt's handler. Interrupt context only.
  static void on_interrupt() noexcept { detail::on_interrupt(detail::state); }
};

namespace detail {
template <class Irqs>
struct RequireBinding<Adc0, Irqs> {
  static_assert(::mote::hal::Binds<Irqs, interrupt::adc0_seq0, InterruptHandler<Adc0>>,
                "mote: lm3s6965::Adc needs interrupt adc0_seq0 bound to its handler. Add, once, at namespace "
                "scope: MOTE_BIND_INTERRUPTS(Irqs, (adc0_seq0, "
                "mote::lm3s6965::adc::InterruptHandler<mote::lm3s6965::Adc0>)); and pass Irqs{} to the "
                "constructor");
  static constexpr bool ok = true;
};
}  // namespace detail

/// Future of the next sample: Result<value (0..1023), adc::Error>. Destroying it before it
/// completes cancels it and loses no sample. Poll from tasks; must not outlive the driver.
class [[nodiscard]] SampleFuture {
 public:
  using Output = Result<std::uint16_t, Error>;

  SampleFuture(SampleFuture&&) noexcept = default;  // before the first poll only (WaitNode checks)
  SampleFuture& operator=(SampleFuture&&) = delete;
  ~SampleFuture();

  bool poll(Waker waker) noexcept;
  Output take() noexcept {
    if (overrun_) return Err{Error::Overrun};
    return Output(value_);
  }

 private:
  template <class, std::size_t>
  friend class ::mote::lm3s6965::Adc;
  explicit SampleFuture(detail::State* s) noexcept : s_(s) {}

  detail::State* s_;
  std::uint16_t value_ = 0;
  bool overrun_ = false;
  ::mote::detail::WaitNode node_;
};

}  // namespace adc

/// Timer-triggered sampling on ADC sequencer 0, paced by general-purpose timer `Timer` (Timer1,
/// Timer2 or Timer3), with a ring of `Samples` results (a power of two, 2 to 1024) in static
/// storage. Move-only; owns the ADC and the timer until destroyed. One per program (one ADC).
template <class Timer, std::size_t Samples = 16>
class Adc {
  static_assert(Samples >= 2 && Samples <= 1024 && (Samples & (Samples - 1)) == 0,
                "mote: Adc's ring size must be a power of two from 2 to 1024");

 public:
  /// Takes the ADC and the timer (their tokens), checks at compile time that `Irqs` binds
  /// adc0_seq0 to adc::InterruptHandler<Adc0>, and starts converting `config.channel` at
  /// `config.sample_rate_hz`. Panics if another driver owns the ADC or the timer, or the config
  /// is out of range. Thread mode, not ISR-safe.
  template <class Irqs>
  Adc(Adc0&& adc, Timer&& timer, const Irqs&, const adc::Config& config = {}) noexcept {
    static_assert(adc::detail::RequireBinding<Adc0, Irqs>::ok);
    static_cast<void>(adc);  // consumed: the driver stands for the ADC and the timer from now on
    static_cast<void>(timer);
    adc::detail::start(adc::detail::state, Timer::kIndex, Timer::kBase, ring_, Samples, config);
  }
  Adc(Adc&& o) noexcept : owner_(std::exchange(o.owner_, false)) {}
  Adc& operator=(Adc&&) = delete;
  Adc(const Adc&) = delete;
  /// Stops sampling (timer, sequencer, interrupt) and releases the ADC and the timer. Samples
  /// still buffered are dropped. Thread mode, not ISR-safe.
  ~Adc() {
    if (owner_) adc::detail::stop(adc::detail::state, Timer::kIndex);
  }

  /// The oldest sample not yet taken, waiting for the next conversion if there is none; or
  /// adc::Error::Overrun where samples were lost. Task context.
  adc::SampleFuture sample() noexcept { return adc::SampleFuture(&adc::detail::state); }

  /// Samples buffered and not taken yet. ISR-safe.
  std::size_t available() const noexcept {
    return critical_section([] { return static_cast<std::size_t>(state().head - state().tail); });
  }
  /// Conversions completed since the driver started (taken, buffered or dropped). ISR-safe.
  std::uint32_t conversions() const noexcept {
    return critical_section([] { return state().conversions; });
  }
  /// Conversions dropped since the driver started (ring full, or hardware FIFO overflow, which
  /// counts as one however many it lost). ISR-safe.
  std::uint32_t lost_samples() const noexcept {
    return critical_section([] { return state().lost; });
  }
  /// Size of the ring. ISR-safe.
  static constexpr std::size_t capacity() noexcept { return Samples; }

 private:
  static adc::detail::State& state() noexcept { return adc::detail::state; }

  alignas(4) static inline std::uint16_t ring_[Samples]{};
  bool owner_ = true;
};

static_assert(hal::Adc<Adc<Timer1>>);

}  // namespace mote::lm3s6965
