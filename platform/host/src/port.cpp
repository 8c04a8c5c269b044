// The host port: critical section, pender, clock and alarm, exit; and the executor's loop.
#include <mote/platform/port.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "mote/executor.hpp"
#include "mote/host.hpp"
#include "mote/memory.hpp"
#include "mote/time_driver.hpp"

namespace mote {
namespace platform {
namespace {

// One process-wide recursive lock stands in for "interrupts off": it excludes every other
// thread (the host's interrupts) and nests like PRIMASK save/restore.
std::recursive_mutex g_cs;

using Clock = std::chrono::steady_clock;
const Clock::time_point g_start = Clock::now();
std::atomic<bool> g_virtual{[] {
  const char* v = std::getenv("MOTE_VIRTUAL_TIME");
  return v != nullptr && v[0] == '1';
}()};
std::atomic<std::uint64_t> g_virtual_now{0};

std::uint64_t real_now() noexcept {
  const auto ns = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - g_start).count());
  // ns * HZ / 1e9, split so that no product overflows however long the process runs.
  constexpr std::uint64_t kNsPerSec = 1000000000u;
  if constexpr (kNsPerSec % kTickHz == 0) return ns / (kNsPerSec / kTickHz);
  return ns / kNsPerSec * kTickHz + ns % kNsPerSec * kTickHz / kNsPerSec;
}

// The wall-clock instant of a deadline, capped a day ahead: far deadlines (up to UINT64_MAX
// ticks) would overflow the clock's nanoseconds, and waking early once a day is harmless.
Clock::time_point to_time_point(std::uint64_t ticks) noexcept {
  constexpr std::uint64_t kDay = 86400u * kTickHz;
  const std::uint64_t now = real_now();
  const std::uint64_t ahead = ticks > now ? std::min(ticks - now, kDay) : 0;
  const auto whole = std::chrono::seconds(ahead / kTickHz);
  const auto part = std::chrono::nanoseconds((ahead % kTickHz) * 1000000000u / kTickHz);
  return Clock::now() + whole + part;
}

}  // namespace

CsState cs_enter() noexcept {
  g_cs.lock();
  return 0;
}
void cs_exit(CsState) noexcept { g_cs.unlock(); }

void Pender::pend() noexcept {
  pending_.store(true, std::memory_order_seq_cst);
  if (sleeping_.load(std::memory_order_seq_cst)) {
    std::lock_guard<std::mutex> lock(mutex_);  // orders with the sleeper's predicate check
    cv_.notify_one();
  }
}

void Pender::sleep_until(std::uint64_t deadline_ticks) noexcept {
  std::unique_lock<std::mutex> lock(mutex_);
  sleeping_.store(true, std::memory_order_seq_cst);
  // pending_ is checked after sleeping_ is set; pend() sets pending_ before reading
  // sleeping_: one of the two always sees the other, so no wake-up is lost.
  const auto ready = [&] { return pending_.load(std::memory_order_seq_cst); };
  if (deadline_ticks == UINT64_MAX) {
    cv_.wait(lock, ready);
  } else {
    cv_.wait_until(lock, to_time_point(deadline_ticks), ready);
  }
  sleeping_.store(false, std::memory_order_seq_cst);
  pending_.store(false, std::memory_order_seq_cst);
}

std::uint64_t time_now() noexcept {
  return g_virtual.load(std::memory_order_relaxed) ? g_virtual_now.load(std::memory_order_acquire) : real_now();
}

// The host has no alarm hardware: the executor's idle loop reads the timer queue's next
// deadline itself (see Executor::idle), so nothing needs recording here.
void time_set_alarm(std::uint64_t) noexcept {}

void panic_stop(const char* message) noexcept {
  std::fflush(stdout);
  std::fprintf(stderr, "panicked: %s\n", message);
  std::fflush(stderr);
  std::abort();
}

void exit_program(int code) noexcept {
  // MOTE_MEMORY_REPORT=1: print every task's frame size and the arena's use on the way out.
  if (const char* v = std::getenv("MOTE_MEMORY_REPORT"); v != nullptr && v[0] == '1') mote::memory_report();
  std::fflush(stdout);
  std::fflush(stderr);
  std::_Exit(code);
}

}  // namespace platform

namespace host {

void use_virtual_time(bool enabled) noexcept {
  if (enabled && !platform::g_virtual.load()) platform::g_virtual_now.store(platform::real_now());
  platform::g_virtual.store(enabled);
}
bool virtual_time() noexcept { return platform::g_virtual.load(); }
void advance_virtual_time(Duration d) noexcept { platform::g_virtual_now.fetch_add(d.ticks()); }

}  // namespace host

void Executor::idle() noexcept {
  const std::uint64_t deadline = detail::timer_next_deadline();
  if (deadline != detail::kNoDeadline && deadline <= platform::time_now()) {
    on_alarm();  // a deadline passed: that is the host's alarm interrupt
    return;
  }
  if (pender_.take_pending()) return;  // a task may be queued: poll it before time moves on
  if (platform::g_virtual.load(std::memory_order_relaxed)) {
    if (deadline != detail::kNoDeadline) {
      // Every task here is idle: jump to the next deadline.
      std::uint64_t now = platform::g_virtual_now.load();
      while (now < deadline && !platform::g_virtual_now.compare_exchange_weak(now, deadline)) {
      }
      on_alarm();
      return;
    }
    pender_.sleep_until(UINT64_MAX);  // only another thread can wake a task now
    return;
  }
  pender_.sleep_until(deadline);
}

void Executor::run() noexcept {
  chaining_ = MOTE_SYMMETRIC_TRANSFER;
  for (;;) {
    while (detail::TaskHeader* const task = next_ready()) resume(task);
    // Done when nothing is left that anything could wake, and every finished task's frame has
    // been freed (one whose last wake-up is still being pushed arrives with a pend).
    if (live_tasks_ == 0 && pending_releases_ == 0) return;
    idle();
  }
}

}  // namespace mote
