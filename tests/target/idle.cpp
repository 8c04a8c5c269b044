// Firmware test: while one 1 s timer is pending, the CPU executes nothing but the alarm's
// interrupt: the executor sleeps in a single WFI and wakes once, on time.
//
// How it is measured. QEMU gives the guest no instruction counter: the DWT cycle counter reads
// as zero, and every timer counts virtual time, which under -icount shift=0,sleep=off is 1 ns per
// executed instruction plus the idle time QEMU skips while the CPU is halted in WFI, with no way
// to tell the two apart. So:
// - Interrupts are counted here: the vector table is copied to RAM (VTOR) with every interrupt,
//   SysTick, PendSV and SVCall entry pointing at a handler that counts per exception number and
//   jumps to the original handler. (VTOR is optional on Armv6-M; QEMU 7.2's Cortex-M0 has it.)
// - Instructions are counted by QEMU itself, by a TCG plugin (idle_plugin.c, built with the host
//   compiler and loaded only for this test): exactly one count per executed instruction. The
//   firmware marks the window with instructions that do nothing (`mov r10, r10` before awaiting
//   the timer, `mov r11, r11` when the task runs again) and each exception entry with
//   `mov r9, r9`; the plugin watches WFI and prints
//     idle second: N instructions, M interrupts (...)
//   where N is what ran between the first and the last WFI of the window (0: the CPU slept
//   through in one WFI) and M the exceptions taken, the alarm's included. It says FAILED if N is
//   over its bound (200). Without the plugin the firmware still prints its own count.
// On a multicore board (MOTE_MULTICORE: mps2-an521) core 1 runs too, its one task waiting on a
// Signal nobody sets: the plugin counts every core's instructions, so the bound holds only if
// both cores sleep in WFI through the window.
// The firmware prints the interrupts per exception number and how many ticks after the deadline
// the task ran, and fails unless exactly one interrupt came, or, where the clock is SysTick
// extended by its wrap interrupt (lm3s6965evb: every 2^24 cycles), one plus those wraps.
// MOTE_TEST_IDLE_EXTRA_ALARMS (set by CMake where the clock needs extra wake-ups, see tests/target/CMakeLists.txt)
// allows that many more non-SysTick interrupts.
#include <mote/cortex_m.hpp>
#include <mote/mote.hpp>

#include <cstdio>

#if MOTE_MULTICORE
#include <mote/multicore.hpp>
#endif

using namespace mote::literals;
using mote::cortex_m::reg32;

// Exceptions 0..15 and the first 128 interrupts: more than any of the chips has.
constexpr unsigned kVectors = 16 + 128;

extern "C" {
// Read and written by idle_count_exception below (by name, hence extern "C").
alignas(1024) std::uint32_t idle_test_vectors[kVectors];  // VTOR needs the table size's alignment
// [[gnu::used]]: referred to by name from the asm below, which link-time optimisation cannot see.
[[gnu::used]] std::uint32_t idle_test_original[kVectors];
[[gnu::used]] volatile std::uint32_t idle_test_taken[kVectors];  // per exception number: none can preempt itself

// Entered for every redirected exception: marks it for the plugin, counts it, then jumps to the
// original handler with LR (EXC_RETURN) untouched. Only r0-r3 are used (stacked by the hardware).
// Thumb-1 instructions only, for Armv6-M.
[[gnu::naked]] void idle_count_exception() {
  __asm volatile(
      ".syntax unified\n\t"
      "mov r9, r9\n\t"
      "mrs r0, ipsr\n\t"
      "lsls r0, r0, #2\n\t"
      "ldr r1, =idle_test_taken\n\t"
      "ldr r2, [r1, r0]\n\t"
      "adds r2, r2, #1\n\t"
      "str r2, [r1, r0]\n\t"
      "ldr r1, =idle_test_original\n\t"
      "ldr r1, [r1, r0]\n\t"
      "bx r1\n\t"
      ".ltorg");
}
}

#ifndef MOTE_TEST_IDLE_EXTRA_ALARMS
#define MOTE_TEST_IDLE_EXTRA_ALARMS 0
#endif

namespace {

void install_counting_vectors() noexcept {
  const auto* current = reinterpret_cast<const std::uint32_t*>(reg32(mote::cortex_m::scb::kVtor));
  for (unsigned i = 0; i < kVectors; ++i) {
    idle_test_original[i] = current[i];
    const bool redirect = i == 11 || i >= 14;  // SVCall, PendSV, SysTick, interrupts
    idle_test_vectors[i] = redirect ? reinterpret_cast<std::uint32_t>(&idle_count_exception) : current[i];
  }
  __asm volatile("cpsid i" ::: "memory");
  reg32(mote::cortex_m::scb::kVtor) = reinterpret_cast<std::uint32_t>(&idle_test_vectors[0]);
  __asm volatile("dsb\n\tisb\n\tcpsie i" ::: "memory");
}

// SysTick counting with its interrupt on: the chip's clock is SysTick, extended by its wraps.
bool systick_is_the_clock() noexcept {
  using namespace mote::cortex_m::systick;
  return (reg32(kCsr) & (kCsrEnable | kCsrTickInt)) == (kCsrEnable | kCsrTickInt);
}

#if MOTE_MULTICORE
mote::Signal<int> g_never;  // core 1's task waits on it for good
volatile bool g_core1_waiting = false;
MOTE_TASK(core1_waits, 1) {
  g_core1_waiting = true;
  co_await g_never.wait();
}
void core1_main(mote::Spawner spawner) { spawner.must_spawn(core1_waits()); }
#endif

}  // namespace

MOTE_TASK(measure, 1) {
  install_counting_vectors();
#if MOTE_MULTICORE
  mote::start_core1(core1_main);  // its vector table is a copy of the counting one
#endif
  co_await mote::Timer::after(1_ms);  // everything started up, the console quiet

  std::uint32_t before[kVectors];
  for (unsigned i = 0; i < kVectors; ++i) before[i] = idle_test_taken[i];
  const mote::Instant deadline = mote::Instant::now() + 1_s;
  __asm volatile("mov r10, r10" ::: "memory");  // the plugin: window opens
  co_await mote::Timer::at(deadline);
  __asm volatile("mov r11, r11" ::: "memory");  // the plugin: window closes
  const mote::Instant woke = mote::Instant::now();

  unsigned total = 0, systick = 0;
  std::printf("firmware count: interrupts by exception number:");
  for (unsigned i = 0; i < kVectors; ++i) {
    const unsigned n = idle_test_taken[i] - before[i];
    if (n == 0) continue;
    std::printf(" %u x%u", i, n);
    total += n;
    if (i == mote::cortex_m::systick::kException) systick = n;
  }
  const bool early = woke < deadline;
  const std::uint64_t late = (woke - deadline).ticks();
  std::printf("\nfirmware count: %u interrupts; woke %lu ticks late%s\n", total, static_cast<unsigned long>(late),
              early ? " EARLY" : "");
  // Where SysTick is the clock, its wraps (every 2^24 core cycles: 3 a second at 50 MHz) are the
  // only other interrupts allowed; 16 covers any core clock up to 268 MHz.
  const unsigned allowed_wraps = systick_is_the_clock() ? 16 : 0;
#if MOTE_MULTICORE
  std::printf("core 1: %s\n", g_core1_waiting ? "its task waiting, core asleep" : "NOT STARTED");
  const bool core1_ok = g_core1_waiting;
#else
  const bool core1_ok = true;
#endif
  const bool ok = core1_ok && !early && late <= mote::Duration::from_micros(20).ticks() && total - systick >= 1 &&
                  total - systick <= 1 + MOTE_TEST_IDLE_EXTRA_ALARMS &&
                  systick <= allowed_wraps;
  if (systick != 0) std::printf("of which %u SysTick wraps extending the clock\n", systick);
  if (total - systick > 1) {
    std::printf("%u interrupts besides the SysTick wraps where one alarm was expected%s\n", total - systick,
                MOTE_TEST_IDLE_EXTRA_ALARMS > 0 ? " (the alarm wakes at each clock wrap on this board)" : "");
  }
  std::printf("%s\n", ok ? "ok" : "FAILED");
  mote::exit(ok ? 0 : 1);
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(measure());
  co_return;
}
