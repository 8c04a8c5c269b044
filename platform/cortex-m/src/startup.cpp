// Reset and fault handling for Cortex-M: what runs before main() and when something breaks.
//
// The chip's vector table (chips/<chip>/src/vectors.cpp) points at these handlers. The board's
// linker script provides the section symbols used here (see boards/lm3s6965evb/linker.ld).
#include <cstdint>
#include <cstring>

#include <mote/platform/port.hpp>

#include "mote/cortex_m.hpp"
#include "mote/detail/main_stack.hpp"
#include "mote/log.hpp"
#include "mote/panic.hpp"

extern "C" {
// Linker-script symbols: only their addresses mean something.
extern std::uint32_t __data_start[], __data_end[], __data_load[];
extern std::uint32_t __bss_start[], __bss_end[];
extern std::uint32_t __tls_base[];
using InitFn = void (*)();
extern InitFn __preinit_array_start[], __preinit_array_end[];
extern InitFn __init_array_start[], __init_array_end[];

// picolibc keeps errno in thread-local storage; its accessor (__aeabi_read_tp) reads the
// pointer that _set_tls stores. One thread: the TLS block is the .tdata/.tbss in RAM that the
// linker script places right after .data and at the start of the zeroed area. Weak: picolibc's
// __aeabi_read_tp needs the object that defines _set_tls (its __tls), so _set_tls is there
// exactly when something reads thread-local storage; a firmware that never does (blinky) links
// neither, and the reset handler skips the call.
[[gnu::weak]] void _set_tls(void* tls);

// main() itself, by its symbol: C++ does not let a program name main in a call.
int mote_program_main() __asm__("main");
}

// MOTE_STACK_GUARD (CMake option, default ON): the reset handler paints the main stack (for the
// memory report's high-water mark) and, where the core has an MPU (Armv7-M: Cortex-M3, M4, M7),
// makes its lowest 32 bytes a no-access region (Armv8-M mainline, Cortex-M33: MSPLIM, the stack
// limit register, at the same place), so an overflow faults at once instead of
// running into the frame arena below; the fault report then says "stack overflow".
#ifndef MOTE_STACK_GUARD
#define MOTE_STACK_GUARD 1
#endif

namespace {

namespace main_stack = mote::detail::main_stack;
// A fault whose exception frame lies this close to the stack's bottom (the guard included) is
// an overflow; mote_hardfault_handler uses the same figure.
constexpr std::uintptr_t kOverflowMargin = 64;

#if MOTE_STACK_GUARD
// Paints the stack below the reset handler's own frame, then arms the MPU guard if there is one.
[[gnu::always_inline]] inline void start_stack_guard() noexcept {
  std::uint32_t sp;
  __asm volatile("mov %0, sp" : "=r"(sp));
  main_stack::paint(sp);
#if defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_7EM__)
  using mote::cortex_m::reg32;
  namespace mpu = mote::cortex_m::mpu;
  if ((reg32(mpu::kType) & mpu::kTypeDregionMask) != 0) {  // QEMU's M3/M4 boards model 8 regions
    // RBAR with VALID selects the region itself (no RNR write); the highest number wins overlaps.
    reg32(mpu::kRbar) = static_cast<std::uint32_t>(main_stack::guard_start()) | mpu::kRbarValid | mpu::kGuardRegion;
    reg32(mpu::kRasr) = mpu::kRasrXn | mpu::kRasrNoAccess | mpu::kRasrSize32 | mpu::kRasrEnable;
    // PRIVDEFENA: everything else keeps the default memory map. HFNMIENA stays 0: the MPU is
    // off in the HardFault handler, which may then read (and stack into) the guard.
    reg32(mpu::kCtrl) = mpu::kCtrlPrivDefEna | mpu::kCtrlEnable;
    __asm volatile("dsb\n\tisb" ::: "memory");
  }
#elif defined(__ARM_ARCH_8M_MAIN__)
  // Armv8-M mainline (Cortex-M33): the main stack's limit register instead of an MPU region.
  // Moving SP below MSPLIM faults (UsageFault STKOF, escalated to HardFault) without the
  // write, so the 32 bytes below stay untouched like the Armv7-M guard. STKOFHFNMIGN: the
  // HardFault's own entry and handler may go below the limit (else a limit violation while
  // stacking for HardFault locks the core up, with no report).
  using mote::cortex_m::reg32;
  reg32(mote::cortex_m::scb::kCcr) = reg32(mote::cortex_m::scb::kCcr) | mote::cortex_m::scb::kCcrStkOfHfNmIgn;
  __asm volatile("msr msplim, %0\n\tisb" ::"r"(main_stack::guard_start() + main_stack::kGuardBytes) : "memory");
#endif
}
#endif

[[maybe_unused]] void print(const char* s) noexcept { mote::cortex_m::console_write(s, std::strlen(s)); }

}  // namespace

// Neither compiler may turn the word loops of the reset handler into memcpy/memset calls: no C
// library code may run before the C library's data exists. GCC: loop distribution into library
// calls off for this function; clang (which ignores GCC's optimize attribute): memcpy and memset
// are not builtins in this function, so its loop-idiom pass has nothing to turn them into.
#if defined(__clang__)
#define MOTE_PLAIN_LOOPS __attribute__((no_builtin("memcpy", "memset")))
#else
#define MOTE_PLAIN_LOOPS __attribute__((optimize("no-tree-loop-distribute-patterns")))
#endif

extern "C" [[noreturn]] MOTE_PLAIN_LOOPS void mote_reset_handler() noexcept {
#if defined(__ARM_FP)
  // Built for an FPU (e.g. Cortex-M4F, hard float): it is off at reset and any FP instruction
  // would fault, so grant full access to CP10/CP11 (CPACR bits 20-23) first. FPCCR keeps its
  // reset value: automatic and lazy FP state preservation on exception entry.
  mote::cortex_m::reg32(0xE000ED88) = mote::cortex_m::reg32(0xE000ED88) | (0xFu << 20);
  __asm volatile("dsb\n\tisb" ::: "memory");
#endif
  const std::uint32_t* src = __data_load;
  for (std::uint32_t* dst = __data_start; dst < __data_end;) *dst++ = *src++;
  for (std::uint32_t* dst = __bss_start; dst < __bss_end;) *dst++ = 0;
  if (&_set_tls != nullptr) _set_tls(__tls_base);
#if MOTE_STACK_GUARD
  start_stack_guard();
#endif

  using namespace mote::cortex_m;
#if defined(__ARM_FEATURE_IDIV)
  // Divide by zero faults instead of silently giving 0. (Without hardware division, e.g. on
  // Armv6-M where CCR is read-only, __aeabi_idiv0 below traps instead.)
  reg32(scb::kCcr) = reg32(scb::kCcr) | scb::kCcrDiv0Trp;
#endif

  // C++ static constructors (our own loop: no dependence on the C library's crt0 conventions).
  // Every board's linker script places .init_array right after .preinit_array (the ASSERT
  // there checks it), so one loop runs both lists in order.
  for (InitFn* f = __preinit_array_start; f < __init_array_end; ++f) (*f)();

  mote_program_main();
  mote::exit(0);  // the port's main() never returns; a board's own main() might
}

mote::platform::StackUsage mote::platform::main_stack_usage() noexcept {
#if MOTE_STACK_GUARD
  return {main_stack::size(), main_stack::peak_bytes()};
#else
  return {main_stack::size(), 0};
#endif
}

// MOTE_FAULT_REPORT: 1 (full, the default with semihosting) prints the stacked PC, LR and xPSR
// and the fault status registers; 0 (compact, the default without) prints one line, the kind of
// fault and the PC, which is what a field report needs and costs a fraction of the flash.
#ifndef MOTE_FAULT_REPORT_FULL
#define MOTE_FAULT_REPORT_FULL MOTE_SEMIHOSTING
#endif

#if MOTE_FAULT_REPORT_FULL
constexpr unsigned kFaultLevel = mote::log::detail::kFaultLevel;
#endif

// The fault handler proper: `frame` is the stacked exception frame (r0-r3, r12, lr, pc, xpsr).
extern "C" [[noreturn, gnu::used]] void mote_hardfault_report(const std::uint32_t* frame) noexcept {
  using namespace mote::cortex_m;
  // The exception frame was pushed at or below the guard: the stack overflowed (and the
  // handler below moved the stack pointer back to the top before calling this).
  [[maybe_unused]] bool overflow = reinterpret_cast<std::uintptr_t>(frame) < main_stack::bottom() + kOverflowMargin;
#if defined(__ARM_ARCH_8M_MAIN__)
  // Armv8-M mainline: the stack limit (MSPLIM) caught it, on either core (UFSR.STKOF).
  overflow = overflow || (reg32(scb::kCfsr) & scb::kCfsrStkOf) != 0;
#endif
#if MOTE_FAULT_REPORT_FULL
  // Log frames with the "fault" level (mote/log.hpp), like MOTE_PANIC's: tools/mote-log prints
  // "HardFault: PC 0x... LR 0x... xPSR 0x..." and the status registers, formatted on the host,
  // so the image carries neither a hex formatter nor the labels. The handler gave this a fresh
  // stack after an overflow, with room for a frame.
  MOTE_LOG_EMIT_(kFaultLevel, "HardFault:{} PC {:010x} LR {:010x} xPSR {:010x}", overflow ? " stack overflow" : "",
                 frame[6], frame[5], frame[7]);
#if !defined(__ARM_ARCH_6M__) && !defined(__ARM_ARCH_8M_BASE__)  // Armv6-M/Baseline: no fault status registers
  const std::uint32_t cfsr = reg32(scb::kCfsr);  // sticky: still the fault's after the frame above
  MOTE_LOG_EMIT_(kFaultLevel, "  CFSR {:010x} HFSR {:010x}", cfsr, reg32(scb::kHfsr));
  if ((cfsr & scb::kCfsrMmarValid) != 0) MOTE_LOG_EMIT_(kFaultLevel, "  MMFAR {:010x}", reg32(scb::kMmfar));
  if ((cfsr & scb::kCfsrBfarValid) != 0) MOTE_LOG_EMIT_(kFaultLevel, "  BFAR {:010x}", reg32(scb::kBfar));
#endif
#else
  // "fault: <kind> pc=0x........": the kind from CFSR's three parts (UsageFault, BusFault,
  // MemManage: whichever escalated), "hard" when none is set and on Armv6-M/Baseline.
  const char* kind = "hard";
#if !defined(__ARM_ARCH_6M__) && !defined(__ARM_ARCH_8M_BASE__)
  const std::uint32_t cfsr = reg32(scb::kCfsr);
  if (overflow) {
    kind = "stack overflow";
  } else if (cfsr >= 0x10000u) {
    kind = "usage";
  } else if (cfsr >= 0x100u) {
    kind = "bus";
  } else if (cfsr != 0) {
    kind = "mem";
  }
#endif
  char line[] = " pc=0x........\n";
  for (int i = 0; i < 8; ++i) line[6 + i] = "0123456789abcdef"[(frame[6] >> (28 - 4 * i)) & 0xFu];
  print("\nfault: ");
  print(kind);
  console_write(line, sizeof line - 1);
#endif
  console_flush();
  stop(false);
}

#if !defined(__ARM_FEATURE_IDIV)
// Without a hardware divider (Armv6-M) libgcc divides, and calls these on a zero divisor; its
// own versions return quietly (100 / 0 gave 0). Fault instead (UDF: a HardFault, reported
// above), as CCR.DIV_0_TRP makes Armv7-M do, so a division by zero is never silent. The Arm
// run-time ABI lets a program supply these two functions.
extern "C" [[gnu::naked, gnu::used]] void __aeabi_idiv0() noexcept { __asm volatile("udf #0"); }
extern "C" [[gnu::naked, gnu::used]] void __aeabi_ldiv0() noexcept { __asm volatile("udf #0"); }
#endif

#define MOTE_DETAIL_STR2(x) #x
#define MOTE_DETAIL_STR(x) MOTE_DETAIL_STR2(x)

// Finds the stack the faulting code used (EXC_RETURN bit 2: 0 = main, 1 = process) and passes
// its exception frame on. Naked: no prologue may touch the stack before we have looked at it.
extern "C" [[gnu::naked]] void mote_hardfault_handler() noexcept {
  __asm volatile(
      ".syntax unified\n\t"  // GCC's Thumb-1 default is divided syntax (no subs/adds forms)
      "movs r0, #4\n\t"
      "mov r1, lr\n\t"
      "tst r0, r1\n\t"
      "beq 1f\n\t"
      "mrs r0, psp\n\t"
      "b 2f\n"
      "1:\n\t"
      "mrs r0, msp\n"
      "2:\n\t"
      // A frame at the stack's bottom (an overflow into the guard): the report gets a fresh
      // stack from the top (the old one is lost anyway), not what is left below the guard.
      "ldr r1, =__stack_top\n\t"
      "ldr r2, =__stack_size\n\t"
      "subs r1, r1, r2\n\t"
      "adds r1, #64\n\t"  // kOverflowMargin
      "cmp r0, r1\n\t"
#if defined(__ARM_ARCH_8M_MAIN__)
      "blo 4f\n\t"
      // Armv8-M mainline: or the stack limit caught it (UFSR.STKOF, CFSR bit 20), wherever the
      // frame is (a large stack adjustment stops well above the limit).
      "ldr r1, =0xE000ED28\n\t"
      "ldr r1, [r1]\n\t"
      "tst r1, #0x100000\n\t"
      "beq 3f\n"
      "4:\n\t"
#if MOTE_MULTICORE
      // Core 1's own stack (the top of RAM), not core 0's, which is running.
      "ldr r1, =" MOTE_DETAIL_STR(MOTE_CORTEX_M_CPUID_ADDRESS) "\n\t"
      "ldr r1, [r1]\n\t"
      "cmp r1, #0\n\t"
      "beq 5f\n\t"
      "ldr r1, =__core1_stack_top\n\t"
      "msr msp, r1\n\t"
      "b 3f\n"
      "5:\n\t"
#endif
#else
      "bhs 3f\n\t"
#endif
      "ldr r1, =__stack_top\n\t"
      "msr msp, r1\n"
      "3:\n\t"
      "ldr r1, =mote_hardfault_report\n\t"  // bx, not b: in range from anywhere, also on Armv6-M
      "bx r1\n\t"
      ".ltorg\n\t");
}

extern "C" void mote_default_handler() noexcept {
  const std::uint32_t exception = mote::cortex_m::reg32(mote::cortex_m::scb::kIcsr) & mote::cortex_m::scb::kIcsrVectActiveMask;
  // One message for both kinds (one call, one string: this handler is in every image).
  const bool irq = exception >= 16;
  MOTE_PANIC("{} {} has no handler", irq ? "interrupt" : "exception", irq ? exception - 16 : exception);
}

// SysTick's vector names mote_systick_clock_handler (vector_table.hpp). Weak here, so that a
// firmware whose time driver is not the SysTick clock does not link that clock only for its
// vector: the clock's own file (systick_clock.cpp) defines the real handler and is linked with
// systick_clock_start, the only way SysTick gets started; until then it cannot fire.
extern "C" void mote_systick_clock_handler() noexcept __attribute__((weak, alias("mote_default_handler")));
