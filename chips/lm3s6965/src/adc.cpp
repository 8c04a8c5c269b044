// The LM3S6965 ADC driver's non-template part: set-up, the completion interrupt, the future.
//
// Sequencer 0 runs a one-step sequence (the chosen input, END0 | IE0) each time the trigger timer
// times out (EMUX EM0 = timer, GPTMCTL TAOTE). The completion interrupt drains the sequencer's
// FIFO into the ring. Loss is recorded as one gap at the position in the sample stream where it
// happened; while that gap is unreported nothing more is stored, so everything after the gap is
// contiguous again and the reader sees: older samples, Overrun, newer samples.
#include "mote/lm3s6965/adc.hpp"

#include <mote/platform/port.hpp>

#include "mote/cortex_m.hpp"
#include "mote/cortex_m/nvic_priority.hpp"
#include "mote/lm3s6965/lm3s6965.hpp"
#include "mote/lm3s6965/regs.hpp"
#include "mote/panic.hpp"

namespace mote::lm3s6965::adc {
using namespace adc_regs;  // register offsets and bits (regs.hpp)

namespace detail {
namespace {

constexpr std::uintptr_t kAdc = Adc0::kBase;
constexpr unsigned kIrq = Adc0::Interrupt::number;
// The converter's speed after reset (RCGC0 MAXADCSPD = 0): 125 000 conversions per second.
constexpr std::uint32_t kMaxRateHz = 125'000;
// Sequencer 0's FIFO holds 8 results on the chip, 16 in QEMU's model: drain at most 16 at a time.
constexpr unsigned kFifoEntriesMax = 16;

std::uint8_t g_timers_claimed = 0;  // bit n: Timer n has a driver. Critical sections only.

// Whether sequencer 0's FIFO holds nothing, from its status (SSFSTAT0). EMPTY alone is not
// enough under QEMU 7.2: its model forgets to set EMPTY when the tail pointer wraps from 15 to 0,
// and reading on would return stale entries until the next conversion arrives (seen as millions
// of bogus samples). Equal head and tail pointers without FULL mean empty on the chip as well.
bool fifo_empty(std::uint32_t status) noexcept {
  if ((status & kSsfstatEmpty) != 0) return true;
  const bool pointers_equal = ((status >> kSsfstatHeadShift) & 0xFu) == (status & kSsfstatTailMask);
  return pointers_equal && (status & kSsfstatFull) == 0;
}

// Records lost conversions. A new gap starts at the current end of the ring; while one waits to
// be reported, further losses belong to it. Called with the critical section held.
void note_loss(State& s, std::uint32_t count) noexcept {
  if (!s.gap) {
    s.gap = true;
    s.gap_at = s.head;
  }
  s.lost += count;
}

}  // namespace

void start(State& s, unsigned timer_index, std::uintptr_t timer_base, std::uint16_t* ring,
           std::uint32_t ring_samples, const Config& config) noexcept {
  const unsigned taken = critical_section([&] {
    const unsigned t = (s.claimed ? 1u : 0u) | ((g_timers_claimed >> timer_index) & 1u ? 2u : 0u);
    if (t == 0) {
      s.claimed = true;
      g_timers_claimed = static_cast<std::uint8_t>(g_timers_claimed | (1u << timer_index));
    }
    return t;
  });
  if ((taken & 1u) != 0) MOTE_PANIC("lm3s6965 ADC already has a driver");
  if (taken != 0) MOTE_PANIC("lm3s6965 Timer{} already has a driver", timer_index);
  if (config.sample_rate_hz == 0 || config.sample_rate_hz > kMaxRateHz) {
    MOTE_PANIC("lm3s6965 ADC: sample rate {} Hz out of range (1..{})", static_cast<unsigned long>(config.sample_rate_hz),
                static_cast<unsigned long>(kMaxRateHz));
  }
  if (config.channel > 3) MOTE_PANIC("lm3s6965 ADC: no input AIN{} (AIN0..AIN3)", static_cast<unsigned>(config.channel));

  // Clocks for the converter and the timer; a gated-on block needs a few cycles before use.
  reg32(sysctl::kRcgc0) = reg32(sysctl::kRcgc0) | sysctl::kRcgc0Adc;
  reg32(sysctl::kRcgc1) = reg32(sysctl::kRcgc1) | (1u << (sysctl::kRcgc1TimerShift + timer_index));
  static_cast<void>(std::uint32_t{reg32(sysctl::kRcgc1)});

  // Sequencer 0 is programmed while disabled (data sheet order): trigger, input, step control.
  cortex_m::nvic::disable(kIrq);
  reg32(kAdc + kActss) = reg32(kAdc + kActss) & ~kSs0;
  // The driver owns the whole converter, so the other sequencers' triggers go back to "processor"
  // (0). QEMU 7.2 needs that: it compares 8 bits of EMUX, EM0 and EM1, with the timer's code.
  reg32(kAdc + kEmux) = kEmuxTimer0;
  reg32(kAdc + kSsmux0) = config.channel;
  reg32(kAdc + kSsctl0) = kSsctlEnd0 | kSsctlIe0;  // one step: convert, end, interrupt
  for (unsigned i = 0; i < kFifoEntriesMax && !fifo_empty(reg32(kAdc + kSsfstat0)); ++i) {
    static_cast<void>(std::uint32_t{reg32(kAdc + kSsfifo0)});  // results of an earlier owner
  }
  reg32(kAdc + kOstat) = kSs0;
  reg32(kAdc + kUstat) = kSs0;
  reg32(kAdc + kIsc) = kSs0;
  critical_section([&] {
    s.ring = ring;
    s.ring_mask = ring_samples - 1;
    s.head = s.tail = s.gap_at = 0;
    s.conversions = s.lost = 0;
    s.gap = false;
    s.timer_base = timer_base;
  });
  reg32(kAdc + kIm) = reg32(kAdc + kIm) | kSs0;
  reg32(kAdc + kActss) = reg32(kAdc + kActss) | kSs0;
  cortex_m::set_priority_level(kIrq, config.priority_level);
  cortex_m::nvic::clear_pending(kIrq);
  cortex_m::nvic::enable(kIrq);

  // The timer: 32-bit periodic, no interrupt of its own, its time-out triggers the converter.
  // A period of N cycles is a load value of N - 1 (the counter runs from the load to 0).
  const std::uint32_t cycles = (kSystemClockHz + config.sample_rate_hz / 2) / config.sample_rate_hz;
  reg32(timer_base + gptm::kCtl) = 0;
  reg32(timer_base + gptm::kCfg) = gptm::kCfg32Bit;
  reg32(timer_base + gptm::kTamr) = gptm::kTamrPeriodic;
  reg32(timer_base + gptm::kTailr) = cycles - 1;
  reg32(timer_base + gptm::kImr) = 0;
  reg32(timer_base + gptm::kIcr) = gptm::kTaTimeout;
  reg32(timer_base + gptm::kCtl) = gptm::kCtlTaEn | gptm::kCtlTaStall | gptm::kCtlTaOte;
}

void stop(State& s, unsigned timer_index) noexcept {
  reg32(s.timer_base + gptm::kCtl) = 0;  // no more triggers
  cortex_m::nvic::disable(kIrq);
  critical_section([&] {
    reg32(kAdc + kIm) = reg32(kAdc + kIm) & ~kSs0;
    reg32(kAdc + kActss) = reg32(kAdc + kActss) & ~kSs0;
    s.claimed = false;  // the ring and the counters stay: a late poll finds a consistent state
    g_timers_claimed = static_cast<std::uint8_t>(g_timers_claimed & ~(1u << timer_index));
  });
  cortex_m::nvic::clear_pending(kIrq);
}

void on_interrupt(State& s) noexcept {
  if (s.ring == nullptr) return;  // bound but never started: nothing is enabled
  // Clear before draining: a conversion finishing during the drain raises the interrupt again.
  reg32(kAdc + kIsc) = kSs0;
  const platform::CsState cs = platform::cs_enter();  // against futures on other priority levels
  // A conversion that found the FIFO full was discarded by the hardware: the results still in the
  // FIFO came before it, so the gap goes after them (one lost, at least; the count is unknown).
  const bool overflowed = (reg32(kAdc + kOstat) & kSs0) != 0;
  if (overflowed) reg32(kAdc + kOstat) = kSs0;
  bool stored = false;
  // At most one FIFO's worth: whatever the FIFO status claims, the handler always ends (a
  // conversion finishing meanwhile raises the interrupt again, since it was cleared above).
  for (unsigned i = 0; i < kFifoEntriesMax && !fifo_empty(reg32(kAdc + kSsfstat0)); ++i) {
    const auto value = static_cast<std::uint16_t>(reg32(kAdc + kSsfifo0) & kFifoDataMask);
    ++s.conversions;
    if (s.gap || s.head - s.tail > s.ring_mask) {
      note_loss(s, 1);  // the reader has not caught up: drop this one into the gap
      continue;
    }
    s.ring[s.head & s.ring_mask] = value;
    ++s.head;
    stored = true;
  }
  if (overflowed) note_loss(s, 1);
  if (stored || s.gap) s.waiters.wake_one();
  platform::cs_exit(cs);
}

}  // namespace detail

// ---- SampleFuture ------------------------------------------------------------------------------

bool SampleFuture::poll(Waker waker) noexcept {
  CriticalSection cs;
  detail::State& s = *s_;
  if (s.gap && s.tail == s.gap_at) {
    // Every sample from before the loss has been taken: report the gap, then resume storing.
    s.gap = false;
    overrun_ = true;
  } else if (s.head != s.tail) {
    value_ = s.ring[s.tail & s.ring_mask];
    ++s.tail;
  } else {
    s.waiters.wait(node_, waker);
    return false;
  }
  s.waiters.done(node_);
  // The handler woke one waiter per interrupt; if more is there, the next waiter may take it.
  if (s.head != s.tail || s.gap) s.waiters.wake_one();
  return true;
}

SampleFuture::~SampleFuture() {
  if (node_.state == ::mote::detail::WaitNode::State::Idle) return;
  critical_section([&] { s_->waiters.cancel(node_, s_->head != s_->tail || s_->gap); });
}

}  // namespace mote::lm3s6965::adc
