// task_info() and memory_report(): reading the pools' figures. A file of its own, so that a
// firmware that never reports links neither the printf calls nor their format strings (clang
// puts all string literals of a file into one section, kept whole once one of them is used).
#include <cstdio>
#include <cstring>

#include <mote/platform/port.hpp>

#include "mote/memory.hpp"

namespace mote {

std::optional<TaskInfo> task_info(const char* name) noexcept {
  std::optional<TaskInfo> found;
  for_each_task([&](const TaskInfo& info) {
    if (!found && std::strcmp(info.name, name) == 0) found = info;
  });
  return found;
}

void memory_report() noexcept {
  std::printf("task              frame  pool  async  reserved  peak\n");
  for_each_task([](const TaskInfo& t) {
    std::printf("%-16s %6zu %5zu %6zu %9zu %5zu\n", t.name, t.frame_bytes, t.pool_size, t.async_budget,
                t.reserved_bytes, t.peak_in_use);
  });
  const ArenaStats a = arena_stats();
#if MOTE_ALLOC
  (void)a;
  std::printf("frames on the heap (alloc mode); arena unused\n");
#else
  std::printf("arena: %zu bytes, %zu used, %zu free\n", a.total_bytes, a.used_bytes, a.free_bytes());
#endif
#if defined(MOTE_PLATFORM_CORTEX_M) || defined(MOTE_PLATFORM_RISCV)
  const platform::StackUsage stack = platform::main_stack_usage();
  if (stack.peak_bytes != 0) std::printf("main stack: %zu bytes, at most %zu used so far\n", stack.size_bytes, stack.peak_bytes);
#endif
}

}  // namespace mote
