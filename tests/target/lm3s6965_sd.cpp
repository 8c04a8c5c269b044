// The SD card driver (mote/devices/sd_card.hpp, a hal::BlockDevice) over SSI0 against QEMU's SD
// card model with a 1 MiB image (-drive if=sd): initialisation with real commands, the size from
// the CSD, blocks the host put in the image read back, blocks written and read back (the host
// checks the image file afterwards: tests/target/sd_image.py), bad input refused before any bus
// traffic, and operations cancelled mid-command after which the card still serves reads and
// writes. With no image (lm3s6965_sd_no_card), init() reports NoDevice.
#include <mote/mote.hpp>
#include <mote/devices/sd_card.hpp>
#include <mote/hal/spi_device.hpp>
#include <mote/lm3s6965/gpio.hpp>
#include <mote/lm3s6965/spi.hpp>

#include <cstdio>
#include <cstring>
#include <utility>

#include "block_image.hpp"

namespace lm = mote::lm3s6965;
using mote::hal::BlockError;
using namespace mote::literals;

MOTE_BIND_INTERRUPTS(Irqs, (ssi0, lm::spi::InterruptHandler<lm::Ssi0>));

namespace {

int g_failures = 0;

void expect(bool ok, const char* what) {
  if (!ok) {
    ++g_failures;
    std::printf("FAILED: %s\n", what);
  }
}

constexpr unsigned kIrq = lm::Ssi0::Interrupt::number;

// The formulas of tests/target/sd_image.py.
using target_test::known_block;
using target_test::written_block;
std::byte g_block[1024];
std::byte g_expect[1024];

MOTE_TASK(sd_test, mote::pool(1).async_bytes(2048), lm::Ssi0 ssi, lm::PD0 pd0) {
  lm::Spi<lm::Ssi0> spi(std::move(ssi), Irqs{});
  lm::Output cs(std::move(pd0), lm::Level::High);
  mote::hal::SharedSpiBus shared(spi);
  mote::devices::SdCard card(shared, cs);
  static_assert(mote::hal::BlockDevice<decltype(card)>);

#ifdef MOTE_SD_NO_CARD
  auto none = co_await card.init();
  expect(!none && none.error() == BlockError::NoDevice, "an empty slot: NoDevice");
  std::printf("no card: %s\n", none ? "initialised?" : mote::hal::error_message(none.error()));
#else
  // Before init: NotReady, no traffic.
  auto early = co_await card.read(0, std::span(g_block, 512));
  expect(!early && early.error() == BlockError::NotReady, "read before init: NotReady");

  auto init = co_await card.init();
  auto count = co_await card.block_count();
  expect(init.has_value(), "init succeeds");
  expect(count && *count == 2048, "CSD: 2048 blocks (1 MiB)");
  const bool byte_addressed = card.type() == decltype(card)::Type::Sd2ByteAddressed;
  expect(byte_addressed, "a 1 MiB card is version 2, byte addressed (SDSC)");
  std::printf("init: %s, %lu blocks, %s\n", init ? "ok" : mote::hal::error_message(init.error()),
              count ? static_cast<unsigned long>(*count) : 0ul, byte_addressed ? "SDSC (byte addresses)" : "other");

  // Blocks the host put in the image.
  {
    auto r0 = co_await card.read(0, std::span(g_block, 512));
    known_block(g_expect, 0);
    const bool b0 = r0 && std::memcmp(g_block, g_expect, 512) == 0;
    auto r100 = co_await card.read(100, std::span(g_block, 512));
    known_block(g_expect, 100);
    const bool b100 = r100 && std::memcmp(g_block, g_expect, 512) == 0;
    expect(b0 && b100, "blocks 0 and 100 hold the image's bytes");
    std::printf("read: blocks 0 and 100 %s the image\n", b0 && b100 ? "match" : "DIFFER FROM");
  }

  // Two blocks in one write, and the last block; read back.
  {
    written_block(g_expect, 5);
    written_block(g_expect + 512, 6);
    auto w = co_await card.write(5, std::span<const std::byte>(g_expect, 1024));
    std::memset(g_block, 0, sizeof g_block);
    auto r = co_await card.read(5, std::span(g_block, 1024));
    const bool two = w && r && std::memcmp(g_block, g_expect, 1024) == 0;
    written_block(g_expect, 2047);
    auto wl = co_await card.write(2047, std::span<const std::byte>(g_expect, 512));
    auto rl = co_await card.read(2047, std::span(g_block, 512));
    const bool last = wl && rl && std::memcmp(g_block, g_expect, 512) == 0;
    expect(two && last, "blocks 5, 6 and 2047 written and read back");
    std::printf("write: blocks 5-6 (one write) and 2047 %s\n", two && last ? "read back" : "WRONG");
  }

  // Figures, not asserted: the CPU time of a block read and write under QEMU -icount (one
  // instruction per ns; QEMU's SSI shifts instantly, so this is the driver's and the card
  // protocol's work, not bus time).
  {
    const mote::Instant t0 = mote::Instant::now();
    auto r = co_await card.read(100, std::span(g_block, 512));
    const mote::Instant t1 = mote::Instant::now();
    auto w = co_await card.write(8, std::span<const std::byte>(g_block, 512));
    const mote::Instant t2 = mote::Instant::now();
    expect(r && w, "timed read and write succeed");
    std::printf("figures: read of one block %lu us, write of one block %lu us (instructions / 1000)\n",
                static_cast<unsigned long>((t1 - t0).as_micros()), static_cast<unsigned long>((t2 - t1).as_micros()));
  }

  // Bad input: refused before any bus traffic.
  {
    auto past = co_await card.read(2048, std::span(g_block, 512));
    auto over = co_await card.write(2047, std::span<const std::byte>(g_expect, 1024));
    auto odd = co_await card.read(0, std::span(g_block, 100));
    expect(!past && past.error() == BlockError::OutOfRange, "block 2048: OutOfRange");
    expect(!over && over.error() == BlockError::OutOfRange, "two blocks from 2047: OutOfRange");
    expect(!odd && odd.error() == BlockError::BadBufferSize, "100 bytes: BadBufferSize");
    std::printf("refused: %s; %s; %s\n", mote::hal::error_message(past.error()),
                mote::hal::error_message(over.error()), mote::hal::error_message(odd.error()));
  }

  // Cancelled mid-command (the SSI interrupt masked, so the command frame never completes):
  // the card is resynchronised by the next operation.
  {
    mote::cortex_m::nvic::disable(kIrq);
    auto r = co_await mote::with_timeout(1_ms, card.read(100, std::span(g_block, 512)));
    mote::cortex_m::nvic::enable(kIrq);
    expect(!r, "a stalled read timed out");
    expect(cs.is_set_high() && !shared.mutex().is_locked(), "cancelled: chip select high, bus unlocked");
    auto again = co_await card.read(100, std::span(g_block, 512));
    known_block(g_expect, 100);
    const bool read_ok = again && std::memcmp(g_block, g_expect, 512) == 0;
    mote::cortex_m::nvic::disable(kIrq);
    written_block(g_expect, 7);
    auto w = co_await mote::with_timeout(1_ms, card.write(7, std::span<const std::byte>(g_expect, 512)));
    mote::cortex_m::nvic::enable(kIrq);
    expect(!w, "a stalled write timed out");
    auto w2 = co_await card.write(7, std::span<const std::byte>(g_expect, 512));
    auto r2 = co_await card.read(7, std::span(g_block, 512));
    const bool write_ok = w2 && r2 && std::memcmp(g_block, g_expect, 512) == 0;
    expect(read_ok && write_ok, "after the cancellations the card reads and writes");
    std::printf("cancelled: a read and a write; then block 100 %s, block 7 %s\n", read_ok ? "read" : "FAILED",
                write_ok ? "written and read back" : "FAILED");
  }
#endif

  if (g_failures == 0) {
    std::printf("ok\n");
  } else {
    std::printf("%d failures\n", g_failures);
  }
  mote::exit(g_failures == 0 ? 0 : 1);
}

}  // namespace

MOTE_MAIN(spawner) {
  auto p = lm::Peripherals::take();
  spawner.must_spawn(sd_test(std::move(p.ssi0), std::move(p.pd0)));
  co_return;
}
