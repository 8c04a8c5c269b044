// The PL081 copy engine's non-template part: set-up, the interrupt, a copy's transfers and its
// cancellation (mote/pl081/dma.hpp describes the design).
#include "mote/pl081/dma.hpp"

#include <mote/platform/port.hpp>

#include "mote/cortex_m.hpp"
#include "mote/cortex_m/nvic_priority.hpp"
#include "mote/critical_section.hpp"
#include "mote/panic.hpp"
#include "mote/pl081/regs.hpp"

namespace mote::pl081::dma {
using namespace regs;
using cortex_m::reg32;

namespace detail {
namespace {

constexpr std::uintptr_t kCh0 = kChannel0;  // the channel copies use
constexpr std::uint32_t kCh0Bit = 1u << 0;
// From here up the Cortex-M memory map is the core's own (private peripheral bus, vendor
// system region): not on the bus the controller masters.
constexpr std::uintptr_t kUnreachableFrom = 0xE0000000;
// Bounded wait for a halted channel to drain its FIFO (a few bus cycles on hardware; QEMU
// copies at once and never shows it active).
constexpr unsigned kDrainSpins = 1000;

bool reachable(const void* p, std::size_t n) noexcept {
  const auto a = reinterpret_cast<std::uintptr_t>(p);
  return a < kUnreachableFrom && n <= kUnreachableFrom - a;
}

// Halts channel 0, lets it finish what is in its FIFO, disables it and forgets its interrupts.
// Critical section held.
void stop_channel(std::uintptr_t base) noexcept {
  const std::uintptr_t config = base + kCh0 + kChConfig;
  reg32(config) = reg32(config) | kConfigH;  // no more requests taken
  for (unsigned i = 0; i < kDrainSpins && (reg32(config) & kConfigA) != 0; ++i) {
  }
  reg32(config) = reg32(config) & ~(kConfigE | kConfigH | kConfigItc | kConfigIe);
  reg32(base + kIntTcClear) = kCh0Bit;
  reg32(base + kIntErrClr) = kCh0Bit;
}

}  // namespace

void on_interrupt(State& s) noexcept {
  CriticalSection cs;
  const std::uint32_t errors = reg32(s.base + kIntErrorStatus);
  const std::uint32_t tc = reg32(s.base + kIntTcStatus);
  if ((errors & kCh0Bit) != 0) {
    stop_channel(s.base);  // the hardware disables it too; make sure, and clear both flags
    if (s.running) {
      s.error = static_cast<std::int8_t>(hal::DmaError::Bus);
      s.done = true;
    }
  } else if ((tc & kCh0Bit) != 0) {
    reg32(s.base + kIntTcClear) = kCh0Bit;
    if (s.running) s.done = true;
  }
  if (s.done) s.waker.wake();
}

void start(State& s, std::uintptr_t base, unsigned irq, const Config& config) noexcept {
  if (critical_section([&] { return std::exchange(s.claimed, true); })) {
    MOTE_PANIC("PL081 DMA controller at {:010x} already has a driver", static_cast<unsigned long>(base));
  }
  cortex_m::nvic::disable(irq);
  critical_section([&] {
    s.base = base;
    s.irq = irq;
    s.turn.reset();
    s.running = s.done = false;
    s.error = -1;
    stop_channel(base);  // whatever a previous program left running
  });
  reg32(base + kConfiguration) = kConfigurationEnable;
  cortex_m::set_priority_level(irq, config.priority_level);
  cortex_m::nvic::clear_pending(irq);
  cortex_m::nvic::enable(irq);
}

void stop(State& s) noexcept {
  cortex_m::nvic::disable(s.irq);
  critical_section([&] {
    stop_channel(s.base);
    s.claimed = false;
  });
  reg32(s.base + kConfiguration) = 0;
}

bool channel_enabled(std::uintptr_t base) noexcept { return (reg32(base + kEnbldChns) & kCh0Bit) != 0; }

}  // namespace detail

CopyFuture::CopyFuture(detail::State* s, std::span<std::byte> to, std::span<const std::byte> from) noexcept
    : s_(s), to_(to.data()), from_(from.data()), remaining_(to.size()) {
  // Bad input ends the copy here, before it queues: nothing moves.
  if (to.size() != from.size()) {
    error_ = static_cast<std::int8_t>(hal::DmaError::SizeMismatch);
    finished_ = true;
  } else if (!detail::reachable(to.data(), to.size()) || !detail::reachable(from.data(), from.size())) {
    error_ = static_cast<std::int8_t>(hal::DmaError::Unaligned);
    finished_ = true;
  } else if (to.empty()) {
    finished_ = true;
  }
}

// Programs the next transfer of at most 4095 items on channel 0. Critical section held.
void CopyFuture::start_transfer() noexcept {
  const auto addresses = reinterpret_cast<std::uintptr_t>(to_) | reinterpret_cast<std::uintptr_t>(from_);
  unsigned width = (addresses & 3) == 0 ? 2 : (addresses & 1) == 0 ? 1 : 0;  // log2 of the item size
  while (width > 0 && (remaining_ >> width) == 0) --width;  // a tail shorter than one item
  std::size_t items = remaining_ >> width;
  if (items > kMaxItems) items = kMaxItems;
  chunk_ = items << width;

  detail::State& s = *s_;
  const std::uintptr_t ch = s.base + kChannel0;
  reg32(s.base + kIntTcClear) = 1;
  reg32(s.base + kIntErrClr) = 1;
  reg32(ch + kChSrcAddr) = static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(from_));
  reg32(ch + kChDestAddr) = static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(to_));
  reg32(ch + kChLli) = 0;
  reg32(ch + kChControl) = static_cast<std::uint32_t>(items) | (1u << kControlSbSizeShift) | (1u << kControlDbSizeShift) |
                           (width << kControlSWidthShift) | (width << kControlDWidthShift) | kControlSi | kControlDi |
                           kControlProtPrivileged | kControlI;
  s.running = true;
  s.done = false;
  s.error = -1;
  // The CPU's writes to the source (and its reads of the destination) are complete before the
  // controller starts: it is another bus master.
  __asm volatile("dsb" ::: "memory");
  reg32(ch + kChConfig) = kConfigE | kConfigIe | kConfigItc;  // memory to memory (flow 0)
  // No effect on the hardware (clears no flag). QEMU 7.2's model runs the whole transfer inside
  // the write above but updates its interrupt outputs only on writes to the controller's own
  // registers, so without this the terminal count would never reach the NVIC there.
  reg32(s.base + kIntTcClear) = 0;
}

bool CopyFuture::poll(Waker waker) noexcept {
  if (finished_) return true;
  CriticalSection cs;
  detail::State& s = *s_;
  if (!started_) {
    if (!s.turn.try_take(this, node_, waker)) return false;  // another copy runs: queued
    started_ = true;
    s.waker = waker;
    start_transfer();
    return false;
  }
  s.waker = waker;
  if (!s.done) return false;
  s.done = false;
  s.running = false;
  __asm volatile("dsb" ::: "memory");  // the controller's writes before the task reads them
  if (s.error >= 0) {
    error_ = s.error;
  } else {
    to_ += chunk_;
    from_ += chunk_;
    remaining_ -= chunk_;
    if (remaining_ != 0) {
      start_transfer();
      return false;
    }
  }
  finished_ = true;
  s.turn.release();
  return true;
}

CopyFuture::~CopyFuture() {
  if (!started_) {
    critical_section([&] { s_->turn.leave(node_); });
    return;
  }
  if (finished_) return;
  CriticalSection cs;
  detail::State& s = *s_;
  if (s.running) {
    // Stopped before the destructor returns: the controller never writes to `to_` afterwards.
    detail::stop_channel(s.base);
    s.running = false;
    cortex_m::nvic::clear_pending(s.irq);
  }
  s.done = false;
  s.turn.release();
}

}  // namespace mote::pl081::dma
