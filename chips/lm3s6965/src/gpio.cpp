// LM3S6965 GPIO outputs: set-up, release and toggle (the rest is inline in gpio.hpp).
#include "mote/lm3s6965/gpio.hpp"

#include "mote/critical_section.hpp"
#include "mote/lm3s6965/regs.hpp"
#include "mote/panic.hpp"

namespace mote::lm3s6965::gpio::detail {
namespace {

// Pins owned by an Output, one byte per port (A..G). Changed only inside critical sections.
std::uint8_t g_claimed[7] = {};

}  // namespace

void output_start(unsigned port, std::uintptr_t base, std::uint8_t mask, Level initial) noexcept {
  const bool taken = critical_section([&] {
    const bool was = (g_claimed[port] & mask) != 0;
    g_claimed[port] = static_cast<std::uint8_t>(g_claimed[port] | mask);
    return was;
  });
  if (taken) mote::panic("lm3s6965 GPIO P%c pin mask 0x%02x already has a driver", 'A' + static_cast<int>(port), mask);

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
