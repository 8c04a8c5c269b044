// log_memory_report(): memory_report()'s figures as MOTE_LOG_INFO lines. A file of its own so
// that a firmware that reports this way links no printf (the point of deferred logging: the
// demo's banner and report cost the device a few bytes each, not a formatter).
#include <mote/platform/port.hpp>

#include "mote/log.hpp"
#include "mote/memory.hpp"

namespace mote {

void log_memory_report() noexcept {
  MOTE_LOG_INFO("task              frame  pool  async  reserved  peak");
  for_each_task([](const TaskInfo& t) {
    MOTE_LOG_INFO("{:<16} {:>6} {:>5} {:>6} {:>9} {:>5}", t.name, t.frame_bytes, t.pool_size, t.async_budget,
                  t.reserved_bytes, t.peak_in_use);
  });
  const ArenaStats a = arena_stats();
#if MOTE_ALLOC
  (void)a;
  MOTE_LOG_INFO("frames on the heap (alloc mode); arena unused");
#else
  MOTE_LOG_INFO("arena: {} bytes, {} used, {} free", a.total_bytes, a.used_bytes, a.free_bytes());
#endif
#if defined(MOTE_PLATFORM_CORTEX_M) || defined(MOTE_PLATFORM_RISCV)
  const platform::StackUsage stack = platform::main_stack_usage();
  if (stack.peak_bytes != 0) MOTE_LOG_INFO("main stack: {} bytes, at most {} used so far", stack.size_bytes, stack.peak_bytes);
#endif
}

}  // namespace mote
