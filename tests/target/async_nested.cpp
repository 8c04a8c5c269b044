// Firmware test: nested Async frames come from the task's own budget on a target too.
#include <mote/mote.hpp>

#include <cstdio>

using namespace mote::literals;

namespace {
mote::Async<int> slow_double(int v) {
  co_await mote::Timer::after(1_ms);
  co_return 2 * v;
}
mote::Async<int> quadruple(int v) {
  const int twice = co_await slow_double(v);
  co_return co_await slow_double(twice);
}
}  // namespace

MOTE_TASK(worker, mote::pool(1).async_bytes(256)) {
  const int v = co_await quadruple(5);
  const auto info = mote::task_info("worker");
  std::printf("quadruple(5) = %d, nested frames peak %u bytes\n", v,
              info ? static_cast<unsigned>(info->async_peak) : 0u);
  mote::exit(v == 20 ? 0 : 1);
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(worker());
  co_return;
}
