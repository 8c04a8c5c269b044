// The Cortex-M side of multicore builds (MOTE_MULTICORE, mote/multicore.hpp): the cross-core
// lock behind critical sections, per-core thread-local storage, and core 1's start: its vector
// table, reset code, stack guard and executor. What is chip-specific (how a core is released
// from reset, the doorbell) is the chip's: platform::release_core and platform::ring_core
// (chips/sse200/src/multicore.cpp). Compiles to nothing on single-core boards.
#include <mote/platform/port.hpp>

#if MOTE_MULTICORE

#include <cstdint>

#include "mote/cortex_m.hpp"
#include "mote/executor.hpp"
#include "mote/multicore.hpp"
#include "mote/panic.hpp"

static_assert(MOTE_CORTEX_M_IDLE_WFI, "mote: multicore builds sleep in WFI (the doorbell ends it); MOTE_CORTEX_M_IDLE_WFI=OFF is single-core only");
static_assert(MOTE_MULTICORE == 2, "mote: start_core1 starts one more core: MOTE_MULTICORE must be 2");

extern "C" {
// The board's linker script (boards/mps2-an521/linker.ld).
extern std::uint32_t __core1_stack_top[], __core1_stack_bottom[];
extern char __mote_core0_tp[];                 // core 0's thread pointer: its TLS block - TCB
extern char __arm32_tls_tcb_offset[];          // the 8-byte thread control block below each block
extern std::uint32_t __tls_base[], __data_end[], __tdata_load[];  // .tdata (RAM copy, its end, template)
extern char __mote_tls_size[];                 // .tdata + .tbss
extern std::uint32_t __mote_core1_tls[];       // core 1's TLS block (NOLOAD)
}

namespace mote {
namespace platform {
namespace detail {
volatile std::uint32_t g_cs_lock = 0;
}  // namespace detail
/// The chip's: points core `core`'s reset vector table at `vectors` and lets it run.
void release_core(std::uint32_t core, const std::uint32_t* vectors) noexcept;
/// The chip's: enables this core's doorbell interrupt in its NVIC (each core has its own).
void enable_doorbell() noexcept;
}  // namespace platform

}  // namespace mote

// Each core's thread pointer (what __aeabi_read_tp returns), by core number. Core 0's block is
// the .tdata/.tbss the reset handler initialised; core 1's is set by its reset code.
extern "C" {
[[gnu::used]] char* mote_core_tp[MOTE_MULTICORE] = {__mote_core0_tp, nullptr};
}

namespace mote {
namespace {

// Core 1's vector table: a copy of core 0's (the same handlers) with core 1's stack and reset
// handler. Vector tables are aligned to their size rounded up to a power of two: 16 exceptions
// + up to 128 interrupts = 576 bytes -> 1 KiB.
constexpr unsigned kCore1Vectors = 16 + 128;
alignas(1024) std::uint32_t g_core1_vectors[kCore1Vectors];

void (*g_core1_main)(Spawner) = nullptr;
constinit Executor g_core1_executor;

extern "C" [[noreturn]] void mote_core1_reset() noexcept {
  using namespace cortex_m;
#if defined(__ARM_FP)
  reg32(0xE000ED88) = reg32(0xE000ED88) | (0xFu << 20);  // this core's FPU (CPACR is per core)
  __asm volatile("dsb\n\tisb" ::: "memory");
#endif
  // CCR is per core: division by zero faults here too (as core 0's reset handler sets).
  reg32(scb::kCcr) = reg32(scb::kCcr) | scb::kCcrDiv0Trp;
#if MOTE_STACK_GUARD
  // The stack guard: MSPLIM at the stack's bottom; an overflow is a UsageFault STKOF, reported
  // as "stack overflow" (startup.cpp). STKOFHFNMIGN, as on core 0: the HardFault's entry may
  // go below the limit (else it locks the core up instead of reporting).
  reg32(scb::kCcr) = reg32(scb::kCcr) | scb::kCcrStkOfHfNmIgn;
  __asm volatile("msr msplim, %0\n\tisb" ::"r"(__core1_stack_bottom) : "memory");
#endif
  // This core's thread-local block: .tdata's initial values, .tbss zeroed.
  const auto tdata_words = static_cast<std::size_t>(__data_end - __tls_base);
  const std::size_t words = reinterpret_cast<std::uintptr_t>(__mote_tls_size) / 4;
  for (std::size_t i = 0; i < words; ++i) __mote_core1_tls[i] = i < tdata_words ? __tdata_load[i] : 0;
  mote_core_tp[1] = reinterpret_cast<char*>(__mote_core1_tls) - reinterpret_cast<std::uintptr_t>(__arm32_tls_tcb_offset);
  __asm volatile("dsb" ::: "memory");
  platform::enable_doorbell();
  g_core1_main(g_core1_executor.spawner());
  g_core1_executor.run();  // never returns
  __builtin_unreachable();
}

}  // namespace

void start_core1(void (*main)(Spawner)) noexcept {
  using namespace cortex_m;
  if (platform::core_id() != 0 || g_core1_main != nullptr) MOTE_PANIC("start_core1: call it once, from core 0");
  const auto* core0 = reinterpret_cast<const std::uint32_t*>(reg32(scb::kVtor));
  // ICTR.INTLINESNUM: the NVIC's lines in blocks of 32.
  const unsigned entries = 16 + 32 * ((reg32(0xE000E004) & 0xFu) + 1);
  if (entries > kCore1Vectors) MOTE_PANIC("start_core1: {} vectors do not fit core 1's table", entries);
  for (unsigned i = 0; i < entries; ++i) g_core1_vectors[i] = core0[i];
  g_core1_vectors[0] = reinterpret_cast<std::uintptr_t>(__core1_stack_top);
  g_core1_vectors[1] = reinterpret_cast<std::uintptr_t>(&mote_core1_reset) | 1u;  // Thumb
  g_core1_main = main;
  // Before core 1 runs: from now on a wake-up of one of its tasks from core 0 rings core 1.
  g_core1_executor.pender().set_core(1);
  platform::enable_doorbell();  // core 0's: core 1 wakes core 0's tasks through it
  __asm volatile("dsb" ::: "memory");  // the table and main in memory before core 1 reads them
  platform::release_core(1, g_core1_vectors);
}

Spawner core1_spawner() noexcept { return g_core1_executor.spawner(); }

}  // namespace mote

#define MOTE_DETAIL_STR2(x) #x
#define MOTE_DETAIL_STR(x) MOTE_DETAIL_STR2(x)

// Thread-local storage: the compilers reach a thread_local through __aeabi_read_tp (M-profile
// has no thread-pointer register), which may clobber only r0, ip, lr and the flags. Here it is
// the table entry of the core that asks: its CPU identity register is the index. Defined here,
// picolibc's own (one global pointer) is not linked.
extern "C" [[gnu::naked, gnu::used]] void* __aeabi_read_tp() noexcept {
  __asm volatile(
      "ldr r0, =" MOTE_DETAIL_STR(MOTE_CORTEX_M_CPUID_ADDRESS) "\n\t"
      "ldr r0, [r0]\n\t"
      "ldr ip, =mote_core_tp\n\t"
      "ldr r0, [ip, r0, lsl #2]\n\t"
      "bx lr\n\t"
      ".ltorg");
}

#endif  // MOTE_MULTICORE
