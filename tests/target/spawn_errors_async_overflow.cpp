// Firmware test (must fail): a nested Async whose frame does not fit in the calling task's
// nested-frame budget stops the program with a panic that names the task and the bytes.
#include <mote/mote.hpp>

#include <cstdio>

using namespace mote::literals;

namespace {
// Its frame keeps a 256-byte buffer across a co_await: far more than the task's 64 bytes.
mote::Async<int> big_frame() {
  volatile unsigned char buffer[256] = {};
  co_await mote::Timer::after(1_ms);
  co_return buffer[0] + 1;
}
}  // namespace

MOTE_TASK(greedy, mote::pool(1).async_bytes(64)) {
  std::printf("calling an Async bigger than the budget\n");
  const int v = co_await big_frame();
  std::printf("FAILED: returned %d, no panic\n", v);
  mote::exit(0);  // wrong: the test expects a failure
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(greedy());
  co_return;
}
