// mote/config.hpp: compile-time configuration shared by every layer.
//
// Every setting is a macro so that a build (CMake cache variable, -D flag) can choose it
// without touching code. Defaults are chosen for the host; boards override them.
#pragma once

#include <cstddef>
#include <cstdint>

/// Rate of the time base: one `mote::Duration` tick is 1 / MOTE_TICK_HZ seconds.
#ifndef MOTE_TICK_HZ
#define MOTE_TICK_HZ 1000000
#endif

/// 1: task and nested frames come from the heap with no pool limit (opt-in alloc mode).
/// 0 (default): every frame comes from the static arena; the heap is never used.
#ifndef MOTE_ALLOC
#define MOTE_ALLOC 0
#endif

/// Bytes every task gets for nested `mote::Async` frames unless its MOTE_TASK says otherwise.
#ifndef MOTE_DEFAULT_ASYNC_BYTES
#define MOTE_DEFAULT_ASYNC_BYTES 0
#endif

#if defined(__SANITIZE_ADDRESS__)
#define MOTE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MOTE_ASAN 1
#endif
#endif
#ifndef MOTE_ASAN
#define MOTE_ASAN 0
#endif

namespace mote {
/// The alignment every frame and arena block gets (what `operator new` promises).
inline constexpr std::size_t kFrameAlign = __STDCPP_DEFAULT_NEW_ALIGNMENT__;

constexpr std::size_t align_up(std::size_t n, std::size_t a = kFrameAlign) noexcept {
  return (n + a - 1) & ~(a - 1);
}
}  // namespace mote
