// Firmware test (Cortex-M): the 64-bit SysTick clock stays monotonic across a wrap of its 24-bit
// counter, also while interrupts are masked so that the wrap interrupt cannot run (the reader
// must then count the pending wrap itself), and when that interrupt finally runs.
#include <mote/cortex_m.hpp>
#include <mote/cortex_m/systick_clock.hpp>
#include <mote/mote.hpp>

#include <cstdio>

namespace {

constexpr std::uint64_t kPeriod = std::uint64_t{1} << 24;  // cycles between SysTick wraps
constexpr std::uint64_t kMargin = 100000;                   // cycles on each side of the wrap
constexpr std::uint64_t kMaxStep = 1000;                    // a reading loop takes a few cycles

struct Check {
  std::uint64_t prev;
  std::uint64_t max_step = 0;
  bool monotonic = true;

  void see(std::uint64_t now) noexcept {
    if (now < prev) monotonic = false;
    if (now - prev > max_step) max_step = now - prev;
    prev = now;
  }
};

}  // namespace

MOTE_TASK(check, 1) {
  using mote::cortex_m::systick_clock_now;
  // Where the time driver runs on other timers, SysTick is off: start the clock here. (Where it
  // is the time base it runs already, and restarting it would disturb that.)
  if ((mote::cortex_m::reg32(mote::cortex_m::systick::kCsr) & mote::cortex_m::systick::kCsrEnable) == 0) {
    mote::cortex_m::systick_clock_start();
  }
  const std::uint64_t start = systick_clock_now();
  const std::uint64_t wrap = (start / kPeriod + 1) * kPeriod;  // the next wrap, in cycles
  Check c{start};
  while (c.prev < wrap - kMargin) c.see(systick_clock_now());

  // Across the wrap with interrupts masked: SysTick's handler stays pending throughout.
  const mote::platform::CsState cs = mote::platform::cs_enter();
  const std::uint64_t masked_from = c.prev;
  while (c.prev < wrap + kMargin) c.see(systick_clock_now());
  const std::uint64_t masked_to = c.prev;
  mote::platform::cs_exit(cs);  // the handler runs here and adds the period to its base

  const std::uint64_t until = c.prev + kMargin;
  while (c.prev < until) c.see(systick_clock_now());

  const bool crossed = masked_from < wrap && masked_to >= wrap;
  const bool ok = c.monotonic && c.max_step <= kMaxStep && crossed;
  std::printf("wrap at cycle %lu crossed with interrupts masked: %s; %s, largest step %lu cycles\n",
              static_cast<unsigned long>(wrap), crossed ? "yes" : "no", c.monotonic ? "monotonic" : "WENT BACK",
              static_cast<unsigned long>(c.max_step));
  std::printf("%s\n", ok ? "ok" : "FAILED");
  mote::exit(ok ? 0 : 1);
  co_return;
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(check());
  co_return;
}
