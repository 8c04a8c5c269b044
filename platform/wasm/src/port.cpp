// The WebAssembly port: pender, clock and alarm through JS imports, panic and exit, and the
// executor's loop for command programs. The event-loop entry points are in main.cpp.
#include <mote/platform/port.hpp>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "mote/executor.hpp"
#include "mote/memory.hpp"
#include "mote/panic.hpp"
#include "mote/time_driver.hpp"
#include "mote/wasm.hpp"

// Functions the JS side (platform/wasm/js/mote.mjs) provides. Calling one runs JS synchronously;
// none of them calls back into the module.
#define MOTE_WASM_IMPORT(name) __attribute__((import_module("mote"), import_name(#name)))
extern "C" {
MOTE_WASM_IMPORT(mote_js_schedule_poll) void mote_js_schedule_poll();
MOTE_WASM_IMPORT(mote_js_set_alarm) void mote_js_set_alarm(double at_ms);
MOTE_WASM_IMPORT(mote_js_now) double mote_js_now();
}

namespace mote {
namespace wasm::detail {
// Set by mote_start (main.cpp): the one executor the event loop polls.
bool g_event_loop_running = false;
bool g_poll_requested = false;
EventLoopStats g_stats{};
std::uint64_t g_virtual_alarm = UINT64_MAX;  // the deadline a virtual-time alarm stands for
}  // namespace wasm::detail

namespace platform {
namespace {

bool g_virtual = [] {
  const char* v = std::getenv("MOTE_VIRTUAL_TIME");
  return v != nullptr && v[0] == '1';
}();
std::uint64_t g_virtual_now = 0;

std::uint64_t js_now() noexcept {
  // A double holds every tick exactly for 285 years at 1 MHz; floor: never ahead of the clock.
  return static_cast<std::uint64_t>(std::floor(mote_js_now() * (static_cast<double>(kTickHz) / 1000.0)));
}

// Blocks the (only) thread until `deadline` on the JS clock: WASI's clock sleep (poll_oneoff),
// which node implements as a real sleep. Only command programs come here (see Executor::idle).
void sleep_until(std::uint64_t deadline) noexcept {
  for (std::uint64_t now = js_now(); now < deadline; now = js_now()) {
    const std::uint64_t ticks = deadline - now;
    const std::uint64_t ns = ticks / kTickHz * 1000000000u + ticks % kTickHz * 1000000000u / kTickHz;
    timespec ts{static_cast<time_t>(ns / 1000000000u), static_cast<long>(ns % 1000000000u)};
    if (nanosleep(&ts, nullptr) != 0 && errno != EINTR) {
      // A browser's WASI cannot block (mote.mjs's shim answers ENOSYS): spinning until the
      // deadline would freeze the page, so say what happened instead.
      mote::panic("an executor's run()/block_on waits for a timer, but this WASI host cannot sleep; "
                  "in a page, await it in a task instead");
    }
  }
}

}  // namespace

void Pender::pend() noexcept {
  pending_ = true;
  if (event_loop_ && !wasm::detail::g_poll_requested) {
    wasm::detail::g_poll_requested = true;  // one request until mote_poll runs
    mote_js_schedule_poll();
  }
}

std::uint64_t time_now() noexcept { return g_virtual ? g_virtual_now : js_now(); }

void time_set_alarm(std::uint64_t at) noexcept {
  // Only the event loop has a JS alarm; a command program's idle() reads the timer queue itself.
  if (!wasm::detail::g_event_loop_running) return;
  if (at == UINT64_MAX) {
    mote_js_set_alarm(INFINITY);
    return;
  }
  if (g_virtual) {
    // Virtual time: the alarm is due at once, and mote_on_alarm moves the clock to `at` (once
    // every ready task has run: polls are microtasks, the alarm a later macrotask).
    wasm::detail::g_virtual_alarm = at;
    mote_js_set_alarm(0.0);
    return;
  }
  // Half a tick later than `at`: JS fires once its clock reaches the value, and the rounding of
  // ms -> ticks must then give at least `at`, or on_alarm would find nothing due and re-arm.
  mote_js_set_alarm((static_cast<double>(at) + 0.5) * (1000.0 / static_cast<double>(kTickHz)));
}

void panic_stop(const char* message) noexcept {
  // On stdout, the board's console, as on the microcontroller boards: the report follows the
  // program's own output in order.
  std::printf("panicked: %s\n", message);
  std::fflush(stdout);
  std::_Exit(101);  // proc_exit; 101 tells a panic from an ordinary failure status
}

void exit_program(int code) noexcept {
  // MOTE_MEMORY_REPORT=1 (node passes its environment): the task frames and arena on the way out.
  if (const char* v = std::getenv("MOTE_MEMORY_REPORT"); v != nullptr && v[0] == '1') mote::memory_report();
  std::fflush(stdout);
  std::fflush(stderr);
  std::_Exit(code);
}

}  // namespace platform

namespace wasm {

namespace detail {
// mote_on_alarm's work (main.cpp): on the virtual clock, time jumps to the alarm's deadline
// unless a task is still ready (then the alarm waits for the next turn of the event loop).
void alarm_fired() noexcept {
  if (platform::g_virtual) {
    if (g_poll_requested) {
      mote_js_set_alarm(0.0);
      return;
    }
    if (g_virtual_alarm != UINT64_MAX && g_virtual_alarm > platform::g_virtual_now) {
      platform::g_virtual_now = g_virtual_alarm;
    }
    g_virtual_alarm = UINT64_MAX;
  }
  on_alarm();
}
}  // namespace detail

void use_virtual_time(bool enabled) noexcept {
  if (enabled && !platform::g_virtual) platform::g_virtual_now = platform::js_now();
  platform::g_virtual = enabled;
}
bool virtual_time() noexcept { return platform::g_virtual; }
void advance_virtual_time(Duration d) noexcept { platform::g_virtual_now += d.ticks(); }
EventLoopStats event_loop_stats() noexcept { return detail::g_stats; }

}  // namespace wasm

// The event-loop executor is never idle in wasm: it returns to JS, which polls it again when
// a wake-up asks. idle() and run() serve command programs (unit tests, block_on), which own the
// thread and may sleep on it.
void Executor::idle() noexcept {
  if (pender_.uses_event_loop()) {
    mote::panic("run()/idle() called on the event-loop executor: it would block the JS event loop "
                "(JS polls it after each wake-up)");
  }
  const std::uint64_t deadline = detail::timer_next_deadline();
  if (deadline != detail::kNoDeadline && deadline <= platform::time_now()) {
    on_alarm();  // a deadline passed: that is the alarm
    return;
  }
  if (pender_.take_pending()) return;  // a task may be queued: poll it before time moves on
  if (deadline == detail::kNoDeadline) {
    // One thread and no JS callback can run while this loop holds it: nothing can wake a task.
    mote::panic("executor idle with %zu task(s) alive, no timer pending and nothing that could wake them",
                static_cast<std::size_t>(live_tasks_));
  }
  if (platform::g_virtual) {
    platform::g_virtual_now = deadline;  // every task is idle: jump to the next deadline
  } else {
    platform::sleep_until(deadline);
  }
  on_alarm();
}

void Executor::run() noexcept {
  chaining_ = MOTE_SYMMETRIC_TRANSFER;
  for (;;) {
    while (detail::TaskHeader* const task = next_ready()) resume(task);
    if (live_tasks_ == 0 && pending_releases_ == 0) return;
    idle();
  }
}

}  // namespace mote
