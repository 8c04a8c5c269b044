// The nRF51 TIMER1/TIMER2 delay driver (mote/nrf51/timer.hpp). What QEMU 7.2's model
// (hw/timer/nrf51_timer.c) does that the driver relies on: the counter advances with virtual
// time at 16 MHz >> PRESCALER, wraps at the BITMODE width, TASKS_CAPTURE[n] copies the up-to-date
// counter into CC[n], and EVENTS_COMPARE[n] is raised when the counter passes CC[n] (also for a
// channel whose interrupt is masked, which is harmless: only enabled ones interrupt).
#include "mote/nrf51/timer.hpp"

#include <utility>

#include <mote/platform/port.hpp>

#include "mote/cortex_m/nvic_priority.hpp"
#include "mote/critical_section.hpp"
#include "mote/nrf51/regs.hpp"
#include "mote/panic.hpp"

namespace mote::nrf51::timer {
namespace {

constexpr unsigned kReadChannel = 3;  // CC[3]: where the driver captures the counter
constexpr std::uint32_t kMask16 = 0xFFFF;

std::uint32_t capture(const State& s) noexcept {
  reg32(s.base + tasks_capture(kReadChannel)) = 1;
  return reg32(s.base + cc(kReadChannel));
}

// Frees channel `ch`: masked, event cleared; the counter stops when no delay is left, and a
// delay waiting for a channel gets its turn. Critical section held.
void release(State& s, unsigned ch) noexcept {
  reg32(s.base + kIntenClr) = inten_compare(ch);
  reg32(s.base + events_compare(ch)) = 0;
  s.in_use = static_cast<std::uint8_t>(s.in_use & ~(1u << ch));
  s.fired = static_cast<std::uint8_t>(s.fired & ~(1u << ch));
  s.wakers[ch] = Waker{};
  if (s.in_use == 0) reg32(s.base + kTasksStop) = 1;
  s.waiters.wake_one();
}

}  // namespace

void start(State& s, std::uintptr_t base, unsigned irq, const Config& config) noexcept {
  const bool taken = critical_section([&] { return std::exchange(s.claimed, true); });
  if (taken) MOTE_PANIC("nrf51 TIMER at {:010x} already has a driver", static_cast<unsigned long>(base));
  unsigned prescaler = 0;
  while (prescaler <= kMaxPrescaler && (kClockHz >> prescaler) != config.frequency_hz) ++prescaler;
  if (prescaler > kMaxPrescaler || (kClockHz >> prescaler << prescaler) != kClockHz) {
    MOTE_PANIC("nrf51 TIMER: {} Hz is not 16 MHz / 2^n (n = 0..9)", static_cast<unsigned long>(config.frequency_hz));
  }
  cortex_m::nvic::disable(irq);
  reg32(base + kTasksStop) = 1;
  reg32(base + kIntenClr) = inten_compare(0) | inten_compare(1) | inten_compare(2) | inten_compare(3);
  reg32(base + kMode) = kModeTimer;
  reg32(base + kBitmode) = kBitmode16;
  reg32(base + kPrescaler) = prescaler;
  reg32(base + kTasksClear) = 1;
  for (unsigned ch = 0; ch < 4; ++ch) reg32(base + events_compare(ch)) = 0;
  critical_section([&] {
    s.base = base;
    s.hz = config.frequency_hz;
    s.in_use = 0;
    s.fired = 0;
  });
  cortex_m::enable_at_level(irq, config.priority_level);
}

void stop(State& s, unsigned irq) noexcept {
  cortex_m::nvic::disable(irq);
  critical_section([&] {
    reg32(s.base + kTasksStop) = 1;
    reg32(s.base + kIntenClr) = inten_compare(0) | inten_compare(1) | inten_compare(2);
    s.in_use = 0;
    s.claimed = false;
  });
  cortex_m::nvic::clear_pending(irq);
}

void on_interrupt(State& s) noexcept {
  const platform::CsState cs = platform::cs_enter();
  s.interrupts = s.interrupts + 1;
  for (unsigned ch = 0; ch < kChannels; ++ch) {
    const std::uint32_t bit = inten_compare(ch);
    if ((s.in_use & (1u << ch)) == 0 || reg32(s.base + events_compare(ch)) == 0) continue;
    reg32(s.base + events_compare(ch)) = 0;
    reg32(s.base + kIntenClr) = bit;
    s.fired = static_cast<std::uint8_t>(s.fired | (1u << ch));
    s.wakers[ch].wake();
  }
  // Read back: the clears must reach the TIMER before the handler returns, or its still-high
  // line pends the interrupt again.
  static_cast<void>(reg32(s.base + kIntenSet));
  platform::cs_exit(cs);
}

bool DelayFuture::arm(Waker waker) noexcept {
  State& s = *s_;
  const unsigned ch = static_cast<unsigned>(channel_);
  chunk_ = remaining_ < kMaxChunk ? static_cast<std::uint32_t>(remaining_) : kMaxChunk;
  s.wakers[ch] = waker;
  const std::uint32_t from = capture(s);
  reg32(s.base + events_compare(ch)) = 0;
  reg32(s.base + cc(ch)) = (from + chunk_) & kMask16;
  reg32(s.base + kIntenSet) = inten_compare(ch);
  // If the counter already passed the compare value while it was being set, no event comes
  // before the next wrap: take the chunk as done now.
  if (((capture(s) - from) & kMask16) >= chunk_) {
    reg32(s.base + kIntenClr) = inten_compare(ch);
    reg32(s.base + events_compare(ch)) = 0;
    return true;
  }
  return false;
}

bool DelayFuture::poll(Waker waker) noexcept {
  CriticalSection cs;
  State& s = *s_;
  if (channel_ < 0) {
    if (remaining_ == 0) return true;
    unsigned ch = 0;
    while (ch < kChannels && (s.in_use & (1u << ch)) != 0) ++ch;
    if (ch == kChannels) {  // three delays already run: wait for one to end
      s.waiters.wait(node_, waker);
      return false;
    }
    s.waiters.done(node_);
    if (s.in_use == 0) reg32(s.base + kTasksStart) = 1;
    s.in_use = static_cast<std::uint8_t>(s.in_use | (1u << ch));
    channel_ = static_cast<int>(ch);
    if (!arm(waker)) return false;
    s.fired = static_cast<std::uint8_t>(s.fired | (1u << ch));
  }
  const unsigned ch = static_cast<unsigned>(channel_);
  while ((s.fired & (1u << ch)) != 0) {
    s.fired = static_cast<std::uint8_t>(s.fired & ~(1u << ch));
    remaining_ -= chunk_;
    if (remaining_ == 0) {
      release(s, ch);
      channel_ = -1;
      return true;
    }
    if (arm(waker)) s.fired = static_cast<std::uint8_t>(s.fired | (1u << ch));
  }
  s.wakers[ch] = waker;
  return false;
}

DelayFuture::~DelayFuture() {
  critical_section([&] {
    if (channel_ >= 0) release(*s_, static_cast<unsigned>(channel_));
    if (node_.state != ::mote::detail::WaitNode::State::Idle) s_->waiters.cancel(node_, true);
  });
}

}  // namespace mote::nrf51::timer
