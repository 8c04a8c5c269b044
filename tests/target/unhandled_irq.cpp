// Firmware test (must fail): an interrupt with no handler panics, naming the interrupt.
#include <mote/cortex_m.hpp>
#include <mote/mote.hpp>

MOTE_TASK(trigger, 1) {
  // GPIO port A's interrupt (0): nothing in this firmware handles it.
  mote::cortex_m::nvic::enable(0);
  mote::cortex_m::nvic::set_pending(0);
  co_await mote::Timer::after(mote::Duration::from_millis(1));
  mote::exit(0);  // not reached
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(trigger());
  co_return;
}
