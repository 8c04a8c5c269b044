// mote/riscv.hpp: the parts of the RISC-V port that chips and boards build on.
//
// Machine-mode CSRs, the CLINT (mtime/mtimecmp/msip, at the same place on every SiFive-style
// core: QEMU virt and the FE310), the PLIC (external interrupts with priorities), semihosting,
// and the hooks the port expects a chip or board to provide (console, init, the PLIC's handler
// table). CSR numbers and bits are from the RISC-V Privileged Architecture (v1.12); the CLINT
// and PLIC layouts from SiFive's documents, as QEMU's sifive_clint/aclint and sifive_plic model
// them.
#pragma once

#include <cstddef>
#include <cstdint>

namespace mote::riscv {

/// A memory-mapped 32-bit register. ISR-safe (each access is one bus access).
inline volatile std::uint32_t& reg32(std::uintptr_t address) noexcept {
  return *reinterpret_cast<volatile std::uint32_t*>(address);
}

// ---- Machine-mode CSRs ----------------------------------------------------------------------
namespace csr {
inline constexpr std::uint32_t kMstatusMie = 1u << 3;   // interrupts enabled (machine mode)
inline constexpr std::uint32_t kMstatusMpie = 1u << 7;  // MIE before the trap
inline constexpr std::uint32_t kMieMsie = 1u << 3;      // machine software interrupt (CLINT msip)
inline constexpr std::uint32_t kMieMtie = 1u << 7;      // machine timer interrupt (mtimecmp)
inline constexpr std::uint32_t kMieMeie = 1u << 11;     // machine external interrupt (PLIC)
inline constexpr std::uint32_t kMcauseInterrupt = 1u << 31;
inline constexpr std::uint32_t kCauseSoftware = 3;
inline constexpr std::uint32_t kCauseTimer = 7;
inline constexpr std::uint32_t kCauseExternal = 11;
}  // namespace csr

/// Sets bits of mie (interrupt sources the hart listens to). ISR-safe (one csrrs).
inline void mie_set(std::uint32_t bits) noexcept { __asm volatile("csrs mie, %0" ::"r"(bits) : "memory"); }
/// Clears bits of mie. ISR-safe (one csrrc).
inline void mie_clear(std::uint32_t bits) noexcept { __asm volatile("csrc mie, %0" ::"r"(bits) : "memory"); }
/// Sets mstatus.MIE: interrupts on. Only where no critical section is open. ISR-safe.
inline void interrupts_enable() noexcept { __asm volatile("csrsi mstatus, 8" ::: "memory"); }
/// Clears mstatus.MIE. ISR-safe.
inline void interrupts_disable() noexcept { __asm volatile("csrci mstatus, 8" ::: "memory"); }

// ---- CLINT (core-local interruptor) ---------------------------------------------------------
namespace clint {
inline constexpr std::uintptr_t kBase = 0x02000000;       // QEMU virt and the FE310 alike
inline constexpr std::uintptr_t kMsip = kBase + 0x0000;      // hart 0 software interrupt (bit 0)
inline constexpr std::uintptr_t kMtimecmp = kBase + 0x4000;  // hart 0 compare (64-bit, lo then hi)
inline constexpr std::uintptr_t kMtime = kBase + 0xBFF8;     // the free-running 64-bit counter
}  // namespace clint

// ---- PLIC (platform-level interrupt controller) ---------------------------------------------
// Source n (1..) has a priority 0..7 (0: never delivered), one enable bit per context, and is
// taken (claimed) by reading the context's claim register, which returns the most urgent pending
// source whose priority exceeds the context's threshold; writing its number back completes it.
// Context 0 is hart 0's machine mode on both QEMU virt and the FE310. The port's claim loop
// raises the threshold to the running handler's priority and enables interrupts, so a more
// urgent source preempts a less urgent one's handler (platform/riscv/src/startup.cpp).
namespace plic {
inline constexpr std::uintptr_t kBase = 0x0C000000;
inline constexpr std::uintptr_t kPriority = kBase + 0x000000;  // + 4 * source
inline constexpr std::uintptr_t kPending = kBase + 0x001000;   // read-only bits
inline constexpr std::uintptr_t kEnable = kBase + 0x002000;    // context 0: + 4 * (source / 32)
inline constexpr std::uintptr_t kThreshold = kBase + 0x200000;  // context 0
inline constexpr std::uintptr_t kClaim = kBase + 0x200004;      // context 0: claim / complete
inline constexpr unsigned kMaxPriority = 7;

/// Gives source `irq` priority `priority` (1 .. 7, 7 most urgent; 0 masks it) and enables it for
/// hart 0's machine mode. ISR-safe (a critical section around the enable word).
void enable(unsigned irq, unsigned priority) noexcept;
/// Stops source `irq` from reaching the hart (a pending request stays pending). ISR-safe.
void disable(unsigned irq) noexcept;
/// Whether source `irq` is pending at the PLIC. ISR-safe.
inline bool is_pending(unsigned irq) noexcept { return (reg32(kPending + 4 * (irq / 32)) >> (irq % 32) & 1u) != 0; }
}  // namespace plic

// ---- Semihosting (the debugger's, or QEMU's, services through a marked EBREAK) --------------
// Only in images built with MOTE_SEMIHOSTING=ON (the default, for the emulated boards' tests).
// Without a debugger the marked EBREAK traps: -DMOTE_SEMIHOSTING=OFF builds an image with no
// semihosting sequence in it.
#ifndef MOTE_SEMIHOSTING
#define MOTE_SEMIHOSTING 1
#endif
/// Whether this image may use semihosting (MOTE_SEMIHOSTING).
inline constexpr bool kSemihosting = MOTE_SEMIHOSTING != 0;
#if MOTE_SEMIHOSTING
namespace semihosting {
inline constexpr std::uint32_t kSysWrite0 = 0x04;
inline constexpr std::uint32_t kSysGetCmdline = 0x15;  // the command line (QEMU: -kernel file, then -append)
inline constexpr std::uint32_t kSysExit = 0x18;
inline constexpr std::uint32_t kAdpStoppedApplicationExit = 0x20026;     // QEMU exits 0
inline constexpr std::uint32_t kAdpStoppedRunTimeErrorUnknown = 0x20023;  // QEMU exits 1
/// Performs semihosting operation `op` with argument `arg` (on rv32 SYS_EXIT takes the reason
/// itself). The EBREAK is marked by the two instructions around it, uncompressed and in one
/// aligned block, as the RISC-V semihosting specification requires. Without a debugger or QEMU
/// (-semihosting-config enable=on) the EBREAK traps. ISR-safe.
std::uint32_t call(std::uint32_t op, std::uintptr_t arg) noexcept;
/// Ends the emulation: success (QEMU exits 0) or failure (QEMU exits 1). ISR-safe.
[[noreturn]] void exit(bool success) noexcept;
}  // namespace semihosting
#endif

// ---- Stopping (platform/riscv/src/exit.cpp) -------------------------------------------------

/// Ends the program with interrupts masked: with semihosting, a semihosting exit (status 0 for
/// `success`, else 1); without, the chip's stop (chip_stop; MOTE_STOP=reset, the default) or a
/// halt (MOTE_STOP=halt, or when the chip has no way to stop). Used by mote::exit, panics and the
/// trap report. ISR-safe.
[[noreturn]] void stop(bool success) noexcept;
/// Masks interrupts and sleeps for good (WFI in a loop): a debugger can attach and look.
/// ISR-safe.
[[noreturn]] void halt() noexcept;

/// Whether the caller runs in a trap handler (an interrupt or exception). ISR-safe.
bool in_interrupt() noexcept;
/// Interrupts taken since reset (every cause; a nested one counts too). For idle checks and
/// statistics; wraps after 2^32. ISR-safe.
std::uint32_t interrupts_taken() noexcept;
/// Times the thread-mode executor has gone to sleep in WFI since reset. ISR-safe.
std::uint32_t idle_sleeps() noexcept;

/// An interrupt handler: the chip's PLIC table and the soft interrupts hold these.
using Handler = void (*)() noexcept;

// ---- Provided by the chip or board ------------------------------------------------------

/// Writes `n` bytes to the console (polled). Used by printf, panics and the trap report, so it
/// must work with interrupts masked. ISR-safe. Defined by the chip's console driver.
void console_write(const char* data, std::size_t n) noexcept;
/// Waits until every byte written has left the console. ISR-safe.
void console_flush() noexcept;
/// Ends the program the chip's way, for images without semihosting (MOTE_STOP=reset): QEMU
/// virt's SiFive test device powers off with status 0 (`success`) or 1; the FE310 resets through
/// its always-on watchdog. Returns only if the chip did not stop (stop() then halts). Called with
/// interrupts masked; ISR-safe. Defined by the chip (chips/<chip>/src/stop.cpp).
void chip_stop(bool success) noexcept;

}  // namespace mote::riscv

namespace mote::board {
/// Brings the board up before any task runs: console, time driver, interrupt controller.
/// Called once by the port's main() with interrupts enabled; not ISR-safe. Defined by
/// boards/<board>/board.cpp.
void init() noexcept;
}  // namespace mote::board

extern "C" {
/// The chip's PLIC handler table: entry n serves source n (entry 0 is never used), and its
/// length. Defined by the chip's vectors.cpp; each entry is a weak alias of a default that
/// panics naming the interrupt, overridden by a driver or MOTE_BIND_INTERRUPTS.
extern const mote::riscv::Handler mote_riscv_external_handlers[];
extern const unsigned mote_riscv_external_count;
/// Entry point (the board's linker script makes it the first instruction of the image).
[[noreturn]] void _start() noexcept;
/// The machine-mode trap vector (mtvec, direct mode).
void mote_riscv_trap_entry() noexcept;
/// What an external interrupt without a handler runs: panics naming the PLIC source.
void mote_riscv_default_handler() noexcept;
/// The timer interrupt's work (the CLINT time driver, platform/riscv/src/clint_time.cpp).
void mote_riscv_timer_interrupt() noexcept;
/// Top of the stack (defined by the board's linker script).
extern std::uint32_t __stack_top[];
}
