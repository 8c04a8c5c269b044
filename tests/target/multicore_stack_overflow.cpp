// Firmware test (must fail; MOTE_MULTICORE boards): unbounded recursion on core 1's own main
// stack hits its limit (MSPLIM, set by start_core1) while core 0 keeps running: the fault report
// says "stack overflow" with the PC, printed from core 1 on a fresh core-1 stack.
#include <mote/mote.hpp>
#include <mote/multicore.hpp>

#include <cstdio>

namespace {

volatile unsigned g_depth = 0;

// Each level keeps 64 bytes live across the call, so that neither compiler turns it into a loop.
[[gnu::noinline]] unsigned recurse(unsigned n) noexcept {
  volatile std::uint32_t local[16];
  for (unsigned i = 0; i < 16; ++i) local[i] = n + i;
  g_depth = n;
  return recurse(n + 1) + local[n % 16];
}

void core1_main(mote::Spawner) {
  std::printf("core 1 recursing\n");
  std::printf("returned %u: no fault?\n", recurse(0));
}

}  // namespace

MOTE_MAIN(spawner) {
  mote::start_core1(core1_main);
  for (;;) co_await mote::Timer::after(mote::Duration::from_millis(1));  // core 0 stays busy
}
