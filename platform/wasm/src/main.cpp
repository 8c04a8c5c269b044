// The wasm entry points: a firmware is a WASI reactor, driven by the JS event loop
// (platform/wasm/js/mote.mjs). There is no main(): mote_start spawns MOTE_MAIN and returns, and
// every later step is a call from JS. The program ends when it calls mote::exit (proc_exit) or,
// like the host's main(), when no task is left.
#include <cstdio>

#include "mote/executor.hpp"
#include "mote/main.hpp"
#include "mote/panic.hpp"
#include "mote/time_driver.hpp"
#include "mote/wasm.hpp"

#define MOTE_WASM_EXPORT(name) extern "C" __attribute__((export_name(#name))) void name()

namespace mote::wasm::detail {
extern bool g_event_loop_running;
extern bool g_poll_requested;
extern EventLoopStats g_stats;
void alarm_fired() noexcept;
}  // namespace mote::wasm::detail

namespace {
// Static, not on the stack: it outlives mote_start.
mote::Executor g_executor;
bool g_started = false;

// After each call from JS: output reaches JS now (a page shows it at once), and a program whose
// tasks have all finished ends as the host's main() does.
void after_entry() {
  std::fflush(stdout);
  if (g_executor.live_tasks() == 0 && g_executor.pending_releases() == 0) mote::exit(0);
}
}  // namespace

/// Starts the program: MOTE_MAIN's task is spawned, and its wake-up asks JS for the first poll.
/// Called once by JS after _initialize (static constructors). Not from inside the module.
MOTE_WASM_EXPORT(mote_start) {
  if (g_started) mote::panic("mote_start called twice");
  g_started = true;
  mote::wasm::detail::g_event_loop_running = true;
  g_executor.pender().use_event_loop();
  mote::detail::start_main(g_executor.spawner());
}

/// Polls one batch of ready tasks; JS calls it after mote_js_schedule_poll(). A wake-up during
/// the batch asks for the next poll. JS event loop only (never from inside the module).
MOTE_WASM_EXPORT(mote_poll) {
  mote::wasm::detail::g_poll_requested = false;  // wake-ups from now on need a new poll
  ++mote::wasm::detail::g_stats.polls;
  g_executor.pender().take_pending();
  g_executor.poll();
  after_entry();
}

/// The alarm fired (JS setTimeout for the time given to mote_js_set_alarm): wakes the tasks whose
/// deadline passed and re-arms for the next one. JS event loop only.
MOTE_WASM_EXPORT(mote_on_alarm) {
  ++mote::wasm::detail::g_stats.alarms;
  mote::wasm::detail::alarm_fired();
}
