// mote/cortex_m/vector_table.hpp: what every Cortex-M vector table shares (the initial stack
// pointer, the 15 core exceptions, weak interrupt handlers), so that a chip's vectors.cpp lists
// only its own interrupts:
//
//   MOTE_CORTEX_M_DEFAULT_IRQ(chip_unhandled_irq)
//   MOTE_CORTEX_M_WEAK_IRQ(chip_uart0_irq, chip_unhandled_irq)
//   ...
//   extern "C" [[gnu::used, gnu::section(".vectors")]] const auto chip_vector_table =
//       mote::cortex_m::vector_table(mote_systick_clock_handler, {chip_uart0_irq, ...});
//
// The table stays one constant object, which the board's linker script places (.vectors).
#pragma once

#include <cstddef>
#include <cstdint>

#include "mote/cortex_m.hpp"

namespace mote::cortex_m {

using Handler = void (*)() noexcept;

/// A vector-table slot the core never uses, or an interrupt line that does not exist.
inline constexpr Handler kReserved = nullptr;

/// The table of a chip with `N` interrupts. Word 0 is the initial main stack pointer, not a
/// handler: a struct keeps the table a constant (no cast from a data address to a function
/// pointer, which would need run-time init).
template <std::size_t N>
struct VectorTable {
  std::uint32_t* initial_sp;
  Handler exceptions[15];  // exceptions 1..15
  Handler interrupts[N];   // IRQ 0..N-1
};

/// The vector table: the port's handlers for the core exceptions, `systick` for exception 15
/// (mote_systick_clock_handler where the SysTick clock may run, else mote_default_handler), and
/// `interrupts` (IRQ order, kReserved for missing lines) after them.
template <std::size_t N>
consteval VectorTable<N> vector_table(Handler systick, const Handler (&interrupts)[N]) noexcept {
  VectorTable<N> table{
      __stack_top,
      {
          mote_reset_handler,      // 1 Reset
          mote_default_handler,    // 2 NMI
          mote_hardfault_handler,  // 3 HardFault
#if defined(__ARM_ARCH_6M__) || defined(__ARM_ARCH_8M_BASE__)
          // Armv6-M/Baseline: no MemManage, BusFault, UsageFault nor DebugMonitor.
          kReserved, kReserved, kReserved, kReserved, kReserved, kReserved, kReserved,
          mote_default_handler,  // 11 SVCall
          kReserved, kReserved,
#else
          mote_hardfault_handler,  // 4 MemManage (escalates to HardFault unless enabled)
          mote_hardfault_handler,  // 5 BusFault (ditto)
          mote_hardfault_handler,  // 6 UsageFault (ditto)
          kReserved, kReserved, kReserved, kReserved,
          mote_default_handler,  // 11 SVCall
          mote_default_handler,  // 12 DebugMonitor
          kReserved,
#endif
          mote_default_handler,  // 14 PendSV
          systick,               // 15 SysTick
      },
      {},
  };
  for (std::size_t i = 0; i < N; ++i) table.interrupts[i] = interrupts[i];
  return table;
}

}  // namespace mote::cortex_m

/// Defines `fallback`, the function a chip's weak interrupt handlers alias: it hands over to
/// mote_default_handler, which panics naming the interrupt. (An alias must name a function
/// defined in the same file, so each vectors.cpp has its own.)
#define MOTE_CORTEX_M_DEFAULT_IRQ(fallback) \
  extern "C" void fallback() noexcept { mote_default_handler(); }

/// Declares interrupt handler `name` as a weak alias of `fallback`: a driver or the application
/// (MOTE_BIND_INTERRUPTS) overrides it by defining a function of that name.
#define MOTE_CORTEX_M_WEAK_IRQ(name, fallback) \
  extern "C" void name() noexcept __attribute__((weak, alias(#fallback)));
