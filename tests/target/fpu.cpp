// Firmware test (cores with an FPU): floating-point state of a preempted task survives.
//
// A thread-mode task loads known bit patterns into every FP register (s0-s31) and a
// non-default FPSCR (flush-to-zero, default NaN, round towards zero), then spins in the same
// asm block without touching them. A task on an interrupt executor, woken by a timer during the
// spin, overwrites every FP register and FPSCR and does ordinary float arithmetic. Afterwards the
// spinning task's registers and FPSCR must be exactly what it loaded: the core saves s0-s15 and
// FPSCR on exception entry (lazily, when the handler first uses the FPU), the handler's code
// saves s16-s31 (callee-saved). The preempting task must also start with the default FPSCR
// (FPDSCR), not the preempted task's rounding mode.
#include <mote/cortex_m/interrupt_executor.hpp>
#include <mote/mote.hpp>

#include <cstdio>

#include "soft_irqs.hpp"

#ifndef __ARM_FP
#error "fpu.cpp needs a core with an FPU (__ARM_FP); CMake only builds it for one"
#endif

using namespace mote::literals;

namespace {

constexpr int kRegs = 32;
// FPSCR: DN (bit 25) | FZ (bit 24) | RMode = 0b11, round towards zero (bits 23:22).
constexpr std::uint32_t kThreadFpscr = (1u << 25) | (1u << 24) | (3u << 22);
constexpr std::uint32_t kSpinLimit = 2'000'000;  // loop iterations (about 8 ms under QEMU)

mote::InterruptExecutor high;

volatile std::uint8_t g_fired = 0;  // set by the preempting task; the asm spin reads it
volatile bool g_spinning = false;
volatile bool g_saw_spin = false;
volatile bool g_rounding_ok = false;
volatile std::uint32_t g_handler_fpscr = 0;

std::uint32_t g_loaded[kRegs];
std::uint32_t g_after[kRegs];

// Globals and a plain function: GCC 12 folds volatile locals of a coroutine into constants.
volatile float g_one = 1.0f;
volatile float g_three = 3.0f;
[[gnu::noinline]] float thirds() noexcept { return g_one / g_three * g_three; }

// Runs on `high`: wakes during the spin and uses the FPU hard.
MOTE_TASK(fp_worker, 1, mote::Instant deadline) {
  co_await mote::Timer::at(deadline);
  g_saw_spin = g_spinning;
  // A handler starts a fresh FP context with FPSCR = FPDSCR (round to nearest): 1/3 * 3 is then
  // exactly 1; with the preempted task's round-towards-zero it would be 0.99999994.
  std::uint32_t fpscr;
  __asm volatile("vmrs %0, fpscr" : "=r"(fpscr));  // the handler's first FP instruction
  g_handler_fpscr = fpscr;
  g_rounding_ok = thirds() == 1.0f;
  // Overwrite every register and FPSCR.
  std::uint32_t junk[kRegs];
  for (int i = 0; i < kRegs; ++i) junk[i] = 0x5A5A0000u + static_cast<std::uint32_t>(i) * 0x0101u;
  __asm volatile(
      "vldm %0, {s0-s31}\n\t"
      "vmsr fpscr, %1\n\t"
      "vadd.f32 s0, s1, s2\n\t"
      "vmul.f32 s3, s4, s5\n\t"
      :
      : "r"(junk), "r"(0u)
      : "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "s12", "s13", "s14", "s15", "s16",
        "s17", "s18", "s19", "s20", "s21", "s22", "s23", "s24", "s25", "s26", "s27", "s28", "s29", "s30", "s31",
        "memory");
  g_fired = 1;
}

MOTE_TASK(fp_holder, 1, mote::Spawner high_spawner) {
  for (int i = 0; i < kRegs; ++i) g_loaded[i] = 0x3F800000u + static_cast<std::uint32_t>(i) * 0x00012345u;
  const mote::Instant deadline = mote::Instant::now() + 200_us;
  high_spawner.must_spawn(fp_worker(deadline));  // runs at once: arms its timer

  std::uint32_t left = kSpinLimit;
  std::uint32_t fpscr_after;
  std::uint32_t saved_fpscr;
  std::uint32_t tmp;
  g_spinning = true;
  // One asm block from loading the registers to storing them: the compiler cannot spill them
  // in between, so they really sit in the FPU while the interrupt comes.
  __asm volatile(
      "vmrs %[saved], fpscr\n\t"
      "vmsr fpscr, %[fpscr_in]\n\t"
      "vldm %[in], {s0-s31}\n"
      "1:\n\t"
      "ldrb %[tmp], [%[flag]]\n\t"
      "cbnz %[tmp], 2f\n\t"
      "subs %[left], %[left], #1\n\t"
      "bne 1b\n"
      "2:\n\t"
      "vstm %[out], {s0-s31}\n\t"
      "vmrs %[fpscr_out], fpscr\n\t"
      "vmsr fpscr, %[saved]\n\t"
      : [tmp] "=&l"(tmp), [left] "+l"(left), [fpscr_out] "=&r"(fpscr_after), [saved] "=&r"(saved_fpscr)
      : [in] "r"(g_loaded), [out] "r"(g_after), [flag] "r"(&g_fired), [fpscr_in] "r"(kThreadFpscr)
      : "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "s12", "s13", "s14", "s15", "s16",
        "s17", "s18", "s19", "s20", "s21", "s22", "s23", "s24", "s25", "s26", "s27", "s28", "s29", "s30", "s31",
        "memory", "cc");
  g_spinning = false;

  bool ok = true;
  if (g_fired == 0 || !g_saw_spin) {
    std::printf("FAILED: the preempting task did not run during the spin\n");
    ok = false;
  }
  int wrong = 0;
  for (int i = 0; i < kRegs; ++i) {
    if (g_after[i] != g_loaded[i]) {
      std::printf("FAILED: s%d is 0x%08lx, was 0x%08lx\n", i, static_cast<unsigned long>(g_after[i]),
                  static_cast<unsigned long>(g_loaded[i]));
      ++wrong;
    }
  }
  if (fpscr_after != kThreadFpscr) {
    std::printf("FAILED: FPSCR is 0x%08lx, was 0x%08lx\n", static_cast<unsigned long>(fpscr_after),
                static_cast<unsigned long>(kThreadFpscr));
    ++wrong;
  }
  if (wrong == 0) {
    std::printf("s0-s31 and FPSCR of the preempted task intact (spun %lu iterations)\n",
                static_cast<unsigned long>(kSpinLimit - left));
  } else {
    ok = false;
  }
  std::printf("preempting task: FPSCR 0x%08lx at start, 1/3*3 %s\n", static_cast<unsigned long>(g_handler_fpscr),
              g_rounding_ok ? "== 1 (round to nearest)" : "!= 1 (INHERITED the preempted rounding mode)");
  if (!g_rounding_ok) ok = false;
  std::printf("%s\n", ok ? "ok" : "FAILED");
  mote::exit(ok ? 0 : 1);
}

}  // namespace

MOTE_INTERRUPT_EXECUTOR_HANDLER(high, MOTE_TEST_SOFT_IRQ_A_HANDLER)

MOTE_MAIN(spawner) {
  spawner.must_spawn(fp_holder(high.start(mote_test::kSoftIrqA, 1)));
  co_return;
}
