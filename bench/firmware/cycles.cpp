// Firmware benchmarks 1-5 of docs/performance.md: exact instruction counts of the hot paths,
// run under QEMU -icount with bench/plugin/bench_plugin.c loaded (which does the counting; see
// its header for the markers). The firmware prints one line per benchmark,
//   bench <group> <name> <windows-per-unit>
// and the plugin, at each report marker, the figures of that group:
//   bench-plugin <group>: windows N; total n sum min max first last; since_irq ...; ...
// bench/bench_report.py pairs them by group number.
//
// 1. switch:  two tasks yield_now() to each other; a lap is the time from one task's marker to
//             the other's, i.e. one switch including both tasks' loop code.
// 2. channel: a sender and a receiver on a Channel<uint32_t, 1> (every message a hand-off: the
//             sender blocks on the full channel until the receiver ran); a lap per message.
//    loop:    the loop with the lap markers and no await (the measurement's own overhead).
// 3. irq:     SysTick (where the time driver leaves it free) fires while the executor sleeps;
//             its handler starts the window and pends a software interrupt through the NVIC
//             (STIR, or ISPR on Armv6-M), whose handler signals a waiting task; the window ends
//             at the task's first instruction after the await. Once with the task on the
//             thread-mode executor, once on an InterruptExecutor.
// 4. alarm:   a task awaits Timer::after(100 us); window from the alarm's exception entry to the
//             task's first instruction after the await.
// 5. idle:    one 1 s timer pending: what runs between the first WFI and the alarm, exceptions
//             taken, and the whole window from the await to the task running again.
#include <mote/cortex_m.hpp>
#include <mote/cortex_m/interrupt_executor.hpp>
#include <mote/cortex_m/nvic_priority.hpp>
#include <mote/mote.hpp>

#include <cstdio>

#include MOTE_BENCH_SOFT_IRQS_HEADER

using namespace mote::literals;
using mote::cortex_m::reg32;

// Markers (bench_plugin.c): not counted by the plugin. The memory clobber keeps the compiler
// from moving loads and stores across them.
#define BENCH_BEGIN() __asm volatile("mov r10, r10" ::: "memory")
#define BENCH_END() __asm volatile("mov r11, r11" ::: "memory")
#define BENCH_LAP() __asm volatile("mov r11, r11\n\tmov r10, r10" ::: "memory")
#define BENCH_REPORT() __asm volatile("mov r12, r12" ::: "memory")

namespace {

constexpr unsigned kVectors = 16 + 128;  // more than any of the chips has
constexpr unsigned kLaps = 2000;
constexpr unsigned kWindows = 200;
constexpr unsigned kBulkMessages = 20000;

unsigned g_group = 0;

// Ends the current group: names it on the console, then lets the plugin print its figures.
// `per_unit`: windows per reported unit (1 for all of these).
void report(const char* name) noexcept {
  std::printf("bench %u %s\n", ++g_group, name);
  std::fflush(stdout);
  BENCH_REPORT();
}

}  // namespace

extern "C" {
// The vector table in RAM (VTOR): every exception the benchmarks do not handle themselves enters
// bench_count_exception, which marks it for the plugin and jumps to the original handler.
alignas(1024) std::uint32_t bench_vectors[kVectors];
// [[gnu::used]]: the asm below names these, which link-time optimisation cannot see.
[[gnu::used]] std::uint32_t bench_original[kVectors];
// Where and what the SysTick trigger writes to pend the soft interrupt (STIR or ISPR).
[[gnu::used]] std::uint32_t bench_pend_address;
[[gnu::used]] std::uint32_t bench_pend_value;

// Thumb-1 only (Armv6-M). Counted instructions after the marker: 5 (mrs, lsls, ldr, ldr, bx);
// kTrampoline below subtracts them from "since the exception".
[[gnu::naked]] void bench_count_exception() {
  __asm volatile(
      ".syntax unified\n\t"
      "mov r9, r9\n\t"
      "mrs r0, ipsr\n\t"
      "lsls r0, r0, #2\n\t"
      "ldr r1, =bench_original\n\t"
      "ldr r1, [r1, r0]\n\t"
      "bx r1\n\t"
      ".ltorg");
}

// SysTick handler while benchmark 3 runs: stops SysTick, opens the window and pends the soft
// interrupt, the store that starts the measured path. Counted in the window: that store and the
// return (bx lr), which kTriggerReturn subtracts.
[[gnu::naked]] void bench_systick_trigger() {
  __asm volatile(
      ".syntax unified\n\t"
      "ldr r0, =0xE000E010\n\t"
      "movs r1, #0\n\t"
      "str r1, [r0]\n\t"
      "ldr r0, =bench_pend_address\n\t"
      "ldr r0, [r0]\n\t"
      "ldr r1, =bench_pend_value\n\t"
      "ldr r1, [r1]\n\t"
      "mov r10, r10\n\t"
      "str r1, [r0]\n\t"
      "bx lr\n\t"
      ".ltorg");
}
}

namespace {

constexpr unsigned kTrampoline = 5;
constexpr unsigned kTriggerReturn = 1;

bool systick_is_free() noexcept {
#if MOTE_BENCH_NO_SYSTICK
  return false;
#else
  using namespace mote::cortex_m::systick;
  return (reg32(kCsr) & kCsrEnable) == 0;  // the time driver does not use it
#endif
}

void install_vectors() noexcept {
  const auto* current = reinterpret_cast<const std::uint32_t*>(reg32(mote::cortex_m::scb::kVtor));
  for (unsigned i = 0; i < kVectors; ++i) {
    bench_original[i] = current[i];
    bool redirect = i == 11 || i >= 14;  // SVCall, PendSV, SysTick, interrupts
    // The soft interrupts are part of what benchmark 3 measures: they keep their own vectors.
    if (i == 16 + mote_test::kSoftIrqA || i == 16 + mote_test::kSoftIrqB || i == 16 + mote_test::kSoftIrqC) {
      redirect = false;
    }
    bench_vectors[i] = redirect ? reinterpret_cast<std::uint32_t>(&bench_count_exception) : current[i];
  }
  if (systick_is_free()) bench_vectors[15] = reinterpret_cast<std::uint32_t>(&bench_systick_trigger);
  __asm volatile("cpsid i" ::: "memory");
  reg32(mote::cortex_m::scb::kVtor) = reinterpret_cast<std::uint32_t>(&bench_vectors[0]);
  __asm volatile("dsb\n\tisb\n\tcpsie i" ::: "memory");
}

// Fires SysTick once, `cycles` core cycles from now (long enough for the task to be asleep).
void arm_systick(std::uint32_t cycles) noexcept {
  using namespace mote::cortex_m::systick;
  reg32(kCsr) = 0;
  reg32(kRvr) = cycles;
  reg32(kCvr) = 0;
  reg32(kCsr) = kCsrEnable | kCsrTickInt | kCsrClkSourceCore;
}

mote::Signal<std::uint32_t> g_done;          // a benchmark's tasks finished
mote::Signal<std::uint32_t> g_irq_signal;    // set by the soft interrupt's handler
mote::Channel<std::uint32_t, 1> g_channel;   // benchmark 2
mote::InterruptExecutor g_urgent;            // benchmark 3, second half
unsigned g_finished = 0;

void finished(unsigned of) noexcept {
  if (++g_finished == of) {
    g_finished = 0;
    g_done.signal(1);
  }
}

}  // namespace

// The soft interrupt of benchmark 3: what a driver's interrupt handler does to wake its task.
extern "C" void MOTE_TEST_SOFT_IRQ_A_HANDLER() noexcept { g_irq_signal.signal(1); }
MOTE_INTERRUPT_EXECUTOR_HANDLER(g_urgent, MOTE_TEST_SOFT_IRQ_B_HANDLER)

MOTE_TASK(empty_loop, 1, unsigned laps) {
  for (unsigned i = 0; i < laps; ++i) {
    BENCH_LAP();
  }
  finished(1);
  co_return;
}

MOTE_TASK(yielder, 2, unsigned laps) {
  for (unsigned i = 0; i < laps; ++i) {
    BENCH_LAP();
    co_await mote::yield_now();
  }
  finished(2);
}

MOTE_TASK(sender, 1, unsigned messages) {
  for (unsigned i = 0; i < messages; ++i) {
    co_await g_channel.send(i);
  }
  finished(2);
}

MOTE_TASK(receiver, 1, unsigned messages) {
  for (unsigned i = 0; i < messages; ++i) {
    const std::uint32_t v = co_await g_channel.receive();
    BENCH_LAP();
    (void)v;
  }
  finished(2);
}

// 2b. channel_bulk: the same hand-off, counted the way the FreeRTOS figure is: one
//     window over all messages (both tasks, every instruction), divided by the count.
MOTE_TASK(bulk_sender, 1, unsigned messages) {
  for (unsigned i = 0; i < messages; ++i) {
    co_await g_channel.send(i);
  }
  finished(2);
}

MOTE_TASK(bulk_receiver, 1, unsigned messages) {
  std::uint32_t sum = 0;
  BENCH_BEGIN();
  for (unsigned i = 0; i < messages; ++i) {
    sum += co_await g_channel.receive();
  }
  BENCH_END();
  if (sum != messages * (messages - 1) / 2) mote::panic("channel_bulk: lost or altered messages");
  finished(2);
}

MOTE_TASK(irq_waiter, 1, unsigned windows) {
  for (unsigned i = 0; i < windows; ++i) {
    arm_systick(4000);
    const std::uint32_t v = co_await g_irq_signal.wait();
    BENCH_END();
    (void)v;
  }
  finished(1);
}

MOTE_TASK(alarm_waiter, 1, unsigned windows) {
  for (unsigned i = 0; i < windows; ++i) {
    mote::Timer timer = mote::Timer::after(100_us);
    BENCH_BEGIN();  // the window: this await; since_irq: from the alarm's entry
    co_await timer;
    BENCH_END();
  }
  finished(1);
}

MOTE_TASK(idle_waiter, 1) {
  const mote::Instant deadline = mote::Instant::now() + 1_s;
  BENCH_BEGIN();
  co_await mote::Timer::at(deadline);
  BENCH_END();
  finished(1);
}

namespace {
void flush_console() noexcept { std::fflush(stdout); }
}  // namespace

MOTE_TASK(driver, 1, mote::Spawner spawner) {
  install_vectors();
  co_await mote::Timer::after(1_ms);  // the console quiet, start-up done
  report("start");                    // discards whatever came before

  spawner.must_spawn(empty_loop(kLaps));
  std::uint32_t d = co_await g_done.wait();
  report("loop");

  spawner.must_spawn(yielder(kLaps));
  spawner.must_spawn(yielder(kLaps));
  d = co_await g_done.wait();
  report("switch");

  spawner.must_spawn(receiver(kLaps));
  spawner.must_spawn(sender(kLaps));
  d = co_await g_done.wait();
  report("channel");

  spawner.must_spawn(bulk_receiver(kBulkMessages));
  spawner.must_spawn(bulk_sender(kBulkMessages));
  d = co_await g_done.wait();
  std::printf("bench-note channel_bulk messages %u\n", kBulkMessages);
  report("channel_bulk");

  if (systick_is_free()) {
    mote::cortex_m::set_priority_level(mote_test::kSoftIrqA, 1);
    mote::cortex_m::nvic::enable(mote_test::kSoftIrqA);
#if defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_7EM__) || defined(__ARM_ARCH_8M_MAIN__)
    bench_pend_address = 0xE000EF00;  // STIR
    bench_pend_value = mote_test::kSoftIrqA;
#else
    bench_pend_address = 0xE000E200 + 4 * (mote_test::kSoftIrqA / 32);  // ISPR
    bench_pend_value = 1u << (mote_test::kSoftIrqA % 32);
#endif
    spawner.must_spawn(irq_waiter(kWindows));
    d = co_await g_done.wait();
    report("irq_thread");

    mote::Spawner urgent = g_urgent.start(mote_test::kSoftIrqB, 1);
    urgent.must_spawn(irq_waiter(kWindows));
    d = co_await g_done.wait();
    report("irq_interrupt_executor");
    std::printf("bench-note irq windows include the trigger's return: %u\n", kTriggerReturn);
  } else {
    std::printf("bench-note irq skipped: SysTick is the time driver's clock or absent\n");
  }

  spawner.must_spawn(alarm_waiter(kWindows));
  d = co_await g_done.wait();
  report("alarm");
  std::printf("bench-note since_irq includes the counting trampoline: %u\n", kTrampoline);

  co_await mote::Timer::after(1_ms);
  report("quiet");
  spawner.must_spawn(idle_waiter());
  d = co_await g_done.wait();
  report("idle");
  (void)d;
  flush_console();
  std::printf("bench done\n");
  mote::exit(0);
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(driver(spawner));
  co_return;
}
