// Firmware test: handing the processor from task to task never grows the stack.
//
// With symmetric transfer a suspending task returns the next task's handle from await_suspend,
// and the compiler must turn the resume into a tail call; where it does not (GCC 12 on
// Armv6-M, for one), every hand-over would leave a stack frame behind until the stack runs into
// the frame arena. Two tasks hand over 20,000 times (yields and channel hand-offs) and sample
// the stack pointer in a function they call: it may differ by a few words between the first
// entry (from the run loop) and later ones, but a leak of even one word per hand-over would
// show as 80,000 bytes.
#include <mote/mote.hpp>

#include <cstdint>
#include <cstdio>

namespace {
constexpr unsigned kRounds = 10000;

mote::Channel<unsigned, 1> g_channel;
std::uintptr_t g_first_sp = 0;
std::uintptr_t g_deepest_sp = UINTPTR_MAX;
unsigned g_samples = 0;
unsigned g_finished = 0;

[[gnu::noinline]] void sample_stack() {
  const auto sp = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
  if (g_samples++ == 0) g_first_sp = sp;
  if (sp < g_deepest_sp) g_deepest_sp = sp;
}

void finished() {
  if (++g_finished < 2) return;
  const std::uintptr_t growth = g_first_sp - g_deepest_sp;
  constexpr std::uintptr_t kSlack = 64;  // different entry paths, not growth
  std::printf("%u samples, stack %s (deepest %u bytes below the first sample)\n", g_samples,
              growth <= kSlack ? "bounded" : "GROWS", static_cast<unsigned>(growth));
  mote::exit(growth <= kSlack ? 0 : 1);
}
}  // namespace

MOTE_TASK(ping, 1) {
  for (unsigned i = 0; i < kRounds; ++i) {
    sample_stack();
    co_await mote::yield_now();
    co_await g_channel.send(i);
  }
  finished();
}

MOTE_TASK(pong, 1) {
  for (unsigned i = 0; i < kRounds; ++i) {
    sample_stack();
    co_await mote::yield_now();
    if (co_await g_channel.receive() != i) mote::exit(2);
  }
  finished();
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(ping());
  spawner.must_spawn(pong());
  co_return;
}
