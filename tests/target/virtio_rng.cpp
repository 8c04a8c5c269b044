// Firmware test (riscv32-virt, QEMU run with -device virtio-rng-device): the virtio entropy
// driver over virtio-mmio. Bytes arrive through DMA and the completion interrupt wakes the task;
// they are not all equal and two reads differ; a read cancelled while its request is with the
// device leaves the reader's buffer untouched (the device writes only into the driver's own
// buffer), and the next read still works.
#include <mote/mote.hpp>
#include <mote/riscv_virt/virtio_rng.hpp>

#include <cstdio>
#include <cstring>
#include <span>
#include <utility>

#include "check.hpp"

using namespace mote::literals;
namespace rv = mote::riscv_virt;

// QEMU puts the first -device in the highest virtio-mmio slot.
using RngSlot = rv::VirtioSlot<7>;
MOTE_BIND_INTERRUPTS(Irqs, (virtio7, rv::VirtioRng<RngSlot>::InterruptHandler));

namespace {

using target_test::check;
using target_test::g_ok;

void print_bytes(const char* label, std::span<const std::byte> b) noexcept {
  std::printf("%s:", label);
  for (std::byte x : b) std::printf(" %02x", static_cast<unsigned>(x));
  std::printf("\n");
}

bool all_equal(std::span<const std::byte> b) noexcept {
  for (std::byte x : b) {
    if (x != b[0]) return false;
  }
  return true;
}

}  // namespace

MOTE_TASK(entropy, 1) {
  rv::VirtioRng<RngSlot> rng(std::move(rv::Peripherals::take().virtio7), Irqs{});

  // 1. Two reads as large as the driver's DMA buffer, so each needs its own request and waits
  //    for its completion interrupt.
  std::byte a[rv::virtio_rng::kBufferBytes] = {};
  std::size_t got = 0;
  while (got < sizeof a) {
    const std::size_t n = co_await rng.read(std::span(a).subspan(got));
    check(n > 0, "a read yielded no bytes");
    if (n == 0) break;
    got += n;
  }
  std::byte b[rv::virtio_rng::kBufferBytes] = {};
  got = 0;
  while (got < sizeof b) {
    const std::size_t n = co_await rng.read(std::span(b).subspan(got));
    if (n == 0) break;
    got += n;
  }
  print_bytes("first", std::span(a, 16));
  print_bytes("second", std::span(b, 16));
  const std::uint32_t interrupts = rng.interrupts();
  std::printf("completion interrupts: %lu\n", static_cast<unsigned long>(interrupts));
  check(interrupts >= 2, "the reads were not woken by completion interrupts");
  check(!all_equal(a), "the first read's bytes are all equal");
  check(std::memcmp(a, b, sizeof a) != 0, "two reads gave the same bytes");

  // 2. Cancellation with a request in flight. The driver hands out what it has first, so drain
  //    it until a read has to ask the device (poll_once then finds it not ready), and drop that
  //    read at once. The device completes later, into the driver's buffer only.
  std::byte victim[16];
  std::memset(victim, 0xA5, sizeof victim);
  bool in_flight_cancel = false;
  for (int attempt = 0; attempt < 200 && !in_flight_cancel; ++attempt) {
    const auto once = co_await mote::poll_once(rng.read(victim));
    if (!once.has_value()) {
      in_flight_cancel = true;  // not ready: the request was posted, then the future destroyed
    } else {
      std::memset(victim, 0xA5, sizeof victim);  // it completed at once: try again
    }
  }
  check(in_flight_cancel, "never caught a read in flight to cancel it");
  co_await mote::Timer::after(1_ms);  // the device completes the abandoned request meanwhile
  bool untouched = true;
  for (std::byte x : victim) untouched = untouched && x == std::byte{0xA5};
  std::printf("cancelled a read in flight: %s; its buffer after the device completed: %s\n",
              in_flight_cancel ? "yes" : "no", untouched ? "untouched" : "WRITTEN");
  check(untouched, "the device or driver wrote into a cancelled read's buffer");

  // 3. The next read works (it gets the abandoned request's bytes, then fresh ones).
  std::byte c[8] = {};
  const std::size_t n = co_await rng.read(c);
  print_bytes("after the cancel", std::span(c, n));
  check(n > 0, "no bytes after the cancellation");
  // 4. fill_bytes (hal::Rng): 300 bytes, several device requests (64 bytes each).
  std::byte big[300];
  std::memset(big, 0, sizeof big);
  const std::uint32_t before = rng.interrupts();
  auto filled = co_await rng.fill_bytes(big);
  int zeros = 0;
  for (std::byte x : big) zeros += x == std::byte{0} ? 1 : 0;
  const bool several = rng.interrupts() - before >= 2;
  check(filled.has_value() && zeros < 20 && !all_equal(big) && several, "fill_bytes filled 300 bytes over several requests");
  std::printf("fill_bytes: 300 bytes, %d zero, %s requests\n", zeros, several ? "several" : "ONE");
  std::printf("%s\n", g_ok ? "ok" : "FAILED");
  mote::exit(g_ok ? 0 : 1);
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(entropy());
  co_return;
}
