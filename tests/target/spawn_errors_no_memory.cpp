// Firmware test: a program whose pools exceed the arena stops with the clear message, now that
// the arena is all the free RAM. `fits` reserves its pool; `too_big` asks for 64 MiB of
// nested-frame budget, more than any board's RAM (or the host's and wasm32's static arenas), so
// must_spawn panics naming the task, the bytes its pool needs and what the arena has left.
#include <mote/mote.hpp>

#include <cstdio>

MOTE_TASK(fits, 4) { co_return; }
MOTE_TASK(too_big, mote::pool(1).async_bytes(64u << 20)) { co_return; }

MOTE_MAIN(spawner) {
  spawner.must_spawn(fits());
  const mote::ArenaStats arena = mote::arena_stats();
  std::printf("arena: %zu bytes, %zu used\n", arena.total_bytes, arena.used_bytes);
  spawner.must_spawn(too_big());  // panics
  std::printf("spawned a pool bigger than the arena\n");
  co_return;
}
