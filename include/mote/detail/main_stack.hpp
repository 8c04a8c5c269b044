// mote/detail/main_stack.hpp: the main stack's bounds, its paint and its guard's place, shared by
// the firmware ports (platform/cortex-m, platform/riscv: MOTE_STACK_GUARD). The board's linker
// script defines __stack_top and __stack_size (docs/porting.md).
#pragma once

#include <cstddef>
#include <cstdint>

extern "C" {
extern std::uint32_t __stack_top[];
extern char __stack_size[];  // only its value (the symbol's address) means something
}

namespace mote::detail::main_stack {

inline constexpr std::uint32_t kPaint = 0x5AFE57ACu;  // a word code rarely leaves on a stack
inline constexpr std::uintptr_t kGuardBytes = 32;      // the smallest Armv7-M MPU region; a NAPOT PMP region

inline std::size_t size() noexcept { return reinterpret_cast<std::uintptr_t>(__stack_size); }
inline std::uintptr_t top() noexcept { return reinterpret_cast<std::uintptr_t>(__stack_top); }
inline std::uintptr_t bottom() noexcept { return top() - size(); }
/// The guard: the first 32-byte-aligned 32 bytes of the stack area.
inline std::uintptr_t guard_start() noexcept { return (bottom() + kGuardBytes - 1) & ~(kGuardBytes - 1); }

/// Paints the stack from above the guard up to 16 bytes below `sp` (the caller's own frame
/// stays). Not the guard itself: an image started by a bootloader may find it locked already
/// (RISC-V PMP entries bind until reset). Reset code only (always inlined into it: no library
/// call may run yet).
[[gnu::always_inline]] inline void paint(std::uintptr_t sp) noexcept {
  for (auto* p = reinterpret_cast<std::uint32_t*>(guard_start() + kGuardBytes); p < reinterpret_cast<std::uint32_t*>(sp - 16);) *p++ = kPaint;
}

/// The most of the stack ever used: from the top down to the lowest word above the guard that
/// is not the paint any more (reading the guard itself would fault). Thread mode or ISR.
inline std::size_t peak_bytes() noexcept {
  const auto* p = reinterpret_cast<const std::uint32_t*>(guard_start() + kGuardBytes);
  while (p < __stack_top && *p == kPaint) ++p;
  return static_cast<std::size_t>(top() - reinterpret_cast<std::uintptr_t>(p));
}

}  // namespace mote::detail::main_stack
