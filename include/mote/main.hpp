// mote/main.hpp: the program's entry.
//
//   MOTE_MAIN(spawner) { spawner.must_spawn(blink()); co_await ...; }   // a task, may await
//   MOTE_MAIN_SYNC(spawner) { spawner.must_spawn(blink()); }            // a plain function
//
// The platform provides main(): it sets up the board, creates the thread-mode executor, starts
// the program with that executor's Spawner and runs the executor. MOTE_MAIN's body is a task
// (named "main") and may await; MOTE_MAIN_SYNC's body runs once, before the executor, and only
// spawns: it costs no coroutine (about 330 B of flash and a 36-byte pool less in a blinky).
#pragma once

#include "mote/executor.hpp"
#include "mote/task.hpp"

namespace mote::detail {
/// Defined by MOTE_MAIN or MOTE_MAIN_SYNC: starts the program on the thread-mode executor whose
/// spawner it gets. Called once by the platform's main(), before the executor runs. Not ISR-safe.
void start_main(Spawner spawner) noexcept;
}  // namespace mote::detail

#define MOTE_MAIN(spawner)                                                                              \
  MOTE_DETAIL_TASK_PRELUDE_NAMED(mote_main, "main", 1, ::mote::Spawner spawner);                        \
  void mote::detail::start_main(::mote::Spawner s) noexcept { s.must_spawn(mote_main(s)); }             \
  MOTE_DETAIL_TASK_BODY(mote_main, ::mote::Spawner spawner)

#define MOTE_MAIN_SYNC(spawner) void mote::detail::start_main(::mote::Spawner spawner) noexcept
