// Firmware test (RISC-V): PLIC priorities preempt. Two sources, A and B, that software can raise
// (tests/target/riscv_plic_priority/<chip>.hpp), handlers bound with MOTE_BIND_INTERRUPTS.
//   1. A at priority 1, B at 7: A's handler raises B and spins; B's handler must run inside the
//      spin (nested), then A finishes.
//   2. A at 7, B at 1: A's handler raises B and spins; B must not run inside the spin, only once
//      A's handler has completed.
//   3. A software interrupt pended from a PLIC handler waits until the handler returns.
#include <mote/mote.hpp>
#include <mote/riscv.hpp>
#include <mote/riscv/soft_irq.hpp>

#include <cstdio>

#include MOTE_TEST_PLIC_HEADER

using namespace mote::literals;

namespace {

constexpr unsigned kSpins = 2000;
volatile bool g_in_a = false;
volatile bool g_b_ran = false;
volatile bool g_b_ran_inside_a = false;
volatile bool g_soft_ran = false;
volatile bool g_soft_ran_inside_a = false;
volatile bool g_pend_soft = false;
volatile unsigned g_a_runs = 0;
volatile bool g_ok = true;

void check(bool condition, const char* what) noexcept {
  if (!condition) {
    std::printf("FAILED: %s\n", what);
    g_ok = false;
  }
}

struct HandlerA {
  using interrupt = MOTE_CHIP_INTERRUPT_TYPE(MOTE_TEST_PLIC_A);
  static void on_interrupt() noexcept {
    mote_test::plic::lower_a();
    g_a_runs = g_a_runs + 1;
    g_in_a = true;
    if (g_pend_soft) {
      mote::riscv::soft_irq::set_pending(0);
    } else {
      mote_test::plic::raise_b();
    }
    for (unsigned i = 0; i < kSpins; ++i) __asm volatile("nop");
    g_in_a = false;
  }
};

struct HandlerB {
  using interrupt = MOTE_CHIP_INTERRUPT_TYPE(MOTE_TEST_PLIC_B);
  static void on_interrupt() noexcept {
    mote_test::plic::lower_b();
    g_b_ran = true;
    g_b_ran_inside_a = g_in_a;
  }
};

MOTE_BIND_INTERRUPTS(Irqs, (MOTE_TEST_PLIC_A, HandlerA), (MOTE_TEST_PLIC_B, HandlerB));

constexpr unsigned kA = HandlerA::interrupt::number;
constexpr unsigned kB = HandlerB::interrupt::number;

}  // namespace

extern "C" void mote_riscv_soft_irq0() noexcept {
  g_soft_ran = true;
  g_soft_ran_inside_a = g_in_a;
}

MOTE_TASK(run, 1) {
  static_cast<void>(Irqs{});
  // 1. B more urgent than A: B preempts A's handler.
  mote::riscv::plic::enable(kA, 1);
  mote::riscv::plic::enable(kB, 7);
  mote_test::plic::raise_a();
  co_await mote::Timer::after(100_us);
  std::printf("B (priority 7) raised in A's handler (priority 1): ran %s\n",
              !g_b_ran ? "NEVER" : g_b_ran_inside_a ? "inside A (preempted it)" : "after A");
  check(g_a_runs == 1 && g_b_ran && g_b_ran_inside_a, "a more urgent source did not preempt");

  // 2. B less urgent than A: B waits for A's handler to complete.
  g_b_ran = false;
  g_b_ran_inside_a = false;
  mote::riscv::plic::enable(kA, 7);
  mote::riscv::plic::enable(kB, 1);
  mote_test::plic::raise_a();
  co_await mote::Timer::after(100_us);
  std::printf("B (priority 1) raised in A's handler (priority 7): ran %s\n",
              !g_b_ran ? "NEVER" : g_b_ran_inside_a ? "inside A (WRONG)" : "after A");
  check(g_a_runs == 2 && g_b_ran && !g_b_ran_inside_a, "a less urgent source preempted, or never ran");

  // 3. A software interrupt (level 1, the most urgent) pended in a PLIC handler runs after it.
  mote::riscv::soft_irq::set_level(0, 1);
  mote::riscv::soft_irq::enable(0);
  g_pend_soft = true;
  mote_test::plic::raise_a();
  co_await mote::Timer::after(100_us);
  std::printf("software interrupt pended in A's handler: ran %s\n",
              !g_soft_ran ? "NEVER" : g_soft_ran_inside_a ? "inside A (WRONG)" : "after A");
  check(g_a_runs == 3 && g_soft_ran && !g_soft_ran_inside_a, "a software interrupt preempted a PLIC handler");
  mote::riscv::plic::disable(kA);
  mote::riscv::plic::disable(kB);
  std::printf("%s\n", g_ok ? "ok" : "FAILED");
  mote::exit(g_ok ? 0 : 1);
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(run());
  co_return;
}
