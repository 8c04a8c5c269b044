// Firmware (riscv32-virt): the application behind mote's bootloader, linked to execute in place
// from ACTIVE + 256 (app_in_flash.ld) and built as v1, v2 and v3 (MOTE_APP_VERSION). It says where
// it runs; on trial after an update v1 and v2 confirm themselves, v3 never does (a broken release:
// the next reset rolls it back); an image newer than itself that the test left in the staging
// sector is handed to FirmwareUpdater in 512-byte chunks, as a transport would.
#include <mote/mote.hpp>
#include <mote/boot/firmware_updater.hpp>

#include <array>
#include <cstdio>

#include "virt_layout.hpp"

namespace {
[[gnu::noinline]] std::uintptr_t here() noexcept { return reinterpret_cast<std::uintptr_t>(&here); }
}  // namespace

MOTE_MAIN(spawner) {
  (void)spawner;
  constexpr unsigned version = MOTE_APP_VERSION;
  static auto flash = virt_boot::rv::PFlash::bank(0);
  std::printf("app v%u: running at 0x%08lx\n", version, static_cast<unsigned long>(here()));
  mote::boot::FirmwareUpdater<virt_boot::rv::PFlash> up(virt_boot::layout(flash), virt_boot::policy(version << 24));
  auto state = up.state();
  if (!state) mote::exit(1);
  if (*state == mote::boot::UpdateState::Trial) {
    if (version == 3) {
      std::printf("app v3: not confirming\n");
      mote::exit(0);
    }
    auto r = co_await up.mark_booted();
    std::printf("app v%u: %s\n", version, r ? "confirmed" : error_message(r.error()));
  }
  std::array<std::byte, 4> len_bytes{};
  (void)flash.read(virt_boot::kControl, len_bytes);
  const std::uint32_t size = std::uint32_t(len_bytes[0]) | std::uint32_t(len_bytes[1]) << 8 |
                             std::uint32_t(len_bytes[2]) << 16 | std::uint32_t(len_bytes[3]) << 24;
  std::array<std::byte, 4> staged_version{};
  (void)flash.read(virt_boot::kStaging + 12, staged_version);
  const unsigned staged = unsigned(staged_version[3]);  // the major version (image.hpp)
  if (size != 0xFFFFFFFFu && staged > version) {
    bool ok = static_cast<bool>(co_await up.begin(size));
    static std::array<std::byte, 512> chunk;
    for (std::uint32_t at = 0; ok && at < size; at += 512) {
      const std::uint32_t n = size - at < 512 ? size - at : 512;
      ok = static_cast<bool>(flash.read(virt_boot::kStaging + at, std::span(chunk).first(n)));
      ok = ok && static_cast<bool>(co_await up.write(at, std::span(chunk).first(n)));
    }
    auto h = co_await up.finish();
    if (!ok || !h) {
      std::printf("app v%u: update refused: %s\n", version, h ? "transfer" : error_message(h.error()));
      mote::exit(1);
    }
    std::printf("app v%u: received v%u, reset to install\n", version, unsigned(h->version >> 24));
  }
  mote::exit(0);
  co_return;
}
