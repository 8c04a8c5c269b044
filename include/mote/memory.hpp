// mote/memory.hpp: where task frames live, and the report that makes it visible.
//
// Frames come from one arena: on a board the RAM that .data, .bss and the main stack leave
// free (capped by mote_add_firmware's ARENA_BYTES), on the host and wasm32 a static array of
// ARENA_BYTES. Each task function reserves its whole pool there on its first spawn; nothing is
// ever returned to the arena, so it cannot fragment. In the opt-in alloc mode (MOTE_ALLOC=1)
// frames come from the heap instead.
#pragma once

#include <cstddef>
#include <optional>

#include "mote/task.hpp"

namespace mote {

/// Totals of the frame arena (its size and the pools' reservations). ISR-safe (a snapshot).
struct ArenaStats {
  std::size_t total_bytes;
  std::size_t used_bytes;
  std::size_t free_bytes() const noexcept { return total_bytes - used_bytes; }
};
ArenaStats arena_stats() noexcept;

/// What one task function costs. Frame size and reservation are known after its first spawn.
struct TaskInfo {
  const char* name;
  std::size_t frame_bytes;     ///< coroutine frame, as the compiler laid it out
  std::size_t pool_size;       ///< instances that may be alive at once
  std::size_t async_budget;    ///< bytes per instance for nested Async frames
  std::size_t reserved_bytes;  ///< pool_size x (slot header + frame + async budget)
  std::size_t in_use;          ///< instances alive now
  std::size_t peak_in_use;     ///< most instances alive at once so far
  std::size_t async_peak;      ///< most nested-frame bytes one instance has used so far
};

/// The figures of the task function called `name`, if it has been spawned. Not ISR-safe.
std::optional<TaskInfo> task_info(const char* name) noexcept;

/// Calls `visit(const TaskInfo&)` for every task function spawned so far, in first-spawn
/// order. Not ISR-safe.
template <class Visit>
void for_each_task(Visit&& visit);

/// Prints every task function's frame size, pool size and bytes, and the arena's total and
/// free bytes, on the console. Not ISR-safe.
void memory_report() noexcept;

/// The same report as MOTE_LOG_INFO lines (mote/log.hpp): on firmware a few bytes per line on
/// the wire and no printf linked; run-<app> shows them decoded. Not ISR-safe.
void log_memory_report() noexcept;

namespace detail {
/// Where the arena lies: free RAM between the linker script's __mote_arena_start and
/// __mote_arena_end on a board, a static array on the host and wasm32 (src/arena.cpp,
/// compiled into each firmware). ISR-safe.
struct ArenaBounds {
  unsigned char* begin;
  unsigned char* end;
};
ArenaBounds arena_bounds() noexcept;

TaskInfo info_of(const TaskPool& pool) noexcept;
const TaskPool* first_registered_pool() noexcept;
}  // namespace detail

template <class Visit>
void for_each_task(Visit&& visit) {
  for (const detail::TaskPool* p = detail::first_registered_pool(); p != nullptr; p = p->next_registered()) {
    visit(detail::info_of(*p));
  }
}

}  // namespace mote
