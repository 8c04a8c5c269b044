// LM3S6965 GPIO outputs (set-up, release, toggle) and inputs (set-up, release, the port
// interrupt's edge counting, the wait futures); the rest is inline in gpio.hpp.
#include "mote/lm3s6965/gpio.hpp"

#include <mote/platform/port.hpp>

#include "mote/cortex_m/nvic_priority.hpp"
#include "mote/critical_section.hpp"
#include "mote/lm3s6965/regs.hpp"
#include "mote/panic.hpp"

namespace mote::lm3s6965::gpio::detail {
namespace {

// Pins owned by an Output or an Input, one byte per port (A..G). Changed only inside critical
// sections.
std::uint8_t g_claimed[7] = {};

void claim(unsigned port, std::uint8_t mask) noexcept {
  const bool taken = critical_section([&] {
    const bool was = (g_claimed[port] & mask) != 0;
    g_claimed[port] = static_cast<std::uint8_t>(g_claimed[port] | mask);
    return was;
  });
  if (taken) MOTE_PANIC("lm3s6965 GPIO P{} pin mask {:04x} already has a driver", static_cast<char>('A' + port), mask);
}

}  // namespace

void output_start(unsigned port, std::uintptr_t base, std::uint8_t mask, Level initial) noexcept {
  claim(port, mask);

  using namespace gpio_regs;
  critical_section([&] {
    reg32(sysctl::kRcgc2) = reg32(sysctl::kRcgc2) | (1u << port);
    static_cast<void>(std::uint32_t{reg32(sysctl::kRcgc2)});  // a gated-on port needs a few cycles
    const std::uintptr_t data = base + (std::uintptr_t{mask} << 2);
    const std::uint32_t level = initial == Level::High ? 0xFFu : 0u;
    // The level goes in before and after the direction changes: whether the data register keeps
    // a write made while the pin is an input differs between models (QEMU's PL061 drops it), and
    // either way the pin starts at `initial` without a glitch where the latch does keep it.
    reg32(data) = level;
    reg32(base + kAfsel) = reg32(base + kAfsel) & ~std::uint32_t{mask};  // plain GPIO
    reg32(base + kDr2r) = reg32(base + kDr2r) | mask;                    // 2 mA: enough for an LED
    reg32(base + kDen) = reg32(base + kDen) | mask;
    reg32(base + kDir) = reg32(base + kDir) | mask;
    reg32(data) = level;
  });
}

void output_stop(unsigned port, std::uintptr_t base, std::uint8_t mask) noexcept {
  using namespace gpio_regs;
  critical_section([&] {
    reg32(base + kDir) = reg32(base + kDir) & ~std::uint32_t{mask};  // input: the reset state
    g_claimed[port] = static_cast<std::uint8_t>(g_claimed[port] & ~mask);
  });
}

void toggle(std::uintptr_t data) noexcept {
  critical_section([&] { reg32(data) = ~reg32(data); });  // only the masked pin is touched
}

}  // namespace mote::lm3s6965::gpio::detail

namespace mote::lm3s6965::gpio {
using namespace gpio_regs;

namespace detail {

void input_start(unsigned port, std::uintptr_t base, std::uint8_t mask, Pull pull, unsigned irq) noexcept {
  claim(port, mask);
  critical_section([&] {
    reg32(sysctl::kRcgc2) = reg32(sysctl::kRcgc2) | (1u << port);
    static_cast<void>(std::uint32_t{reg32(sysctl::kRcgc2)});  // a gated-on port needs a few cycles
    reg32(base + kIm) = reg32(base + kIm) & ~std::uint32_t{mask};  // no interrupt until a wait arms it
    reg32(base + kAfsel) = reg32(base + kAfsel) & ~std::uint32_t{mask};
    reg32(base + kDir) = reg32(base + kDir) & ~std::uint32_t{mask};
    reg32(base + kPur) = pull == Pull::Up ? (reg32(base + kPur) | mask) : (reg32(base + kPur) & ~std::uint32_t{mask});
    reg32(base + kPdr) = pull == Pull::Down ? (reg32(base + kPdr) | mask) : (reg32(base + kPdr) & ~std::uint32_t{mask});
    reg32(base + kIs) = reg32(base + kIs) & ~std::uint32_t{mask};   // edges, not levels
    reg32(base + kIbe) = reg32(base + kIbe) | mask;                  // both of them: the handler tells which
    reg32(base + kDen) = reg32(base + kDen) | mask;
    reg32(base + kIcr) = mask;
  });
  // The port's line stays enabled once an Input exists: a masked pin raises nothing.
  cortex_m::set_priority_level(irq, 1);
  cortex_m::nvic::enable(irq);
}

void input_stop(unsigned port, std::uintptr_t base, std::uint8_t mask) noexcept {
  critical_section([&] {
    reg32(base + kIm) = reg32(base + kIm) & ~std::uint32_t{mask};
    reg32(base + kIcr) = mask;
    g_claimed[port] = static_cast<std::uint8_t>(g_claimed[port] & ~mask);
  });
}

void on_interrupt(PortState& s, std::uintptr_t base) noexcept {
  const platform::CsState cs = platform::cs_enter();  // against futures on other priority levels
  const std::uint32_t fired = reg32(base + kMis) & 0xFFu;
  // Clear first, then read the levels: an edge after the clear raises the interrupt again, so
  // none is lost (a pulse that ends before the read counts as both edges).
  reg32(base + kIcr) = fired;
  const std::uint32_t level = reg32(base + kDataAll);
  for (unsigned pin = 0; pin < 8; ++pin) {
    const std::uint32_t m = 1u << pin;
    if ((fired & m) == 0) continue;
    const bool now = (level & m) != 0;
    const bool before = (s.last_level & m) != 0;
    if (now != before) {
      ++(now ? s.rising : s.falling)[pin];
    } else {  // two edges since the last look: up and down again (or down and up)
      ++s.rising[pin];
      ++s.falling[pin];
    }
  }
  s.last_level = static_cast<std::uint8_t>((s.last_level & ~fired) | (level & fired));
  if (fired != 0) s.waiters.wake_all();
  platform::cs_exit(cs);
}

}  // namespace detail

// Critical section held.
bool WaitFuture::met() const noexcept {
  const bool high = (reg32(base_ + kDataAll) & (1u << pin_)) != 0;
  const bool rose = s_->rising[pin_] != rising_;
  const bool fell = s_->falling[pin_] != falling_;
  switch (kind_) {
    case Kind::High: return high || rose;  // a pulse high that is already over counts too
    case Kind::Low: return !high || fell;
    case Kind::RisingEdge: return rose;
    case Kind::FallingEdge: return fell;
    case Kind::AnyEdge: return rose || fell;
  }
  return false;
}

// Critical section held.
void WaitFuture::disarm() noexcept {
  armed_ = false;
  const std::uint32_t m = 1u << pin_;
  if (--s_->armed[pin_] == 0) {
    reg32(base_ + kIm) = reg32(base_ + kIm) & ~m;
    reg32(base_ + kIcr) = m;
  }
}

bool WaitFuture::poll(Waker waker) noexcept {
  CriticalSection cs;
  if (done_) return true;
  if (!armed_) {
    const std::uint32_t m = 1u << pin_;
    if (s_->armed[pin_]++ == 0) {
      // First wait on the pin: forget edges from while nobody listened, note the level the
      // handler compares with, then unmask.
      reg32(base_ + kIcr) = m;
      s_->last_level = static_cast<std::uint8_t>((s_->last_level & ~m) | (reg32(base_ + kDataAll) & m));
      reg32(base_ + kIm) = reg32(base_ + kIm) | m;
    }
    armed_ = true;
    rising_ = s_->rising[pin_];
    falling_ = s_->falling[pin_];
  }
  if (met()) {
    s_->waiters.done(node_);
    disarm();
    done_ = true;
    return true;
  }
  s_->waiters.wait(node_, waker);
  return false;
}

WaitFuture::~WaitFuture() {
  if (!armed_) return;
  CriticalSection cs;
  s_->waiters.cancel(node_, false);  // every waiter is woken at each edge: nothing to pass on
  disarm();
}

}  // namespace mote::lm3s6965::gpio
