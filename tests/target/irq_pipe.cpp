// Firmware test: byte pipes between a hardware timer interrupt and tasks, both ways.
//   - The timer's handler try_writes a counting byte stream into `to_task` (as much as fits,
//     a few bytes per tick); a task reads it with `co_await read` and checks every byte.
//   - A task write_all()s its own stream into `from_task` in chunks larger than the pipe; the
//     handler try_reads it and checks every byte, then signals the end.
// The pipe is smaller than a chunk, so the writer task waits on a full pipe and the reader task
// on an empty one; only the interrupt handler moves them on.
#include <mote/mote.hpp>

#include <array>
#include <cstdint>
#include <cstdio>

#include "soft_irqs.hpp"
#include MOTE_TEST_PERIODIC_TIMER_HEADER

namespace {

constexpr std::uint32_t kBytes = 20000;
constexpr std::uint32_t kPerTick = 7;
constexpr std::uint32_t kPeriodUs = 20;

mote::Pipe<16> to_task;
mote::Pipe<16> from_task;
mote::Signal<std::uint32_t> handler_done;  // the count the handler read, and whether in order

// A stream's n-th byte: a pattern whose period (251) is no multiple of any chunk size.
constexpr std::uint8_t byte_at(std::uint32_t n) noexcept { return static_cast<std::uint8_t>(n % 251); }

// Handler state (the timer's handler only).
std::uint32_t g_handler_written = 0;
std::uint32_t g_handler_read = 0;
std::uint32_t g_handler_bad = 0;

MOTE_TASK(reader, 1) {
  std::uint32_t n = 0, bad = 0;
  std::array<std::uint8_t, 5> buf{};
  while (n < kBytes) {
    const std::size_t got = co_await to_task.read(buf);
    for (std::size_t i = 0; i < got; ++i) bad += buf[i] != byte_at(n++) ? 1 : 0;
  }
  std::printf("pipe from a timer interrupt: %lu bytes, %lu wrong; %s\n", static_cast<unsigned long>(n),
              static_cast<unsigned long>(bad), n == kBytes && bad == 0 ? "ok" : "FAILED");
  if (bad != 0) mote::exit(1);
}

MOTE_TASK(writer, 1) {
  std::array<std::uint8_t, 40> chunk{};  // larger than the pipe: write_all waits for room
  std::uint32_t n = 0;
  while (n < kBytes) {
    std::size_t len = 0;
    for (; len < chunk.size() && n < kBytes; ++len) chunk[len] = byte_at(n++);
    co_await from_task.write_all(std::span<const std::uint8_t>(chunk.data(), len));
  }
  const std::uint32_t read_by_handler = co_await handler_done.wait();
  const bool ok = read_by_handler == kBytes && g_handler_bad == 0 && to_task.is_empty() && from_task.is_empty();
  std::printf("pipe to a timer interrupt: %lu bytes, %lu wrong; %s\n", static_cast<unsigned long>(read_by_handler),
              static_cast<unsigned long>(g_handler_bad), ok ? "ok" : "FAILED");
  mote::exit(ok ? 0 : 1);
}

}  // namespace

extern "C" void MOTE_TEST_PERIODIC_TIMER_HANDLER() noexcept {
  mote_test::ack_periodic_timer();
  std::array<std::uint8_t, kPerTick> out{};
  std::uint32_t len = 0;
  for (; len < kPerTick && g_handler_written + len < kBytes; ++len) out[len] = byte_at(g_handler_written + len);
  g_handler_written += static_cast<std::uint32_t>(to_task.try_write(std::span<const std::uint8_t>(out.data(), len)));

  std::array<std::uint8_t, kPerTick> in{};
  const std::size_t got = from_task.try_read(in);
  for (std::size_t i = 0; i < got; ++i) g_handler_bad += in[i] != byte_at(g_handler_read++) ? 1 : 0;
  if (g_handler_read == kBytes && g_handler_written == kBytes) {
    mote_test::stop_periodic_timer();
    handler_done.signal(g_handler_read);
  }
}

MOTE_MAIN(spawner) {
  const unsigned levels = mote_test::priority_levels(mote_test::kPeriodicTimerIrq);
  mote_test::enable(mote_test::kPeriodicTimerIrq, levels - 1);
  spawner.must_spawn(reader());
  spawner.must_spawn(writer());
  mote_test::start_periodic_timer(kPeriodUs);
  co_return;
}
