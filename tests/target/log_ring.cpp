// Firmware test: MOTE_LOG_* into a RAM ring (mote_log_use_ring, 256 bytes) instead of the
// console. It logs 40 frames (more than the ring holds, so it wraps), says "ring ready" with
// printf and waits; tests/log/check_log.py (mode ring) dumps the ring through QEMU's monitor
// (pmemsave) and decodes it with `tools/mote-log ring`: the newest frames, in order, ending with
// the last, and the overwritten ones reported.
#include <mote/log.hpp>
#include <mote/mote.hpp>

#include <cstdio>

MOTE_MAIN(spawner) {
  for (int i = 0; i < 40; ++i) MOTE_LOG_INFO("ring frame {}", i);
  std::printf("ring ready\n");
  std::fflush(stdout);
  for (;;) co_await mote::Timer::after(mote::Duration::from_secs(1));  // until the test quits QEMU
}
