// mote/wasm.hpp: what exists only on the WebAssembly platform.
//
// The entry points JS calls (exported by every firmware; platform/wasm/js/mote.mjs calls them):
//   mote_start()    creates the event-loop executor and spawns MOTE_MAIN
//   mote_poll()     polls one batch of ready tasks (JS calls it from a microtask after a wake-up)
//   mote_on_alarm() the alarm's setTimeout fired: wakes the tasks whose deadline passed
// and the functions the module imports from JS (module "mote"):
//   mote_js_schedule_poll()      please call mote_poll() soon (a microtask)
//   mote_js_set_alarm(double ms) call mote_on_alarm() at `ms` on the mote_js_now() clock
//                                (Infinity: disarm)
//   mote_js_now() -> double      milliseconds since the module started (performance.now())
//
// Virtual time (MOTE_VIRTUAL_TIME=1 in the environment, or use_virtual_time) stands still while
// a task is ready and jumps to the next deadline when none is: in command programs (unit tests)
// that run an executor with run()/block_on, and in the event loop (a firmware's alarm is then
// due at once, and moves the clock to its deadline).
#pragma once

#include "mote/time.hpp"

namespace mote::wasm {

/// Switches between the virtual clock (true) and the JS clock (false). The virtual clock
/// continues from the current reading. Call while no executor runs. Not ISR-safe.
void use_virtual_time(bool enabled) noexcept;
/// Whether the virtual clock is in use. ISR-safe.
bool virtual_time() noexcept;
/// Moves the virtual clock forward by `d` (no effect on the JS clock). ISR-safe.
void advance_virtual_time(Duration d) noexcept;

/// Counts of calls into the module by the event loop since start (for tests that check that
/// an idle program is not woken needlessly). ISR-safe.
struct EventLoopStats {
  std::uint32_t polls;   // mote_poll() calls
  std::uint32_t alarms;  // mote_on_alarm() calls
};
EventLoopStats event_loop_stats() noexcept;

}  // namespace mote::wasm
