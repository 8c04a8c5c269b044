// Firmware test: how late does a task resume after its Timer's deadline?
//
// A task awaits Timer::at(deadline) for a few durations and prints, for each, how many ticks
// after the deadline it was running again (alarm interrupt, wake, poll, resume). Under QEMU
// with -icount the figures are exact and the same on every run; the test fails if one is
// over kMaxLateTicks or if a timer ever fires early.
#include <mote/mote.hpp>

#include <cstdio>

using namespace mote::literals;

namespace {
constexpr std::uint64_t kMaxLateTicks = mote::Duration::from_micros(20).ticks();
}

MOTE_TASK(measure, 1) {
  const mote::Duration waits[] = {10_ms, 1_ms, 100_us, 250_ms};
  bool ok = true;
  for (const mote::Duration wait : waits) {
    const mote::Instant deadline = mote::Instant::now() + wait;
    co_await mote::Timer::at(deadline);
    const mote::Instant woke = mote::Instant::now();
    const bool early = woke < deadline;
    const std::uint64_t late = (woke - deadline).ticks();
    std::printf("timer %lu us: late %lu ticks (%lu ns)%s\n", static_cast<unsigned long>(wait.as_micros()),
                static_cast<unsigned long>(late), static_cast<unsigned long>(late * 1000000000u / mote::kTickHz),
                early ? " EARLY" : "");
    if (early || late > kMaxLateTicks) ok = false;
  }
  std::printf("tick rate %lu Hz, %s\n", static_cast<unsigned long>(mote::kTickHz), ok ? "ok" : "FAILED");
  mote::exit(ok ? 0 : 1);
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(measure());
  co_return;
}
