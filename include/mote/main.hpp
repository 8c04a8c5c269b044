// mote/main.hpp: the program's entry task.
//
//   MOTE_MAIN(spawner) { spawner.must_spawn(blink()); co_return; }
//
// The platform provides main(): it sets up the board, creates the thread-mode executor,
// spawns this task (named "main") with that executor's Spawner, and runs the executor.
#pragma once

#include "mote/executor.hpp"
#include "mote/task.hpp"

namespace mote::detail {
/// Defined by MOTE_MAIN; called by the platform's main().
SpawnToken main_task(Spawner spawner) noexcept;
}  // namespace mote::detail

#define MOTE_MAIN(spawner)                                                                        \
  MOTE_DETAIL_TASK_PRELUDE_NAMED(mote_main, "main", 1, ::mote::Spawner spawner);                  \
  ::mote::SpawnToken mote::detail::main_task(::mote::Spawner s) noexcept { return mote_main(s); } \
  MOTE_DETAIL_TASK_BODY(mote_main, ::mote::Spawner spawner)
