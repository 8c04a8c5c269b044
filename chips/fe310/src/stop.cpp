// How an FE310 image without semihosting stops (mote::riscv::chip_stop): a system reset through
// the always-on (AON) watchdog, the chip's only software reset (FE310-G002 manual, chapter
// "Watchdog Timer"): unlock, compare value 1, reset enabled, counting always; it fires on the
// next 32 kHz low-frequency clock tick or so. QEMU 7.2 does not emulate the AON block (its
// writes are ignored), so there the port's halt follows.
#include "mote/riscv.hpp"

namespace mote::riscv {
namespace {
constexpr std::uintptr_t kAon = 0x10000000;
constexpr std::uintptr_t kWdogCfg = kAon + 0x00;
constexpr std::uintptr_t kWdogCount = kAon + 0x08;
constexpr std::uintptr_t kWdogKey = kAon + 0x1C;
constexpr std::uintptr_t kWdogCmp = kAon + 0x20;
constexpr std::uint32_t kKeyUnlock = 0x51F15E;  // each write to a watchdog register needs it first
constexpr std::uint32_t kCfgResetEnable = 1u << 8;
constexpr std::uint32_t kCfgEnableAlways = 1u << 12;
}  // namespace

void chip_stop(bool) noexcept {  // no status: a reset
  reg32(kWdogKey) = kKeyUnlock;
  reg32(kWdogCfg) = 0;  // stopped, scale 0, while it is set up
  reg32(kWdogKey) = kKeyUnlock;
  reg32(kWdogCount) = 0;
  reg32(kWdogKey) = kKeyUnlock;
  reg32(kWdogCmp) = 1;
  reg32(kWdogKey) = kKeyUnlock;
  reg32(kWdogCfg) = kCfgResetEnable | kCfgEnableAlways;
  for (int i = 0; i < 100000; ++i) __asm volatile("nop");  // a few 32 kHz ticks at most
}

}  // namespace mote::riscv
