// The minimal blinky of docs/performance.md (item 7): one task toggles the MPS2 FPGA I/O LED0
// every 100 ms, forever. Built only for its size (bench/bench_report.py reads the ELF); it never
// exits, so nothing runs it in the tests.
#include <mote/cortex_m.hpp>
#include <mote/mote.hpp>

using namespace mote::literals;

namespace {
constexpr std::uintptr_t kFpgaLeds = 0x40028000;  // FPGA I/O: LED0 is bit 0
}

MOTE_TASK(blink, 1) {
  mote::Ticker ticker(100_ms);
  for (;;) {
    mote::cortex_m::reg32(kFpgaLeds) = mote::cortex_m::reg32(kFpgaLeds) ^ 1u;
    co_await ticker.next();
  }
}

// The entry only spawns: MOTE_MAIN_SYNC, a plain function (MOTE_MAIN would make it a task).
MOTE_MAIN_SYNC(spawner) { spawner.must_spawn(blink()); }
