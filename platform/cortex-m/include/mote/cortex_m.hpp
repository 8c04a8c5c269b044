// mote/cortex_m.hpp: the parts of the Cortex-M port that chips and boards build on.
//
// The core peripherals every Armv7-M/Armv6-M core has at the same addresses (SCB, NVIC,
// SysTick), semihosting, the exception handlers the port implements (a chip's vector table
// names them), and the hooks the port expects a chip or board to provide (console, init).
// Register addresses and bits are from the Armv7-M Architecture Reference Manual.
#pragma once

#include <cstddef>
#include <cstdint>

namespace mote::cortex_m {

/// A memory-mapped 32-bit register. ISR-safe (each access is one bus access).
inline volatile std::uint32_t& reg32(std::uintptr_t address) noexcept {
  return *reinterpret_cast<volatile std::uint32_t*>(address);
}
/// Writes one priority byte of the NVIC IPR or SCB SHPR registers. Armv6-M accepts only word
/// accesses there, so this is a word read-modify-write inside a critical section on every core.
/// ISR-safe.
void write_priority_byte(std::uintptr_t byte_address, std::uint8_t priority) noexcept;

// ---- System control block ---------------------------------------------------------------
namespace scb {
inline constexpr std::uintptr_t kIcsr = 0xE000ED04;   // interrupt control and state
inline constexpr std::uintptr_t kVtor = 0xE000ED08;   // vector table offset
inline constexpr std::uintptr_t kAircr = 0xE000ED0C;  // application interrupt and reset control
inline constexpr std::uint32_t kAircrVectKey = 0x05FAu << 16;  // a write without it is ignored
inline constexpr std::uint32_t kAircrSysResetReq = 1u << 2;
inline constexpr unsigned kAircrPrigroupShift = 8;     // PRIGROUP, bits 10:8 (Armv7-M and up; RAZ on Armv6-M)
inline constexpr std::uintptr_t kCcr = 0xE000ED14;    // configuration and control
inline constexpr std::uintptr_t kShpr1 = 0xE000ED18;  // system handler priority bytes 4..15
inline constexpr std::uintptr_t kShcsr = 0xE000ED24;  // system handler control and state
inline constexpr std::uintptr_t kCfsr = 0xE000ED28;   // configurable fault status (MMFSR|BFSR|UFSR)
inline constexpr std::uintptr_t kHfsr = 0xE000ED2C;   // hard fault status
inline constexpr std::uintptr_t kMmfar = 0xE000ED34;  // memory-management fault address
inline constexpr std::uintptr_t kBfar = 0xE000ED38;   // bus fault address

inline constexpr std::uint32_t kIcsrPendStSet = 1u << 26;  // SysTick exception pending
inline constexpr std::uint32_t kIcsrVectActiveMask = 0x1FF;
inline constexpr std::uint32_t kCcrDiv0Trp = 1u << 4;  // integer division by zero faults
inline constexpr std::uint32_t kCcrStkOfHfNmIgn = 1u << 10;  // Armv8-M: no stack limit checks at priority < 0
inline constexpr std::uint32_t kCfsrStkOf = 1u << 20;        // Armv8-M: UsageFault, a stack limit (MSPLIM) hit
inline constexpr std::uint32_t kCfsrMmarValid = 1u << 7;
inline constexpr std::uint32_t kCfsrBfarValid = 1u << 15;

/// Sets the priority of system exception `exception` (4..15; 15 is SysTick). Lower is more
/// urgent; only the top implemented bits count. ISR-safe (one byte write).
inline void set_priority(unsigned exception, std::uint8_t priority) noexcept {
  write_priority_byte(kShpr1 + exception - 4, priority);
}
}  // namespace scb

// ---- MPU (Armv7-M PMSA: Cortex-M3, M4, M7; the main stack's guard) --------------------------
namespace mpu {
inline constexpr std::uintptr_t kType = 0xE000ED90;  // DREGION: number of regions (0: no MPU)
inline constexpr std::uintptr_t kCtrl = 0xE000ED94;
inline constexpr std::uintptr_t kRnr = 0xE000ED98;   // region number the next two registers address
inline constexpr std::uintptr_t kRbar = 0xE000ED9C;  // region base address
inline constexpr std::uintptr_t kRasr = 0xE000EDA0;  // region attributes and size
inline constexpr std::uint32_t kTypeDregionMask = 0xFFu << 8;
inline constexpr std::uint32_t kRbarValid = 1u << 4;  // RBAR's REGION field (3:0) selects the region
inline constexpr std::uint32_t kCtrlEnable = 1u << 0;
inline constexpr std::uint32_t kCtrlPrivDefEna = 1u << 2;  // the default map where no region matches
inline constexpr std::uint32_t kRasrEnable = 1u << 0;
inline constexpr std::uint32_t kRasrSize32 = 4u << 1;      // 2^(SIZE+1) bytes
inline constexpr std::uint32_t kRasrNoAccess = 0u << 24;   // AP = 000
inline constexpr std::uint32_t kRasrXn = 1u << 28;
inline constexpr std::uint32_t kGuardRegion = 7;  // the highest of the 8 regions: wins any overlap
}  // namespace mpu

// ---- SysTick --------------------------------------------------------------------------
namespace systick {
inline constexpr std::uintptr_t kCsr = 0xE000E010;  // control and status
inline constexpr std::uintptr_t kRvr = 0xE000E014;  // reload value (24 bits)
inline constexpr std::uintptr_t kCvr = 0xE000E018;  // current value (24 bits, counts down)
inline constexpr std::uint32_t kCsrEnable = 1u << 0;
inline constexpr std::uint32_t kCsrTickInt = 1u << 1;
inline constexpr std::uint32_t kCsrClkSourceCore = 1u << 2;  // the core clock, not the reference
inline constexpr unsigned kException = 15;
}  // namespace systick

// ---- NVIC (external interrupts, numbered from 0) -----------------------------------------
namespace nvic {
inline constexpr std::uintptr_t kIser = 0xE000E100;  // set-enable, one bit per interrupt
inline constexpr std::uintptr_t kIcer = 0xE000E180;  // clear-enable
inline constexpr std::uintptr_t kIspr = 0xE000E200;  // set-pending
inline constexpr std::uintptr_t kIcpr = 0xE000E280;  // clear-pending
inline constexpr std::uintptr_t kIpr = 0xE000E400;   // priority, one byte per interrupt

/// Lets interrupt `irq` reach the core. ISR-safe.
inline void enable(unsigned irq) noexcept { reg32(kIser + 4 * (irq / 32)) = 1u << (irq % 32); }
/// Stops interrupt `irq` from reaching the core (a pending request stays pending). ISR-safe.
inline void disable(unsigned irq) noexcept { reg32(kIcer + 4 * (irq / 32)) = 1u << (irq % 32); }
/// Makes `irq` pending as if its peripheral had raised it. ISR-safe.
inline void set_pending(unsigned irq) noexcept { reg32(kIspr + 4 * (irq / 32)) = 1u << (irq % 32); }
/// Withdraws a pending request of `irq`. ISR-safe.
inline void clear_pending(unsigned irq) noexcept { reg32(kIcpr + 4 * (irq / 32)) = 1u << (irq % 32); }
/// Sets the priority of `irq` (lower is more urgent; only the top implemented bits count).
/// ISR-safe (one byte write).
inline void set_priority(unsigned irq, std::uint8_t priority) noexcept { write_priority_byte(kIpr + irq, priority); }
}  // namespace nvic

// ---- Semihosting (the debugger's, or QEMU's, services through BKPT 0xAB) -----------------
// Only in images built with MOTE_SEMIHOSTING=ON (the default, for the emulated boards' tests).
// On a chip without a debugger attached, BKPT is a HardFault: -DMOTE_SEMIHOSTING=OFF builds an
// image with no BKPT 0xAB in it, and code that uses semihosting must say what it does without
// (test kSemihosting, or #if MOTE_SEMIHOSTING).
#ifndef MOTE_SEMIHOSTING
#define MOTE_SEMIHOSTING 1
#endif
/// Whether this image may use semihosting (MOTE_SEMIHOSTING).
inline constexpr bool kSemihosting = MOTE_SEMIHOSTING != 0;
#if MOTE_SEMIHOSTING
namespace semihosting {
inline constexpr std::uint32_t kSysWrite0 = 0x04;  // print a NUL-terminated string
inline constexpr std::uint32_t kSysGetCmdline = 0x15;  // the command line (QEMU: -kernel file, then -append)
inline constexpr std::uint32_t kSysExit = 0x18;
inline constexpr std::uint32_t kAdpStoppedApplicationExit = 0x20026;  // QEMU exits 0
inline constexpr std::uint32_t kAdpStoppedRunTimeErrorUnknown = 0x20023;  // QEMU exits 1

/// Performs semihosting operation `op` with argument `arg`. Without a debugger or QEMU the
/// BKPT faults, so only use it where one is attached. ISR-safe.
inline std::uint32_t call(std::uint32_t op, std::uintptr_t arg) noexcept {
  std::uint32_t result;
  __asm volatile("mov r0, %1\n\tmov r1, %2\n\tbkpt 0xAB\n\tmov %0, r0"
                 : "=r"(result)
                 : "r"(op), "r"(arg)
                 : "r0", "r1", "memory");
  return result;
}
/// Ends the emulation: success (QEMU exits 0) or failure (QEMU exits 1). ISR-safe.
[[noreturn]] void exit(bool success) noexcept;
}  // namespace semihosting
#endif

// ---- Stopping (platform/cortex-m/src/exit.cpp) ------------------------------------------

/// Ends the program with interrupts masked: with semihosting, a semihosting exit (status 0 for
/// `success`, else 1); without, a system reset (MOTE_STOP=reset, the default) or a halt
/// (MOTE_STOP=halt). Used by mote::exit, panics and the fault handler. ISR-safe.
[[noreturn]] void stop(bool success) noexcept;
/// Requests a system reset (SCB AIRCR.SYSRESETREQ) and waits for it. ISR-safe.
[[noreturn]] void system_reset() noexcept;
/// Masks interrupts and sleeps for good (WFI in a loop): a debugger can attach and look.
/// ISR-safe.
[[noreturn]] void halt() noexcept;

/// Whether the caller runs in an exception handler (IPSR != 0). ISR-safe.
inline bool in_interrupt() noexcept {
  std::uint32_t ipsr;
  __asm volatile("mrs %0, ipsr" : "=r"(ipsr));
  return ipsr != 0;
}

// ---- Provided by the chip or board ------------------------------------------------------

/// Writes `n` bytes to the console (polled: returns once they are queued in the hardware).
/// Used by printf (stdout/stderr), panics and the fault handler, so it must work with
/// interrupts masked. ISR-safe. Defined by the chip's console driver.
void console_write(const char* data, std::size_t n) noexcept;
/// Waits until every byte written has left the console. ISR-safe. Defined with console_write.
void console_flush() noexcept;

}  // namespace mote::cortex_m

namespace mote::board {
/// Brings the board up before any task runs: clocks, console, time driver. Called once by the
/// port's main() in thread mode, with interrupts enabled; not ISR-safe. Defined by
/// boards/<board>/board.cpp.
void init() noexcept;
}  // namespace mote::board

// ---- Exception handlers the port implements (a chip's vector table names them; the hardware
// calls them, nothing else should) ---------------------------------------------------------
extern "C" {
/// Reset: copies .data, zeroes .bss, runs static constructors, calls main().
[[noreturn]] void mote_reset_handler() noexcept;
/// HardFault (and MemManage/BusFault/UsageFault, which escalate to it): prints PC, LR, CFSR,
/// HFSR, MMFAR and BFAR on the console (MOTE_FAULT_REPORT=full), or one line with the kind of
/// fault and the PC (compact), then stops with a failure status (cortex_m::stop).
void mote_hardfault_handler() noexcept;
/// Any exception or interrupt without a handler: panics with its exception number.
void mote_default_handler() noexcept;
/// Top of the main stack (defined by the board's linker script).
extern std::uint32_t __stack_top[];
}
