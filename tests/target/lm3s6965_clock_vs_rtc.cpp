// The LM3S6965 clock keeps virtual time over long sleeps. mote's clock there is SysTick plus its
// wrap interrupt; QEMU 7.2 delivers a wrap that falls while the CPU sleeps one period late and
// merges it with the next, which once made twelve 1 s timers last 16 s. The reference here is
// independent of SysTick: GPTM 2 in RTC mode, a 1 Hz counter that QEMU lets software read.
// Raw registers on purpose: the test checks the time driver, not a driver API.
#include <cstdint>
#include <cstdio>

#include <mote/mote.hpp>

namespace {
volatile std::uint32_t& reg(std::uintptr_t a) { return *reinterpret_cast<volatile std::uint32_t*>(a); }
constexpr std::uintptr_t kRcgc1 = 0x400FE104, kTimer2 = 0x40032000;
constexpr std::uintptr_t kCfg = 0x00, kCtl = 0x0C, kMatch = 0x30, kValue = 0x48;

MOTE_TASK(compare_with_rtc, 1) {
  reg(kRcgc1) = reg(kRcgc1) | (1u << 18);  // Timer2's clock gate
  reg(kTimer2 + kCtl) = 0;
  reg(kTimer2 + kCfg) = 1;  // RTC mode: counts seconds
  reg(kTimer2 + kMatch) = 0xFFFFFFFF;
  reg(kTimer2 + kCtl) = 1;
  const mote::Instant start = mote::Instant::now();
  bool ok = true;
  for (int i = 1; i <= 6; ++i) {
    co_await mote::Timer::after(mote::Duration::from_secs(1));
    const auto clock_ms = (mote::Instant::now() - start).as_millis();
    const std::uint32_t rtc_s = reg(kTimer2 + kValue);
    std::printf("clock %lu ms, rtc %lu s\n", static_cast<unsigned long>(clock_ms), static_cast<unsigned long>(rtc_s));
    ok = ok && rtc_s == static_cast<std::uint32_t>(i) && clock_ms == static_cast<std::uint64_t>(i) * 1000;
  }
  std::printf("%s\n", ok ? "clock and rtc agree" : "clock and rtc DISAGREE");
  mote::exit(ok ? 0 : 1);
}
}  // namespace

MOTE_MAIN(spawner) {
  spawner.must_spawn(compare_with_rtc());
  co_return;
}
