// Firmware test (riscv32-virt, QEMU with a file on pflash bank 0; run twice on the same file by
// pflash_persist.py): the CFI flash driver against QEMU's pflash_cfi01 model. Erase gives 0xFF,
// a write only clears bits (the driver programs old AND new, like a real cell), misaligned and
// out-of-bounds requests are refused without touching the part, and what one run wrote is there
// in the next run (the file keeps it: resets and power cuts are real).
#include <mote/mote.hpp>
#include <mote/riscv_virt/pflash.hpp>

#include <array>
#include <cstdio>
#include <cstring>

#include "../check.hpp"

namespace rv = mote::riscv_virt;
using mote::hal::FlashError;

namespace {

using target_test::check;
using target_test::g_ok;

constexpr std::uint32_t kSector = rv::PFlash::erase_size;
constexpr std::uint32_t kRuns = 126 * kSector;     // one word per run: how many runs came before
constexpr std::uint32_t kPersist = 125 * kSector;  // what run 1 leaves for run 2
constexpr std::uint32_t kScratch = 124 * kSector;  // erased and written by every run

std::uint32_t read_word(rv::PFlash& f, std::uint32_t at) noexcept {
  std::array<std::byte, 4> b{};
  check(static_cast<bool>(f.read(at, b)), "read");
  std::uint32_t v;
  std::memcpy(&v, b.data(), 4);
  return v;
}
bool write_word(rv::PFlash& f, std::uint32_t at, std::uint32_t v) noexcept {
  std::array<std::byte, 4> b;
  std::memcpy(b.data(), &v, 4);
  return static_cast<bool>(f.write(at, b));
}

void run() noexcept {
  auto flash = rv::PFlash::bank(0);  // sector 0 holds the jump to RAM (pflash_runs.py)
  std::uint32_t previous = 0;
  while (previous < 1000 && read_word(flash, kRuns + 4 * previous) != 0xFFFFFFFFu) ++previous;
  const std::uint32_t me = previous + 1;
  std::printf("run %u\n", unsigned(me));
  check(write_word(flash, kRuns + 4 * previous, me), "record the run");

  check(static_cast<bool>(flash.erase(kScratch, kScratch + kSector)), "erase");
  bool erased = true;
  for (std::uint32_t at = 0; at < kSector; at += 4096) erased = erased && read_word(flash, kScratch + at) == 0xFFFFFFFFu;
  check(erased && read_word(flash, kScratch + kSector - 4) == 0xFFFFFFFFu, "erased sector reads 0xFF");
  check(write_word(flash, kScratch, 0x12345678u) && read_word(flash, kScratch) == 0x12345678u, "program a word");
  check(write_word(flash, kScratch, 0xFF00FF0Fu) && read_word(flash, kScratch) == 0x12005608u,
        "a second write only clears bits (old AND new)");
  check(read_word(flash, kScratch + 4) == 0xFFFFFFFFu, "the next word is untouched");
  std::array<std::byte, 4> b{};
  check(!flash.write(kScratch + 2, b) && flash.write(kScratch + 2, b).error() == FlashError::NotAligned,
        "misaligned write refused");
  check(flash.erase(kScratch + 4096, kScratch + kSector).error() == FlashError::NotAligned, "misaligned erase refused");
  check(flash.write(rv::PFlash::bank_size, b).error() == FlashError::OutOfBounds, "write past the end refused");
  check(read_word(flash, kScratch + 8) == 0xFFFFFFFFu, "refused requests touched nothing");

  if (me == 1) {
    check(static_cast<bool>(flash.erase(kPersist, kPersist + kSector)), "erase the persistence sector");
    check(write_word(flash, kPersist, 0xC0FFEE01u), "leave a word for the next run");
  } else {
    const std::uint32_t left = read_word(flash, kPersist);
    std::printf("left by run 1: 0x%08x\n", unsigned(left));
    check(left == 0xC0FFEE01u, "run 1's word is still there");
  }
  std::printf(g_ok ? "ok\n" : "FAILED\n");
  mote::exit(g_ok ? 0 : 1);
}

}  // namespace

MOTE_MAIN(spawner) {
  (void)spawner;
  run();
  co_return;
}
