// The trace ring (mote/trace.hpp): only built into a program that records (MOTE_TRACE=ON).
#include "mote/trace.hpp"

#if MOTE_TRACE

#include <cinttypes>
#include <cstdio>

#include <mote/platform/port.hpp>

#include "mote/critical_section.hpp"
#include "mote/time.hpp"

#if defined(MOTE_PLATFORM_RISCV)
#include "mote/riscv.hpp"
#endif

namespace mote::trace {
namespace {

struct Entry {
  std::uint32_t time;  // low 32 bits of the tick counter (tools/mote-trace unwraps it)
  std::uint32_t task;
  std::uint32_t arg;
  std::uint8_t event;
};

Entry g_ring[MOTE_TRACE_EVENTS];
std::uint32_t g_written = 0;  // entries ever written; the newest is at (g_written - 1) % size

bool in_interrupt() noexcept {
#if defined(MOTE_PLATFORM_CORTEX_M)
  std::uint32_t ipsr;
  __asm volatile("mrs %0, ipsr" : "=r"(ipsr));
  return ipsr != 0;
#elif defined(MOTE_PLATFORM_RISCV)
  return riscv::in_interrupt();
#else
  return false;
#endif
}

}  // namespace

void record(Event event, const void* task, std::uintptr_t arg) noexcept {
  if (event == Event::Woken && in_interrupt()) arg = 1;
  const auto time = static_cast<std::uint32_t>(Instant::now().ticks());
  CriticalSection cs;
  Entry& e = g_ring[g_written % MOTE_TRACE_EVENTS];
  e.time = time;
  e.task = static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(task));
  e.arg = static_cast<std::uint32_t>(arg);
  e.event = static_cast<std::uint8_t>(event);
  ++g_written;
}

void dump() noexcept {
  CriticalSection cs;  // nothing records while the ring is printed
  const std::uint32_t size = MOTE_TRACE_EVENTS;
  const std::uint32_t first = g_written > size ? g_written - size : 0;
  std::printf("mote-trace: begin %" PRIu32 " %" PRIu32 " %" PRIu64 "\n", g_written, size,
              static_cast<std::uint64_t>(kTickHz));
  for (std::uint32_t i = first; i < g_written; ++i) {
    const Entry& e = g_ring[i % size];
    std::printf("mote-trace: %u %08" PRIx32 " %08" PRIx32 " %08" PRIx32 "\n", e.event, e.time, e.task, e.arg);
  }
  std::printf("mote-trace: end\n");
  std::fflush(stdout);
}

}  // namespace mote::trace

#endif
