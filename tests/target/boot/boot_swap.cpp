// Firmware test (riscv32-virt, pflash bank 0 kept in a file across runs; driven by
// boot_swap_runs.py): mote's bootloader core and updater on the real CFI flash model, each QEMU
// run one power cycle. A run first plays the bootloader (BootLoader::prepare_boot on the flash),
// then the application it "started":
//   ACTIVE empty      -> factory-programs v1 (the first run only)
//   v1                -> receives v2 through FirmwareUpdater (64 KiB, 512-byte chunks)
//   v2, on trial      -> confirms itself (mark_booted), unless the run script asks it not to
//   v2, confirmed     -> receives v3, which never confirms: the next run rolls back to v2
// A power cut is injected by the script: a word in the last sector says after how many flash
// operations this run must die; the operation it dies in is torn (half its words programmed)
// and QEMU exits at once (the file keeps what was written).
//
// Layout (256 KiB sectors): 0 the jump to RAM (the stand-in bootloader), 1 ACTIVE, 2-3 DFU,
// 4 STATE, 127 the test's control word.
#include <mote/mote.hpp>
#include <mote/boot/bootloader.hpp>
#include <mote/boot/firmware_updater.hpp>
#include <mote/riscv_virt/pflash.hpp>

#include <cstdio>
#include <cstring>

#include "test_key.hpp"

namespace rv = mote::riscv_virt;
namespace boot = mote::boot;

extern "C" const std::byte boot_v1[], boot_v1_end[], boot_v2[], boot_v2_end[], boot_v3[], boot_v3_end[];
__asm__(".section .rodata.boot_images,\"a\"\n.balign 4\n"
        ".global boot_v1\nboot_v1:\n.incbin \"" MOTE_TEST_IMAGES "/v1.img\"\n.global boot_v1_end\nboot_v1_end:\n.balign 4\n"
        ".global boot_v2\nboot_v2:\n.incbin \"" MOTE_TEST_IMAGES "/v2.img\"\n.global boot_v2_end\nboot_v2_end:\n.balign 4\n"
        ".global boot_v3\nboot_v3:\n.incbin \"" MOTE_TEST_IMAGES "/v3.img\"\n.global boot_v3_end\nboot_v3_end:\n"
        ".previous\n");

namespace {

constexpr std::uint32_t kSector = rv::PFlash::erase_size;
constexpr std::uint32_t kControl = 127 * kSector;  // [0] cut after n operations, [1] 0: do not confirm

std::uint64_t instructions() noexcept {  // -icount shift=0: 1 ns per instruction, 100 ns ticks
  return mote::Instant::now().ticks() * 100;
}

// PFlash that dies after a budget of write/erase operations, tearing the last one.
class CutFlash {
 public:
  static constexpr std::uint32_t read_size = 1, write_size = 4, erase_size = rv::PFlash::erase_size;
  explicit CutFlash(rv::PFlash f, std::uint32_t budget) noexcept : f_(f), budget_(budget) {}
  std::uint32_t capacity() const noexcept { return f_.capacity(); }
  mote::hal::FlashResult read(std::uint32_t at, std::span<std::byte> b) noexcept { return f_.read(at, b); }
  mote::hal::FlashResult write(std::uint32_t at, std::span<const std::byte> b) noexcept {
    if (spend()) {
      (void)f_.write(at, b.first(b.size() / 8 * 4));  // half the words, then the power goes
      die();
    }
    ++operations_;
    return f_.write(at, b);
  }
  mote::hal::FlashResult erase(std::uint32_t from, std::uint32_t to) noexcept {
    if (spend()) die();  // QEMU erases a sector atomically: cut before it
    ++operations_;
    return f_.erase(from, to);
  }
  std::uint32_t operations() const noexcept { return operations_; }

 private:
  bool spend() noexcept { return budget_ != 0xFFFFFFFFu && budget_-- == 0; }
  [[noreturn]] void die() noexcept {
    std::printf("power cut after %u operations\n", unsigned(operations_));
    mote::exit(3);
  }
  rv::PFlash f_;
  std::uint32_t budget_;
  std::uint32_t operations_ = 0;
};
static_assert(mote::hal::NorFlash<CutFlash>);

std::uint32_t control(rv::PFlash& f, unsigned i) noexcept {
  std::uint32_t v = 0xFFFFFFFFu;
  (void)f.read(kControl + 4 * i, std::span(reinterpret_cast<std::byte*>(&v), 4));
  return v;
}

boot::ImagePolicy policy(std::uint32_t running) noexcept {
  boot::ImagePolicy p;
  p.key = test_public_key;
  p.board = "riscv32-virt";
  p.min_version = running;
  return p;
}

const char* action_name(boot::BootAction a) noexcept {
  switch (a) {
    case boot::BootAction::Boot: return "boot";
    case boot::BootAction::Swapped: return "swapped";
    case boot::BootAction::RolledBack: return "rolled back";
    case boot::BootAction::UpdateRejected: return "update rejected";
  }
  return "?";
}

struct Booted {
  boot::Layout<CutFlash> layout;
  std::uint32_t version;
  bool confirm;
};

// The bootloader's part (before any task would run on a real device).
Booted boot_part(CutFlash& flash, rv::PFlash& raw) noexcept {
  const bool confirm = control(raw, 1) != 0;
  boot::Layout<CutFlash> layout{{flash, 1 * kSector, kSector}, {flash, 2 * kSector, 2 * kSector},
                                {flash, 4 * kSector, kSector}};
  if (!layout.valid()) mote::panic("layout");

  const std::uint64_t t0 = instructions();
  auto report = boot::BootLoader<CutFlash>(layout, policy(0)).prepare_boot();
  const std::uint64_t boot_instructions = instructions() - t0;
  if (!report && report.error() == boot::Error::NoValidImage && control(raw, 2) == 0xFFFFFFFFu) {
    // First power-up: the factory programs v1 (and the control word says it happened).
    (void)raw.erase(1 * kSector, 2 * kSector);
    const auto size = static_cast<std::uint32_t>(boot_v1_end - boot_v1);
    (void)raw.write(1 * kSector, std::span(boot_v1, (size + 3) / 4 * 4));
    std::uint32_t done = 0;
    (void)raw.write(kControl + 8, std::span(reinterpret_cast<const std::byte*>(&done), 4));
    std::printf("factory: v1 programmed\n");
    report = boot::BootLoader<CutFlash>(layout, policy(0)).prepare_boot();
  }
  if (!report) {
    std::printf("boot: FAILED: %s\n", error_message(report.error()));
    mote::exit(1);
  }
  const unsigned running = report->image.version >> 24;
  std::printf("boot: %s, v%u (%u flash operations, %llu instructions)\n", action_name(report->action),
              running, unsigned(flash.operations()), static_cast<unsigned long long>(boot_instructions));

  return {layout, report->image.version, confirm};
}

}  // namespace

// The application's part: a task, as an application's updater runs (futures awaited).
MOTE_MAIN(spawner) {
  (void)spawner;
  static auto raw = rv::PFlash::bank(0);
  static CutFlash flash(raw, control(raw, 0));
  const Booted b = boot_part(flash, raw);
  const unsigned running = b.version >> 24;
  boot::FirmwareUpdater<CutFlash> up(b.layout, policy(b.version));
  auto state = up.state();
  if (!state) mote::exit(1);
  const std::byte* image = nullptr;
  const std::byte* image_end = nullptr;
  if (*state == boot::UpdateState::Trial) {
    if (b.confirm && running == 2) {
      auto r = co_await up.mark_booted();
      std::printf("app v%u: %s\n", running, r ? "confirmed" : "confirming FAILED");
    } else {
      std::printf("app v%u: not confirming\n", running);
    }
  } else if (running == 1) {
    image = boot_v2, image_end = boot_v2_end;
  } else if (running == 2) {
    image = boot_v3, image_end = boot_v3_end;
  } else {
    std::printf("app v%u: nothing to do\n", running);
  }
  if (image) {
    const auto size = static_cast<std::uint32_t>(image_end - image);
    const std::uint64_t t0 = instructions();
    bool ok = static_cast<bool>(co_await up.begin(size));
    for (std::uint32_t at = 0; ok && at < size; at += 512) {
      const std::uint32_t n = size - at < 512 ? size - at : 512;
      ok = static_cast<bool>(co_await up.write(at, std::span(image + at, n)));
    }
    const std::uint64_t t1 = instructions();
    auto h = co_await up.finish();
    if (ok && h) {
      std::printf("app v%u: received v%u, %u bytes in %llu instructions, verified in %llu; reset to install\n",
                  running, unsigned(h->version >> 24), unsigned(size), static_cast<unsigned long long>(t1 - t0),
                  static_cast<unsigned long long>(instructions() - t1));
    } else {
      std::printf("app v%u: update FAILED: %s\n", running, h ? "write" : error_message(h.error()));
      mote::exit(1);
    }
  }
  std::printf("flash operations this run: %u\n", unsigned(flash.operations()));
  mote::exit(0);
  co_return;
}
