// Firmware test (must fail): mote::panic prints its message on the console and stops QEMU
// with a failure status.
#include <mote/mote.hpp>

MOTE_TASK(doomed, 1) {
  co_await mote::Timer::after(mote::Duration::from_millis(1));
  mote::panic("deliberate failure %d", 42);
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(doomed());
  co_return;
}
