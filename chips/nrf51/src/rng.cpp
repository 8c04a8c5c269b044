// The nRF51 RNG driver (mote/nrf51/rng.hpp). What QEMU 7.2's model (hw/misc/nrf51_rng.c) does
// that the driver relies on: after TASKS_START a byte (from the host's entropy) is ready every
// period_unfiltered_us (167) or, with CONFIG.DERCEN, period_filtered_us (660) of virtual time,
// raising EVENTS_VALRDY and (with INTENSET) the interrupt until the event is cleared; TASKS_STOP
// stops it. The model keeps generating while VALRDY is still set (a byte not read is replaced).
#include "mote/nrf51/rng.hpp"

#include <utility>

#include <mote/platform/port.hpp>

#include "mote/cortex_m/nvic_priority.hpp"
#include "mote/critical_section.hpp"
#include "mote/nrf51/regs.hpp"
#include "mote/panic.hpp"

namespace mote::nrf51::rng {


void start(const Config& config) noexcept {
  State& s = instance;
  const bool taken = critical_section([&] { return std::exchange(s.claimed, true); });
  if (taken) MOTE_PANIC("nrf51 RNG already has a driver");
  cortex_m::nvic::disable(kIrq);
  reg32(kTasksStop) = 1;
  reg32(kIntenClr) = kIntenValRdy;
  reg32(kEventsValRdy) = 0;
  reg32(kConfig) = config.bias_correction ? kConfigDercen : 0u;
  critical_section([&] {
    s.running = false;
    s.head = s.count = 0;
  });
  reg32(kIntenSet) = kIntenValRdy;
  cortex_m::enable_at_level(kIrq, config.priority_level);
}

void stop() noexcept {
  State& s = instance;
  cortex_m::nvic::disable(kIrq);
  critical_section([&] {
    reg32(kTasksStop) = 1;
    reg32(kIntenClr) = kIntenValRdy;
    reg32(kEventsValRdy) = 0;
    s.running = false;
    s.claimed = false;
  });
  cortex_m::nvic::clear_pending(kIrq);
}

void on_interrupt() noexcept {
  State& s = instance;
  const platform::CsState cs = platform::cs_enter();
  s.interrupts = s.interrupts + 1;
  if (reg32(kEventsValRdy) != 0) {
    reg32(kEventsValRdy) = 0;
    const auto byte = static_cast<std::uint8_t>(reg32(kValue));
    if (s.count < kRingBytes) {
      s.ring[(s.head + s.count) % kRingBytes] = byte;
      s.count = static_cast<std::uint8_t>(s.count + 1);
    }
    if (s.count == kRingBytes) {  // nobody to take more: stop until a reader comes
      reg32(kTasksStop) = 1;
      s.running = false;
    }
    s.readers.wake_one();
  }
  static_cast<void>(reg32(kEventsValRdy));  // the clear reaches the RNG before the return
  platform::cs_exit(cs);
}

bool FillFuture::poll(Waker waker) noexcept {
  CriticalSection cs;
  State& s = instance;
  while (filled_ < out_.size() && s.count != 0) {
    out_[filled_++] = std::byte{s.ring[s.head]};
    s.head = static_cast<std::uint8_t>((s.head + 1) % kRingBytes);
    s.count = static_cast<std::uint8_t>(s.count - 1);
  }
  if (filled_ == out_.size()) {
    s.readers.done(node_);
    if (s.count != 0) s.readers.wake_one();  // bytes left for the next reader
    if (!s.running && s.count < kRingBytes) {  // refill the ring for the next fill
      s.running = true;
      reg32(kTasksStart) = 1;
    }
    return true;
  }
  if (!s.running) {
    s.running = true;
    reg32(kTasksStart) = 1;
  }
  s.readers.wait(node_, waker);
  return false;
}

FillFuture::~FillFuture() {
  if (node_.state == ::mote::detail::WaitNode::State::Idle) return;
  critical_section([&] { instance.readers.cancel(node_, true); });
}

}  // namespace mote::nrf51::rng
