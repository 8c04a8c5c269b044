// Firmware test: timers beyond the timer queue's horizon. Firmware keeps each pending deadline
// in 32 bits, bounded to 2^30 ticks after the clock (src/timer_queue.cpp): a longer timer is
// woken early at the horizon and armed again by its future. This checks that nobody can tell.
//
// A sleeper awaits a Timer 5 x 2^30 + 12345 ticks away, so its deadline's low 32 bits wrap
// around once on the way, while a Ticker beats every 2^28 ticks next to it. The sleeper must
// wake at its deadline (not before, not later than a millisecond), after exactly the 20 beats
// due before it; the beats must not drift.
#include <mote/mote.hpp>

#include <cstdio>

namespace {
constexpr std::uint64_t kBeatTicks = std::uint64_t{1} << 28;
constexpr std::uint64_t kSleepTicks = 5 * (std::uint64_t{1} << 30) + 12345;
int g_beats = 0;
std::uint64_t g_latest_beat_late = 0;  // the latest beat's delay after its due tick
bool g_done = false;
}  // namespace

MOTE_TASK(beat, 1, mote::Instant start) {
  mote::Ticker ticker(mote::Duration::from_ticks(kBeatTicks));
  while (!g_done) {
    co_await ticker.next();
    ++g_beats;
    const std::uint64_t due = start.ticks() + kBeatTicks * static_cast<std::uint64_t>(g_beats);
    g_latest_beat_late = mote::Instant::now().ticks() - due;
  }
}

MOTE_TASK(sleeper, 1, mote::Instant start) {
  const mote::Instant deadline = start + mote::Duration::from_ticks(kSleepTicks);
  co_await mote::Timer::at(deadline);
  const mote::Instant woke = mote::Instant::now();
  g_done = true;
  const bool early = woke < deadline;
  const std::uint64_t late = early ? 0 : (woke - deadline).ticks();
  const std::uint64_t one_ms = mote::kTickHz / 1000;
  // In 32-bit pieces: not every board's printf has %llu.
  const auto beyond = static_cast<long>((woke - start).ticks() - 5 * (std::uint64_t{1} << 30));
  std::printf("slept 5 x 2^30 %+ld ticks: %s, %lu ticks late; %d beats before it\n", beyond,
              early ? "early" : "not early", static_cast<unsigned long>(late), g_beats);
  const bool ok = !early && late < one_ms && g_beats == 20 && g_latest_beat_late < one_ms;
  std::printf("%s\n", ok ? "ok" : "FAILED");
  mote::exit(ok ? 0 : 1);
}

MOTE_MAIN(spawner) {
  const mote::Instant start = mote::Instant::now();
  // The Ticker starts counting when beat first runs: spawned first, it runs first, within
  // a few hundred ticks of `start` (far inside the millisecond the checks allow).
  spawner.must_spawn(beat(start));
  spawner.must_spawn(sleeper(start));
  co_return;
}
