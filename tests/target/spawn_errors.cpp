// Firmware test: what a failed spawn looks like, and that failures leave nothing behind.
//
// 1. Busy: a task function with a pool of two, three spawned: the third gets SpawnError::Busy.
//    Once one of the first two has finished, its slot is free and a new spawn succeeds.
// 2. NoMemory: a pool bigger than the whole arena (this firmware's arena is ARENA_BYTES 2048, the
//    pool asks for more than 4096 bytes of nested-frame budget) gives SpawnError::NoMemory, again
//    on a second try, and takes nothing from the arena: another task function spawns afterwards.
// 3. A SpawnToken dropped unspawned frees its slot: with a pool of one, dropping the token makes
//    the next call succeed.
// Nested Async budget overflow (a panic naming the task) is spawn_errors_async_overflow.cpp.
#include <mote/mote.hpp>

#include <cstdio>

using namespace mote::literals;

namespace {

bool g_ok = true;

void check(bool condition, const char* what) noexcept {
  std::printf("%s: %s\n", what, condition ? "yes" : "NO");
  if (!condition) g_ok = false;
}

const char* describe(const mote::Result<void, mote::SpawnError>& r) noexcept {
  if (r.has_value()) return "spawned";
  return r.error() == mote::SpawnError::Busy ? "Busy" : "NoMemory";
}

}  // namespace

MOTE_TASK(sleeper, 2, mote::Duration d) { co_await mote::Timer::after(d); }

// 4 KiB of nested-frame budget: more than the whole arena of this firmware.
MOTE_TASK(huge, mote::pool(1).async_bytes(4096)) { co_return; }

MOTE_TASK(single, 1) { co_return; }

MOTE_TASK(check_all, 1, mote::Spawner spawner) {
  // 1. Busy, then the slot is reused.
  const auto first = spawner.spawn(sleeper(1_ms));
  const auto second = spawner.spawn(sleeper(5_ms));
  const auto third = spawner.spawn(sleeper(1_ms));
  std::printf("pool of 2: %s, %s, %s\n", describe(first), describe(second), describe(third));
  check(first.has_value() && second.has_value() && !third.has_value() && third.error() == mote::SpawnError::Busy,
        "third spawn of a full pool is Busy");
  check(sleeper.pool().in_use() == 2, "two alive");
  co_await mote::Timer::after(2_ms);  // the 1 ms sleeper has finished, the 5 ms one has not
  check(sleeper.pool().in_use() == 1, "one finished");
  const auto again = spawner.spawn(sleeper(1_ms));
  check(again.has_value(), "its slot is reused by the next spawn");
  check(sleeper.pool().in_use() == 2 && sleeper.pool().peak_in_use() == 2, "never more than two alive");

  // 2. NoMemory, twice, and the arena is untouched.
  const std::size_t used_before = mote::arena_stats().used_bytes;
  const auto big = spawner.spawn(huge());
  const auto big_again = spawner.spawn(huge());
  std::printf("pool bigger than the arena (%lu bytes): %s, again %s\n",
              static_cast<unsigned long>(mote::arena_stats().total_bytes), describe(big), describe(big_again));
  check(!big.has_value() && big.error() == mote::SpawnError::NoMemory && !big_again.has_value() &&
            big_again.error() == mote::SpawnError::NoMemory,
        "a pool that cannot fit gives NoMemory");
  check(mote::arena_stats().used_bytes == used_before, "the failed reservation took no arena bytes");
  check(spawner.spawn(single()).has_value(), "another task function still spawns afterwards");

  // 3. A dropped token frees its slot.
  co_await mote::Timer::after(1_ms);  // `single` has finished
  {
    mote::SpawnToken token = single();
    check(token.valid() && single.pool().in_use() == 1, "an unspawned token holds the slot");
    const auto busy = spawner.spawn(single());
    check(!busy.has_value() && busy.error() == mote::SpawnError::Busy, "meanwhile the pool of one is Busy");
  }  // dropped here, never spawned
  check(single.pool().in_use() == 0, "dropping the token freed the slot");
  check(spawner.spawn(single()).has_value(), "the next spawn succeeds");

  co_await mote::Timer::after(10_ms);  // let every sleeper finish
  check(sleeper.pool().in_use() == 0 && single.pool().in_use() == 0, "all finished, all slots free");
  std::printf("%s\n", g_ok ? "ok" : "FAILED");
  mote::exit(g_ok ? 0 : 1);
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(check_all(spawner));
  co_return;
}
