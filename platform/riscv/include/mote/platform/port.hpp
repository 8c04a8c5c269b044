// The RISC-V port (rv32, machine mode): what the core needs from a platform.
//
// Every port provides this header with the same declarations (see platform/host and
// platform/cortex-m): critical sections, a pender that wakes a sleeping executor, the time base
// and alarm, and how the program stops. Here the critical section is mstatus.MIE, the pender is
// a flag (thread mode, which sleeps in WFI with MIE clear) or a software interrupt of the
// port's soft interrupt controller (an interrupt executor, mote/riscv/interrupt_executor.hpp),
// and the time base and alarm are the CLINT's mtime/mtimecmp (platform/riscv/src/clint_time.cpp).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

#define MOTE_PLATFORM_RISCV 1
// One hart, one thread-mode context: nothing is per-thread (interrupts are not threads).
#define MOTE_THREAD_LOCAL

namespace mote::riscv::soft_irq {
/// Makes software interrupt `irq` pending (mote/riscv/soft_irq.hpp). ISR-safe.
void set_pending(unsigned irq) noexcept;
}  // namespace mote::riscv::soft_irq

namespace mote::platform {

/// Saved mstatus.MIE of an enclosing critical section. Nesting is allowed.
using CsState = std::uint32_t;

/// Clears mstatus.MIE (every interrupt masked) and returns its previous value: one csrrci, which
/// reads and clears atomically, so no interrupt can slip in between. ISR-safe.
inline CsState cs_enter() noexcept {
  CsState mstatus;
  __asm volatile("csrrci %0, mstatus, 8" : "=r"(mstatus)::"memory");
  return mstatus & 8u;
}

/// Restores the MIE bit saved by the matching cs_enter: interrupts come back only when the
/// outermost critical section ends. ISR-safe.
inline void cs_exit(CsState state) noexcept { __asm volatile("csrs mstatus, %0" ::"r"(state) : "memory"); }

/// Wakes an executor: the thread-mode one sleeping in WFI (a flag; the interrupt whose handler
/// called pend() has itself ended the WFI), or an interrupt executor by making its software
/// interrupt pending.
class Pender {
 public:
  /// Thread mode: marks work pending. Interrupt executor: pends its software interrupt. ISR-safe.
  void pend() noexcept {
    if (irq_plus_1_ == 0) [[likely]] {
      pending_.store(1, std::memory_order_release);
    } else {
      // The queue push this pend announces must be in memory before the handler can run.
      __asm volatile("" ::: "memory");
      riscv::soft_irq::set_pending(irq_plus_1_ - 1u);
    }
  }
  /// Whether pend() was called since the last call; clears the mark. Thread-mode executor only.
  /// (A 32-bit flag: GCC 12 has no inline sub-word atomics for RISC-V.)
  bool take_pending() noexcept { return pending_.exchange(0, std::memory_order_acq_rel) != 0; }

  /// Makes pend() request software interrupt `irq` instead of waking thread mode. Called once by
  /// InterruptExecutor::start before the executor has any task. Not ISR-safe.
  void use_interrupt(unsigned irq) noexcept { irq_plus_1_ = static_cast<std::uint16_t>(irq + 1); }
  /// Whether this pender requests an interrupt (it belongs to an interrupt executor). ISR-safe.
  bool uses_interrupt() const noexcept { return irq_plus_1_ != 0; }

 private:
  std::atomic<std::uint32_t> pending_{0};
  std::uint16_t irq_plus_1_ = 0;  // 0: thread mode
};

/// Ticks since boot (MOTE_TICK_HZ per second: the CLINT's mtime rate). ISR-safe.
std::uint64_t time_now() noexcept;
/// Arms the CLINT alarm (mtimecmp) for `at` ticks (UINT64_MAX disarms); when it fires the
/// timer interrupt calls mote::on_alarm(). A time already past fires at once. ISR-safe.
void time_set_alarm(std::uint64_t at) noexcept;

/// mote::panic's output, streamed (no buffer for the whole message): panic_begin masks
/// interrupts for good and prints "panicked: ", panic_write prints a piece of the message,
/// panic_end ends the line, waits for the console to drain and stops with a failure status
/// (semihosting; without it a reset or halt: MOTE_STOP). ISR-safe.
#define MOTE_PANIC_STREAMS 1
void panic_begin() noexcept;
void panic_write(const char* text, std::size_t length) noexcept;
[[noreturn]] void panic_end() noexcept;
/// Waits for the console to drain, then stops with `code` (semihosting: 0 is success, any other
/// value failure, which QEMU reports as exit status 1; without semihosting: MOTE_STOP). ISR-safe.
[[noreturn]] void exit_program(int code) noexcept;

/// The main stack (thread code and every trap handler) and the most of it ever used: the
/// reset code paints it, and the painted words still intact at the bottom were never touched
/// (MOTE_STACK_GUARD builds; without it `peak_bytes` is 0). Thread code or trap handler.
struct StackUsage {
  std::size_t size_bytes;
  std::size_t peak_bytes;
};
StackUsage main_stack_usage() noexcept;

}  // namespace mote::platform
