// Reset and trap handling for RISC-V in machine mode: what runs before main(), and every trap.
//
// _start (placed first in the image by the board's linker script) sets up gp, sp and mtvec,
// then mote_riscv_reset copies .data/.tdata, zeroes .tbss/.bss, points tp at the TLS block
// (picolibc keeps errno there), runs the static constructors and calls main().
//
// Traps go to one direct-mode vector. It saves the caller-saved registers plus mepc and
// mstatus on the current stack (one stack for thread mode and every handler), so that a
// handler may re-enable interrupts and be preempted (the soft interrupt controller nests that
// way); then mote_riscv_trap dispatches on mcause: software (soft interrupts), timer (the CLINT
// time driver), external (the PLIC: claim, the chip's handler, complete), or an exception,
// which is reported and stops the program.
#include <cstdint>
#include <cstring>

#include <mote/platform/port.hpp>

#include "mote/detail/main_stack.hpp"
#include "mote/log.hpp"
#include "mote/panic.hpp"
#include "mote/riscv.hpp"
#include "mote/riscv/soft_irq.hpp"

extern "C" {
extern std::uint32_t __data_start[], __data_end[], __data_load[];
extern std::uint32_t __bss_start[], __bss_end[];
extern std::uint32_t __tls_base[];
using InitFn = void (*)();
extern InitFn __preinit_array_start[], __preinit_array_end[];
extern InitFn __init_array_start[], __init_array_end[];
void _set_tls(void* tls);
int mote_program_main() __asm__("main");
[[noreturn]] void mote_riscv_reset() noexcept;
void mote_riscv_trap(std::uint32_t mcause, std::uint32_t* frame) noexcept;
}

namespace {

[[maybe_unused]] void print(const char* s) noexcept { mote::riscv::console_write(s, std::strlen(s)); }

// Formats `v` as 0x%x without the C library (a trap may come from inside it).
[[maybe_unused]] void print_hex(const char* label, std::uint32_t v) noexcept {
  char text[11] = {'0', 'x'};
  int n = 2;
  bool started = false;
  for (int i = 0; i < 8; ++i) {
    const unsigned nibble = (v >> (28 - 4 * i)) & 0xFu;
    if (nibble == 0 && !started && i != 7) continue;
    started = true;
    text[n++] = static_cast<char>(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
  }
  print(label);
  mote::riscv::console_write(text, static_cast<std::size_t>(n));
}

// Depth of trap handlers running (nested ones count too): in_interrupt() is depth != 0.
volatile std::uint32_t g_trap_depth = 0;
// Interrupts taken since reset (interrupts_taken()).
volatile std::uint32_t g_interrupts = 0;
// The PLIC source whose handler runs (0: none), for the default handler's message.
volatile std::uint32_t g_external_source = 0;

}  // namespace

bool mote::riscv::in_interrupt() noexcept { return g_trap_depth != 0; }
std::uint32_t mote::riscv::interrupts_taken() noexcept { return g_interrupts; }

// The first instruction of the image. gp first, with relaxation off (the instruction that loads
// gp must not itself be relaxed against the gp it is setting).
extern "C" [[gnu::naked, gnu::section(".text.start")]] void _start() noexcept {
  __asm volatile(
      ".option push\n\t"
      ".option norelax\n\t"
      "la gp, __global_pointer$\n\t"
      ".option pop\n\t"
      "la sp, __stack_top\n\t"
      "csrw mie, zero\n\t"       // nothing enabled until the drivers ask
      "csrci mstatus, 8\n\t"     // MIE off until main() is reached
      "la t0, mote_riscv_trap_entry\n\t"
      "csrw mtvec, t0\n\t"       // direct mode: the address is 4-aligned (below)
      "j mote_riscv_reset\n\t");
}

// Neither compiler may turn the word loops of the reset handler into memcpy/memset calls: no C
// library code may run before the C library's data exists. GCC: loop distribution into library
// calls off for this function; clang (which ignores GCC's optimize attribute): memcpy and memset
// are not builtins in this function, so its loop-idiom pass has nothing to turn them into.
#if defined(__clang__)
#define MOTE_PLAIN_LOOPS __attribute__((no_builtin("memcpy", "memset")))
#else
#define MOTE_PLAIN_LOOPS __attribute__((optimize("no-tree-loop-distribute-patterns")))
#endif

// MOTE_STACK_GUARD (CMake option, default ON): the reset code paints the main stack (the memory
// report's high-water mark) and makes its lowest 32 bytes a locked, no-access PMP region (where
// the hart has PMP: QEMU's virt and sifive_e do), so an overflow traps at once instead of
// running into the frame arena below. mscratch holds the lowest sane stack pointer: the trap
// entry compares, and on an overflow takes the report's stack from the top before it saves
// anything (its own stores would fault in the guard otherwise).
#ifndef MOTE_STACK_GUARD
#define MOTE_STACK_GUARD 1
#endif

namespace main_stack = mote::detail::main_stack;
namespace {
constexpr std::uintptr_t kOverflowMargin = 96;  // the guard and a trap frame (80 bytes) above it
}  // namespace

mote::platform::StackUsage mote::platform::main_stack_usage() noexcept {
#if MOTE_STACK_GUARD
  return {main_stack::size(), main_stack::peak_bytes()};
#else
  return {main_stack::size(), 0};
#endif
}

extern "C" [[noreturn]] MOTE_PLAIN_LOOPS void mote_riscv_reset() noexcept {
#if MOTE_STACK_GUARD
  {
    std::uintptr_t sp;
    __asm volatile("mv %0, sp" : "=r"(sp));
    main_stack::paint(sp);
    // Entry 0, NAPOT over 32 bytes (pmpaddr = base/4 with the low bits 0b11), locked (binds
    // machine mode too), no permission. Without PMP pmpaddr0 reads back 0: no guard then.
    const std::uintptr_t pmpaddr = (main_stack::guard_start() >> 2) | 0x3u;
    __asm volatile("csrw pmpaddr0, %0" ::"r"(pmpaddr));
    std::uintptr_t readback;
    __asm volatile("csrr %0, pmpaddr0" : "=r"(readback));
    if (readback == pmpaddr) {
      __asm volatile("csrw pmpcfg0, %0" ::"r"(0x98u));  // L | A=NAPOT, R=W=X=0
    }
    __asm volatile("csrw mscratch, %0" ::"r"(main_stack::bottom() + kOverflowMargin));
  }
#endif
  const std::uint32_t* src = __data_load;
  if (src != __data_start) {
    for (std::uint32_t* dst = __data_start; dst < __data_end;) *dst++ = *src++;
  }
  for (std::uint32_t* dst = __bss_start; dst < __bss_end;) *dst++ = 0;
  _set_tls(__tls_base);
  for (InitFn* f = __preinit_array_start; f < __preinit_array_end; ++f) (*f)();
  for (InitFn* f = __init_array_start; f < __init_array_end; ++f) (*f)();
  // Every PLIC priority above 0 reaches the hart (the claim loop raises the threshold while a
  // handler runs, and restores it).
  mote::riscv::reg32(mote::riscv::plic::kThreshold) = 0;
  mote::riscv::interrupts_enable();  // board::init() may wait on interrupts; mie says which
  mote_program_main();
  mote::exit(0);
}

// The trap vector. Frame: ra, t0-t6, a0-a7 (16 words), mepc, mstatus; 80 bytes keeps sp
// 16-byte aligned as the ABI requires. mstatus is saved because a handler that re-enables
// interrupts may be trapped again, which overwrites mstatus.MPIE/MPP and mepc.
extern "C" [[gnu::naked, gnu::aligned(4)]] void mote_riscv_trap_entry() noexcept {
  __asm volatile(
#if MOTE_STACK_GUARD
      // sp below mscratch (the guard and one frame above the stack's bottom): a stack overflow.
      // Report on a fresh stack from the top; nothing below it is worth keeping.
      "csrrw t0, mscratch, t0\n\t"
      "bgeu sp, t0, 1f\n\t"
      "la sp, __stack_top\n"
      "1:\n\t"
      "csrrw t0, mscratch, t0\n\t"
#endif
      "addi sp, sp, -80\n\t"
      "sw ra, 0(sp)\n\t"
      "sw t0, 4(sp)\n\t"
      "sw t1, 8(sp)\n\t"
      "sw t2, 12(sp)\n\t"
      "sw a0, 16(sp)\n\t"
      "sw a1, 20(sp)\n\t"
      "sw a2, 24(sp)\n\t"
      "sw a3, 28(sp)\n\t"
      "sw a4, 32(sp)\n\t"
      "sw a5, 36(sp)\n\t"
      "sw a6, 40(sp)\n\t"
      "sw a7, 44(sp)\n\t"
      "sw t3, 48(sp)\n\t"
      "sw t4, 52(sp)\n\t"
      "sw t5, 56(sp)\n\t"
      "sw t6, 60(sp)\n\t"
      "csrr t0, mepc\n\t"
      "sw t0, 64(sp)\n\t"
      "csrr t1, mstatus\n\t"
      "sw t1, 68(sp)\n\t"
      "csrr a0, mcause\n\t"
      "mv a1, sp\n\t"
      "call mote_riscv_trap\n\t"
      "lw t0, 64(sp)\n\t"
      "csrw mepc, t0\n\t"
      "lw t1, 68(sp)\n\t"
      "csrw mstatus, t1\n\t"  // MIE off (as on entry), MPIE/MPP as this trap found them
      "lw ra, 0(sp)\n\t"
      "lw t0, 4(sp)\n\t"
      "lw t1, 8(sp)\n\t"
      "lw t2, 12(sp)\n\t"
      "lw a0, 16(sp)\n\t"
      "lw a1, 20(sp)\n\t"
      "lw a2, 24(sp)\n\t"
      "lw a3, 28(sp)\n\t"
      "lw a4, 32(sp)\n\t"
      "lw a5, 36(sp)\n\t"
      "lw a6, 40(sp)\n\t"
      "lw a7, 44(sp)\n\t"
      "lw t3, 48(sp)\n\t"
      "lw t4, 52(sp)\n\t"
      "lw t5, 56(sp)\n\t"
      "lw t6, 60(sp)\n\t"
      "addi sp, sp, 80\n\t"
      "mret\n\t");
}

namespace {

// MOTE_FAULT_REPORT: 1 (full, the default with semihosting) prints mcause, mepc, mtval and ra;
// 0 (compact, the default without) one line with the cause and the PC.
#ifndef MOTE_FAULT_REPORT_FULL
#define MOTE_FAULT_REPORT_FULL MOTE_SEMIHOSTING
#endif

// An exception (not an interrupt): nothing can be resumed. Report what the hardware recorded.
[[noreturn]] void trap_report(std::uint32_t mcause, const std::uint32_t* frame) noexcept {
  std::uint32_t mtval;
  __asm volatile("csrr %0, mtval" : "=r"(mtval));
  // A load or store access fault (mcause 5, 7) in the guard: the main stack overflowed.
  const bool overflow = (mcause == 5 || mcause == 7) && mtval - main_stack::guard_start() < main_stack::kGuardBytes;
#if MOTE_FAULT_REPORT_FULL
  // A log frame of the "fault" level (mote/log.hpp), formatted by tools/mote-log: no hex
  // formatter or labels in the image (the compact line below is plain text).
  MOTE_LOG_EMIT_(mote::log::detail::kFaultLevel, "trap:{} mcause {:x} mepc {:x} mtval {:x} ra {:x}",
                 overflow ? " stack overflow," : "", mcause, frame[16], mtval, frame[0]);
#else
  if (overflow) print("\nfault: stack overflow");
  print_hex("\nfault: mcause=", mcause);
  print_hex(" pc=", frame[16]);
  print("\n");
#endif
  mote::riscv::console_flush();
  mote::riscv::stop(false);
}

// One PLIC claim after another until none is pending: the claim returns the most urgent
// pending source above the threshold (priority, then lowest number), 0 when none is left.
//
// Priorities preempt: while a source's handler runs, the threshold is raised to its priority
// and interrupts are enabled, so a more urgent source (and the timer) interrupts the handler,
// through a nested trap and claim loop, while an equally or less urgent one waits for its
// completion. The machine software interrupt stays masked meanwhile: the software interrupts
// (interrupt executors) are less urgent than every hardware handler, and run once it returns.
void external_interrupt() noexcept {
  using namespace mote::riscv;
  for (;;) {
    const std::uint32_t source = reg32(plic::kClaim);
    if (source == 0) return;
    const std::uint32_t outer_source = g_external_source;
    const std::uint32_t outer_threshold = reg32(plic::kThreshold);
    std::uint32_t mie;
    __asm volatile("csrr %0, mie" : "=r"(mie));
    g_external_source = source;
    reg32(plic::kThreshold) = reg32(plic::kPriority + 4 * source);
    mie_clear(csr::kMieMsie);
    interrupts_enable();
    if (source < mote_riscv_external_count) {
      mote_riscv_external_handlers[source]();
    } else {
      mote_riscv_default_handler();
    }
    interrupts_disable();
    if ((mie & csr::kMieMsie) != 0) mie_set(csr::kMieMsie);
    reg32(plic::kThreshold) = outer_threshold;
    g_external_source = outer_source;
    reg32(plic::kClaim) = source;  // complete: the source may interrupt again
  }
}

}  // namespace

extern "C" void mote_riscv_trap(std::uint32_t mcause, std::uint32_t* frame) noexcept {
  using namespace mote::riscv;
  g_trap_depth = g_trap_depth + 1;
  if ((mcause & csr::kMcauseInterrupt) == 0) trap_report(mcause, frame);
  g_interrupts = g_interrupts + 1;
  switch (mcause & ~csr::kMcauseInterrupt) {
    case csr::kCauseSoftware:
      soft_irq::dispatch();
      break;
    case csr::kCauseTimer:
      mote_riscv_timer_interrupt();
      break;
    case csr::kCauseExternal:
      external_interrupt();
      break;
    default:
      MOTE_PANIC("unexpected interrupt, mcause {:x}", static_cast<unsigned long>(mcause));
  }
  g_trap_depth = g_trap_depth - 1;
}

// The default of every PLIC table entry (the chip's vectors.cpp aliases its weak handlers to it).
extern "C" void mote_riscv_default_handler() noexcept {
  MOTE_PANIC("interrupt {} has no handler", static_cast<unsigned long>(g_external_source));
}
