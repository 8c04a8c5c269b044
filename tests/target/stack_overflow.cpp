// Firmware test (must fail): unbounded recursion on the main stack (a task's body runs on it)
// hits the MPU guard at the stack's bottom (MOTE_STACK_GUARD) before it reaches the frame arena
// below: the fault report says "stack overflow" and the program stops with a failure status.
// Before that, the memory report shows the painted stack's high-water mark.
#include <mote/mote.hpp>

#include <cstdio>

namespace {

volatile unsigned g_depth = 0;
volatile std::uint32_t g_arena_canary = 0;

// Each level keeps 64 bytes live across the call, so that neither compiler turns it into a loop.
[[gnu::noinline]] unsigned recurse(unsigned n) noexcept {
  volatile std::uint32_t local[16];
  for (unsigned i = 0; i < 16; ++i) local[i] = n + i;
  g_depth = n;
  return recurse(n + 1) + local[n % 16];
}

}  // namespace

MOTE_TASK(overflow, 1) {
  mote::memory_report();
  std::printf("recursing\n");
  std::printf("returned %u: no fault?\n", recurse(0));
  mote::exit(0);
  co_return;
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(overflow());
  co_return;
}
