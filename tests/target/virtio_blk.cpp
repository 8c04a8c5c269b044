// Firmware test (riscv32-virt): the virtio-blk driver (mote/riscv_virt/virtio_blk.hpp, a
// hal::BlockDevice) against QEMU's virtio-blk-device on a 1 MiB raw file the host made with known
// blocks (tests/target/sd_image.py) and checks afterwards: size from the configuration space,
// known blocks read, blocks written and read back, two operations at once, bad input refused
// before the device sees it, a read and a write cancelled with their requests in flight (the
// reader's buffer stays untouched; the abandoned write lands whole), then the device still
// serves. Variants: MOTE_TEST_BLK_NO_DEVICE (empty slot: NoDevice), MOTE_TEST_BLK_READ_ONLY
// (readonly=on: writes refused with WriteFailed, reads work).
#include <mote/mote.hpp>
#include <mote/riscv_virt/virtio_blk.hpp>

#include <cstdio>
#include <cstring>
#include <span>
#include <utility>

#include "block_image.hpp"
#include "check.hpp"

using namespace mote::literals;
namespace rv = mote::riscv_virt;
using mote::hal::BlockError;
using mote::hal::error_message;
using target_test::check;
using target_test::g_ok;
using target_test::known_block;
using target_test::written_block;

// QEMU puts the first -device in the highest virtio-mmio slot.
using BlkSlot = rv::VirtioSlot<7>;
MOTE_BIND_INTERRUPTS(Irqs, (virtio7, rv::VirtioBlk<BlkSlot>::InterruptHandler));

namespace {

std::byte g_block[1024];
std::byte g_expect[1024];
std::byte g_other[512];

bool same(const std::byte* a, const std::byte* b, std::size_t n) { return std::memcmp(a, b, n) == 0; }

}  // namespace

MOTE_TASK(disk, 1) {
  rv::VirtioBlk<BlkSlot> blk(std::move(rv::Peripherals::take().virtio7), Irqs{});
  static_assert(mote::hal::BlockDevice<decltype(blk)>);

#if defined(MOTE_TEST_BLK_NO_DEVICE)
  auto count = co_await blk.block_count();
  auto r = co_await blk.read(0, std::span(g_block, 512));
  auto w = co_await blk.write(0, std::span<const std::byte>(g_block, 512));
  check(!count && count.error() == BlockError::NoDevice, "block_count: NoDevice");
  check(!r && r.error() == BlockError::NoDevice, "read: NoDevice");
  check(!w && w.error() == BlockError::NoDevice, "write: NoDevice");
  std::printf("no device: %s; %s; %s\n", count ? "counted?" : error_message(count.error()),
              r ? "read?" : error_message(r.error()), w ? "written?" : error_message(w.error()));
#elif defined(MOTE_TEST_BLK_READ_ONLY)
  auto r = co_await blk.read(100, std::span(g_block, 512));
  known_block(g_expect, 100);
  check(r && same(g_block, g_expect, 512), "a read-only disk still reads");
  auto w = co_await blk.write(5, std::span<const std::byte>(g_expect, 512));
  check(blk.read_only(), "the device offers VIRTIO_BLK_F_RO");
  check(!w && w.error() == BlockError::WriteFailed, "write: WriteFailed");
  std::printf("read-only: block 100 %s; write: %s\n", r ? "read" : "FAILED", w ? "written?" : error_message(w.error()));
#else
  // Size from the configuration space.
  auto count = co_await blk.block_count();
  check(count && *count == 2048, "capacity: 2048 blocks (1 MiB)");
  std::printf("capacity: %lu blocks\n", count ? static_cast<unsigned long>(*count) : 0ul);

  // Blocks the host put in the image.
  {
    const std::uint32_t irq0 = blk.interrupts();
    auto r0 = co_await blk.read(0, std::span(g_block, 512));
    known_block(g_expect, 0);
    const bool b0 = r0 && same(g_block, g_expect, 512);
    auto r100 = co_await blk.read(100, std::span(g_block, 512));
    known_block(g_expect, 100);
    const bool b100 = r100 && same(g_block, g_expect, 512);
    check(b0 && b100, "blocks 0 and 100 hold the image's bytes");
    check(blk.interrupts() - irq0 >= 2, "the reads were completed by interrupts");
    std::printf("read: blocks 0 and 100 %s the image, %s\n", b0 && b100 ? "match" : "DIFFER FROM",
                blk.interrupts() - irq0 >= 2 ? "woken by completion interrupts" : "NO INTERRUPTS");
  }

  // Two blocks in one write, and the last block; read back.
  {
    written_block(g_expect, 5);
    written_block(g_expect + 512, 6);
    auto w = co_await blk.write(5, std::span<const std::byte>(g_expect, 1024));
    std::memset(g_block, 0, sizeof g_block);
    auto r = co_await blk.read(5, std::span(g_block, 1024));
    const bool two = w && r && same(g_block, g_expect, 1024);
    written_block(g_expect, 2047);
    auto wl = co_await blk.write(2047, std::span<const std::byte>(g_expect, 512));
    auto rl = co_await blk.read(2047, std::span(g_block, 512));
    const bool last = wl && rl && same(g_block, g_expect, 512);
    check(two && last, "blocks 5, 6 and 2047 written and read back");
    std::printf("write: blocks 5-6 (one write) and 2047 %s\n", two && last ? "read back" : "WRONG");
  }

  // Two operations at once: the second waits for the device, both complete.
  {
    auto [a, b] = co_await mote::join(blk.read(0, std::span(g_block, 512)), blk.read(100, std::span(g_other, 512)));
    known_block(g_expect, 0);
    known_block(g_expect + 512, 100);
    const bool both = a && b && same(g_block, g_expect, 512) && same(g_other, g_expect + 512, 512);
    check(both, "two reads at once");
    std::printf("two reads at once: %s\n", both ? "both right" : "WRONG");
  }

  // Figures, not asserted: one block's read and write under -icount (instructions / 1000).
  {
    const mote::Instant t0 = mote::Instant::now();
    auto r = co_await blk.read(100, std::span(g_block, 512));
    const mote::Instant t1 = mote::Instant::now();
    auto w = co_await blk.write(8, std::span<const std::byte>(g_block, 512));
    const mote::Instant t2 = mote::Instant::now();
    check(r && w, "timed read and write succeed");
    std::printf("figures: read of one block %lu us, write of one block %lu us\n",
                static_cast<unsigned long>((t1 - t0).as_micros()), static_cast<unsigned long>((t2 - t1).as_micros()));
  }

  // Bad input: refused before the device sees it.
  {
    auto past = co_await blk.read(2048, std::span(g_block, 512));
    auto over = co_await blk.write(2047, std::span<const std::byte>(g_expect, 1024));
    auto odd = co_await blk.read(0, std::span(g_block, 100));
    auto none = co_await blk.read(0, std::span<std::byte>());
    check(!past && past.error() == BlockError::OutOfRange, "block 2048: OutOfRange");
    check(!over && over.error() == BlockError::OutOfRange, "two blocks from 2047: OutOfRange");
    check(!odd && odd.error() == BlockError::BadBufferSize, "100 bytes: BadBufferSize");
    check(!none && none.error() == BlockError::BadBufferSize, "0 bytes: BadBufferSize");
    std::printf("refused: %s; %s; %s\n", error_message(past.error()), error_message(over.error()),
                error_message(odd.error()));
  }

  // Cancelled in flight: poll once (the request is posted; QEMU completes it later from its main
  // loop), then drop the future.
  {
    std::byte victim[512];
    std::memset(victim, 0xA5, sizeof victim);
    bool read_cancelled = false;
    for (int attempt = 0; attempt < 50 && !read_cancelled; ++attempt) {
      const auto once = co_await mote::poll_once(blk.read(100, std::span(victim)));
      read_cancelled = !once.has_value();
      if (!read_cancelled) std::memset(victim, 0xA5, sizeof victim);
    }
    // Until the abandoned read completes, a new operation only queues: wait for the device.
    co_await mote::Timer::after(1_ms);
    // The abandoned write: block 7 gets pattern 'A' whole, though nobody waits for it.
    std::byte a_block[512];
    std::memset(a_block, 'A', sizeof a_block);
    bool write_cancelled = false;
    for (int attempt = 0; attempt < 50 && !write_cancelled; ++attempt) {
      const auto once = co_await mote::poll_once(blk.write(7, std::span<const std::byte>(a_block, 512)));
      write_cancelled = !once.has_value();
    }
    std::memset(a_block, 0, sizeof a_block);  // the caller's buffer is gone (reused) at once
    check(read_cancelled && write_cancelled, "caught a read and a write in flight to cancel them");
    check(blk.abandoned() >= 2, "the driver counted the abandoned requests");
    co_await mote::Timer::after(1_ms);
    bool untouched = true;
    for (std::byte x : victim) untouched = untouched && x == std::byte{0xA5};
    check(untouched, "the device or driver wrote into a cancelled read's buffer");
    auto r7 = co_await blk.read(7, std::span(g_block, 512));
    bool landed = r7.has_value();
    for (unsigned i = 0; i < 512; ++i) landed = landed && g_block[i] == std::byte{'A'};
    check(landed, "the abandoned write landed whole");
    // A read cancelled by with_timeout while it waits behind a multi-block transfer.
    auto [big, timed] = co_await mote::join(blk.read(0, std::span(g_block, 1024)),
                                            mote::with_timeout(mote::Duration::from_ticks(1), blk.read(100, std::span(g_other, 512))));
    check(big.has_value(), "the transfer ahead of a timed-out read completes");
    // Then the device still serves.
    auto again = co_await blk.read(100, std::span(g_block, 512));
    known_block(g_expect, 100);
    const bool read_ok = again && same(g_block, g_expect, 512);
    written_block(g_expect, 7);
    auto w2 = co_await blk.write(7, std::span<const std::byte>(g_expect, 512));
    auto r2 = co_await blk.read(7, std::span(g_block, 512));
    const bool write_ok = w2 && r2 && same(g_block, g_expect, 512);
    check(read_ok && write_ok, "after the cancellations the device reads and writes");
    std::printf("cancelled in flight: a read (its buffer %s) and a write (%s); a queued read timed out: %s; "
                "then block 100 %s, block 7 %s\n",
                untouched ? "untouched" : "WRITTEN", landed ? "landed whole" : "LOST", timed ? "no" : "yes",
                read_ok ? "read" : "FAILED", write_ok ? "written and read back" : "FAILED");
  }
#endif
  std::printf("%s\n", g_ok ? "ok" : "FAILED");
  mote::exit(g_ok ? 0 : 1);
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(disk());
  co_return;
}
