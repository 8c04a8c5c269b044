// The frame arena's bounds. Compiled into each firmware (not the library), so that every
// program has its own arena (cmake/mote.cmake, mote_add_arena):
// - MOTE_ARENA_FROM_LINKER (Cortex-M and RISC-V boards): the RAM that .data, .bss and the main
//   stack leave free, between the linker script's __mote_arena_start and __mote_arena_end
//   (capped there by ARENA_BYTES). The arena is then no static data and costs no .bss.
// - otherwise (host, wasm32): a static array of MOTE_ARENA_BYTES. Neither has a fixed RAM to
//   fill: a host process has virtual memory; wasm32 linear memory grows on demand, and the
//   memory from __heap_base up is where wasi-libc's malloc starts (environ, GoogleTest use it).
#include <cstddef>
#include <cstdint>

#include "mote/config.hpp"
#include "mote/memory.hpp"

namespace mote::detail {

#if defined(MOTE_ARENA_FROM_LINKER)

}  // namespace mote::detail
extern "C" unsigned char __mote_arena_start[], __mote_arena_end[];  // addresses only
namespace mote::detail {

ArenaBounds arena_bounds() noexcept {
  // The script aligns both ends to 16 bytes; rounding here keeps a script that does not safe.
  const auto begin = align_up(reinterpret_cast<std::uintptr_t>(__mote_arena_start));
  const auto end = reinterpret_cast<std::uintptr_t>(__mote_arena_end) & ~(std::uintptr_t{kFrameAlign} - 1);
  auto* b = reinterpret_cast<unsigned char*>(begin);
  return ArenaBounds{b, end > begin ? reinterpret_cast<unsigned char*>(end) : b};
}

#else

#ifndef MOTE_ARENA_BYTES
#define MOTE_ARENA_BYTES 4096
#endif
alignas(kFrameAlign) unsigned char arena_storage[MOTE_ARENA_BYTES];

ArenaBounds arena_bounds() noexcept { return ArenaBounds{arena_storage, arena_storage + MOTE_ARENA_BYTES}; }

#endif

}  // namespace mote::detail
