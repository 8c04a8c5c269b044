// Firmware test (microbit): the NVMC driver (mote/nrf51/nvmc.hpp) against QEMU's nrf51 NVMC
// model. Erase gives 0xFF and a written pattern reads back, through the futures and the blocking
// calls; a write only clears bits; misaligned, out-of-bounds and protected (the image's own pages)
// requests are refused with their error and change nothing; another task runs between the steps
// of an erase and of a write; a future dropped after its first step leaves that step done, the
// rest untouched, the NVMC read-only and the driver usable.
#include <mote/boot/partition.hpp>
#include <mote/mote.hpp>
#include <mote/nrf51/nvmc.hpp>
#include <mote/nrf51/regs.hpp>

#include <array>
#include <cstdio>
#include <cstring>

#include "check.hpp"

using mote::hal::FlashError;
using mote::nrf51::Nvmc;

namespace {

using target_test::check;
using target_test::g_ok;

// Counts how often the ticker task ran: proof that an operation let other tasks run.
unsigned g_ticks = 0;
bool g_done = false;

constexpr std::uint32_t kWords = 64;  // 4 write steps of kWordsPerStep
std::array<std::uint32_t, kWords> g_pattern;

std::uint32_t read_word(const Nvmc& f, std::uint32_t at) noexcept {
  std::array<std::byte, 4> b{};
  check(static_cast<bool>(f.read(at, b)), "read");
  std::uint32_t v;
  std::memcpy(&v, b.data(), 4);
  return v;
}
std::span<const std::byte> bytes_of(const std::uint32_t& v) noexcept { return std::as_bytes(std::span(&v, 1)); }

bool all_words(const Nvmc& f, std::uint32_t from, std::uint32_t to, std::uint32_t value) noexcept {
  for (std::uint32_t at = from; at < to; at += 4)
    if (read_word(f, at) != value) return false;
  return true;
}
bool holds_pattern(const Nvmc& f, std::uint32_t at, std::uint32_t first, std::uint32_t count) noexcept {
  for (std::uint32_t i = first; i < first + count; ++i)
    if (read_word(f, at + 4 * i) != g_pattern[i]) return false;
  return true;
}
bool failed_with(const mote::hal::FlashResult& r, FlashError e) noexcept { return !r && r.error() == e; }
bool nvmc_read_only() noexcept { return mote::nrf51::reg32(mote::nrf51::nvmc::kConfig) == 0; }

}  // namespace

MOTE_TASK(ticker, 1) {
  while (!g_done) {
    ++g_ticks;
    co_await mote::yield_now();
  }
}

MOTE_TASK(flash_test, 1) {
  auto flash = Nvmc::flash();
  constexpr std::uint32_t kPage = Nvmc::erase_size;
  const std::uint32_t free = flash.free_begin();
  std::printf("flash %u bytes, image below 0x%05x\n", unsigned(flash.capacity()), unsigned(free));
  check(flash.capacity() == 256 * 1024 && free > 0 && free % kPage == 0 && free <= flash.capacity() - 8 * kPage,
        "geometry from the linker script");
  for (std::uint32_t i = 0; i < kWords; ++i) g_pattern[i] = 0xA5000000u | i << 8 | (i ^ 0x5A);
  const auto pattern = std::as_bytes(std::span(g_pattern));
  const std::uint32_t a = flash.capacity() - 4 * kPage;  // scratch: the last four pages

  // Erase (async, 4 pages: the ticker runs between them), then everything reads 0xFF.
  unsigned ticks = g_ticks;
  check(static_cast<bool>(co_await flash.erase_async(a, a + 4 * kPage)), "erase_async");
  check(g_ticks - ticks >= 3, "other tasks ran between the pages of an erase");
  check(all_words(flash, a, a + 4 * kPage, 0xFFFFFFFFu), "erased pages read 0xFF");
  std::printf("erase: 4 pages read 0xFF, ticker ran %u times meanwhile\n", g_ticks - ticks);

  // Write (async, 64 words = 4 steps), read back; the next word stays erased.
  ticks = g_ticks;
  check(static_cast<bool>(co_await flash.write_async(a, pattern)), "write_async");
  check(g_ticks - ticks >= 3, "other tasks ran between the steps of a write");
  check(holds_pattern(flash, a, 0, kWords), "written pattern reads back");
  check(read_word(flash, a + 4 * kWords) == 0xFFFFFFFFu, "the word after the pattern untouched");
  std::printf("write: %u words read back, ticker ran %u times meanwhile\n", unsigned(kWords), g_ticks - ticks);

  // The blocking calls, and NOR semantics: writing 1s over 0s leaves the 0s.
  const std::uint32_t b = a + kPage;
  const std::uint32_t first = 0x12345678u, second = 0xFF00FF0Fu;
  check(static_cast<bool>(flash.write(b, bytes_of(first))), "blocking write");
  check(static_cast<bool>(flash.write(b, bytes_of(second))), "second write");
  check(read_word(flash, b) == 0x12005608u, "a second write only clears bits (old AND new)");
  const std::uint32_t low_half = 0x0000FFFFu, ones = 0xFFFFFFFFu;  // named: the futures borrow them
  check(static_cast<bool>(co_await flash.write_async(b + 4, bytes_of(low_half))) &&
            static_cast<bool>(co_await flash.write_async(b + 4, bytes_of(ones))) &&
            read_word(flash, b + 4) == 0x0000FFFFu,
        "writing all 1s over 0s sets nothing");
  check(static_cast<bool>(flash.erase(b, b + kPage)) && all_words(flash, b, b + kPage, 0xFFFFFFFFu),
        "blocking erase");
  std::printf("nor: 0x12345678 then 0xff00ff0f read 0x12005608; 1s over 0s set nothing\n");

  // Refused requests: the right error, nothing changed (the pattern in page a, the image).
  const std::uint32_t vector0 = read_word(flash, 0);
  // The last non-zero word below free_begin(): a refused write of 0 there would show (words
  // past the image's end read 0 under QEMU, where writing 0 would change nothing).
  std::uint32_t last = free - 4;
  while (last > 0 && read_word(flash, last) == 0) last -= 4;
  const std::uint32_t last_image_word = read_word(flash, last);
  check(last_image_word != 0 && last >= free - kPage, "a non-zero word in the image's last page");
  const std::uint32_t zero = 0;
  check(failed_with(flash.write(a + 2, bytes_of(zero)), FlashError::NotAligned), "misaligned write");
  check(failed_with(flash.write(a, pattern.first(6)), FlashError::NotAligned), "write of a partial word");
  check(failed_with(flash.erase(a + 512, a + kPage), FlashError::NotAligned), "misaligned erase");
  check(failed_with(flash.write(flash.capacity(), bytes_of(zero)), FlashError::OutOfBounds), "write past the end");
  check(failed_with(flash.erase(a, a + 5 * kPage), FlashError::OutOfBounds), "erase past the end");
  check(failed_with(flash.erase(a + kPage, a), FlashError::OutOfBounds), "erase with to < from");
  check(failed_with(flash.write(0, bytes_of(zero)), FlashError::Protected), "write to the vector table");
  check(failed_with(flash.write(last, bytes_of(zero)), FlashError::Protected), "write to the image's last page");
  check(failed_with(flash.erase(0, kPage), FlashError::Protected), "erase of page 0");
  check(failed_with(flash.erase(free - kPage, free + kPage), FlashError::Protected), "erase overlapping the image");
  check(failed_with(co_await flash.write_async(a + 2, bytes_of(zero)), FlashError::NotAligned),
        "misaligned write_async");
  check(failed_with(co_await flash.write_async(last, bytes_of(zero)), FlashError::Protected),
        "write_async into the image");
  check(failed_with(co_await flash.erase_async(0, kPage), FlashError::Protected), "erase_async of page 0");
  check(failed_with(co_await flash.erase_async(a, a + 5 * kPage), FlashError::OutOfBounds), "erase_async past the end");
  check(holds_pattern(flash, a, 0, kWords), "refused requests left the scratch pages alone");
  check(read_word(flash, 0) == vector0 && read_word(flash, last) == last_image_word,
        "refused requests left the image alone");
  check(nvmc_read_only(), "NVMC read-only after refused requests");
  std::printf("errors: NotAligned, OutOfBounds, Protected; nothing changed\n");

  // The model honours CONFIG: a store with the NVMC read-only changes nothing (what makes a
  // step that ends with CONFIG = 0 safe to abandon).
  mote::nrf51::reg32(a + 4 * kWords) = 0;
  check(read_word(flash, a + 4 * kWords) == 0xFFFFFFFFu, "a store without CONFIG.WEN changes nothing");

  // Cancellation: a write polled once (its first step) and dropped.
  const std::uint32_t c = a + 2 * kPage;
  auto once = co_await mote::poll_once(flash.write_async(c, pattern));
  check(!once.has_value(), "a 64-word write is not done after one step");
  check(holds_pattern(flash, c, 0, mote::nrf51::nvmc::kWordsPerStep), "the dropped write's first step is programmed");
  check(all_words(flash, c + 4 * mote::nrf51::nvmc::kWordsPerStep, c + kPage, 0xFFFFFFFFu),
        "the dropped write's remaining words untouched");
  check(nvmc_read_only(), "NVMC read-only after a dropped write");
  const auto rest = pattern.subspan(4 * mote::nrf51::nvmc::kWordsPerStep);
  check(static_cast<bool>(co_await flash.write_async(c + 4 * mote::nrf51::nvmc::kWordsPerStep, rest)) &&
            holds_pattern(flash, c, 0, kWords),
        "the driver finishes the write afterwards");
  // ... and an erase polled once (its first page) and dropped.
  check(static_cast<bool>(flash.write(c + kPage, pattern)), "pattern into the last page");
  auto erase_once = co_await mote::poll_once(flash.erase_async(c, c + 2 * kPage));
  check(!erase_once.has_value(), "a 2-page erase is not done after one step");
  check(all_words(flash, c, c + kPage, 0xFFFFFFFFu), "the dropped erase's first page erased");
  check(holds_pattern(flash, c + kPage, 0, kWords), "the dropped erase's second page untouched");
  check(nvmc_read_only(), "NVMC read-only after a dropped erase");
  check(static_cast<bool>(co_await flash.erase_async(c + kPage, c + 2 * kPage)) &&
            all_words(flash, c + kPage, c + 2 * kPage, 0xFFFFFFFFu),
        "the driver erases again afterwards");
  std::printf("cancel: dropped write and erase kept their first step only; driver usable\n");

  // Generic code over any hal::NorFlash: a boot::Partition (what the bootloader's layout is made
  // of) of free pages works through the driver; one reaching into the image gets Protected.
  mote::boot::Partition<Nvmc> slot(flash, c, 2 * kPage);
  check(slot.valid() && static_cast<bool>(slot.erase(0, 2 * kPage)) && static_cast<bool>(slot.write(kPage, pattern)) &&
            all_words(flash, c, c + kPage, 0xFFFFFFFFu) && holds_pattern(flash, c + kPage, 0, kWords),
        "a Partition of free pages erases and writes through the driver");
  mote::boot::Partition<Nvmc> over_image(flash, free - kPage, 2 * kPage);
  // (Erased first: QEMU 7.2's flash reads 0, not 0xFF, wherever nothing was loaded or erased.)
  check(static_cast<bool>(flash.erase(free, free + kPage)) && static_cast<bool>(flash.write(free, bytes_of(first))),
        "a word in the first free page");
  check(over_image.valid(), "a Partition over the image's last page is a valid window");
  check(failed_with(over_image.erase(0, 2 * kPage), FlashError::Protected), "Partition erase over the image");
  check(failed_with(over_image.write(last - (free - kPage), bytes_of(zero)), FlashError::Protected),
        "Partition write into the image");
  check(read_word(flash, last) == last_image_word && read_word(flash, free) == first,
        "refused Partition requests changed nothing");
  std::printf("partition: free pages written through boot::Partition, the image's refused\n");

  g_done = true;
  std::printf(g_ok ? "ok\n" : "FAILED\n");
  mote::exit(g_ok ? 0 : 1);
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(ticker());
  spawner.must_spawn(flash_test());
  co_return;
}
