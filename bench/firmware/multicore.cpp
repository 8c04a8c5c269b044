// Firmware benchmark (boards with MOTE_MULTICORE: mps2-an521): what a cross-core wake costs, in
// instructions counted by bench/plugin/bench_plugin.c (loaded with -plugin; it counts every
// core's instructions, in one sum). Run: the bench-multicore target.
//
// 1. wake 0->1: a task on core 0 signals a Signal a task on core 1 waits on; the window runs
//    from just before signal() on core 0 to the woken task's first instruction after its await
//    on core 1. In between: core 0's signal (the cross-core critical section, the run-queue
//    push, the doorbell write), core 0 going on to await the answer and sleeping in WFI, then
//    core 1's WFI ending, its doorbell interrupt, its executor taking the task and resuming it.
//    (QEMU runs the cores in turns and switches when one halts, so core 0's path to its WFI is
//    inside the window; on silicon the two run at once and the wake alone is shorter.)
// 2. wake 1->0: the same the other way round.
// 3. local wake, for comparison: core 0 signals a task on core 0 and awaits its answer; window
//    from signal() to the woken task's first instruction.
#include <mote/mote.hpp>
#include <mote/multicore.hpp>

#include <cstdio>

#define BENCH_BEGIN() __asm volatile("mov r10, r10" ::: "memory")
#define BENCH_END() __asm volatile("mov r11, r11" ::: "memory")
#define BENCH_REPORT() __asm volatile("mov r12, r12" ::: "memory")

namespace {

constexpr unsigned kRounds = 200;
unsigned g_group = 0;

void report(const char* name) noexcept {
  std::printf("bench %u %s\n", ++g_group, name);
  std::fflush(stdout);
  BENCH_REPORT();
}

mote::Signal<unsigned> g_to_core1, g_to_core0, g_local, g_answer;

MOTE_TASK(core1_echo, 1) {
  for (;;) {
    const unsigned v = co_await g_to_core1.wait();
    BENCH_END();  // 1: woken on core 1
    if (v >= kRounds) {
      // Part 2: core 1 starts the window, core 0's task ends it.
      for (unsigned i = 0; i < kRounds; ++i) {
        BENCH_BEGIN();
        g_to_core0.signal(i);
        co_await g_to_core1.wait();
      }
      co_return;
    }
    g_answer.signal(v);
  }
}

MOTE_TASK(local_echo, 1) {
  for (;;) {
    const unsigned v = co_await g_local.wait();
    BENCH_END();
    g_answer.signal(v);
  }
}

void core1_main(mote::Spawner spawner) { spawner.must_spawn(core1_echo()); }

}  // namespace

MOTE_MAIN(spawner) {
  mote::start_core1(core1_main);
  spawner.must_spawn(local_echo());
  for (unsigned i = 0; i < kRounds; ++i) {
    BENCH_BEGIN();
    g_to_core1.signal(i);
    co_await g_answer.wait();
  }
  report("wake_core0_to_core1");
  g_to_core1.signal(kRounds);  // core 1 switches to part 2 (this wake is not in a window)
  for (unsigned i = 0; i < kRounds; ++i) {
    co_await g_to_core0.wait();
    BENCH_END();
    g_to_core1.signal(i);
  }
  report("wake_core1_to_core0");
  for (unsigned i = 0; i < kRounds; ++i) {
    BENCH_BEGIN();
    g_local.signal(i);
    co_await g_answer.wait();
  }
  report("wake_local_core0");
  mote::exit(0);
}
