// Firmware (riscv32-virt): the application behind mote's bootloader, linked to execute in place
// from ACTIVE + 256 (app_in_flash.ld) and built as v1 and v2 (MOTE_APP_VERSION). It says where it
// runs; on trial after an update it confirms itself; v1 takes the update image the test left in
// the staging sector and hands it to FirmwareUpdater in 512-byte chunks, as a transport would.
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
    auto r = co_await up.mark_booted();
    std::printf("app v%u: %s\n", version, r ? "confirmed" : error_message(r.error()));
  }
  std::array<std::byte, 4> len_bytes{};
  (void)flash.read(virt_boot::kControl, len_bytes);
  const std::uint32_t size = std::uint32_t(len_bytes[0]) | std::uint32_t(len_bytes[1]) << 8 |
                             std::uint32_t(len_bytes[2]) << 16 | std::uint32_t(len_bytes[3]) << 24;
  if (version == 1 && size != 0xFFFFFFFFu) {
    bool ok = static_cast<bool>(co_await up.begin(size));
    static std::array<std::byte, 512> chunk;
    for (std::uint32_t at = 0; ok && at < size; at += 512) {
      const std::uint32_t n = size - at < 512 ? size - at : 512;
      ok = static_cast<bool>(flash.read(virt_boot::kStaging + at, std::span(chunk).first(n)));
      ok = ok && static_cast<bool>(co_await up.write(at, std::span(chunk).first(n)));
    }
    auto h = co_await up.finish();
    if (!ok || !h) {
      std::printf("app v1: update refused: %s\n", h ? "transfer" : error_message(h.error()));
      mote::exit(1);
    }
    std::printf("app v1: received v%u, reset to install\n", unsigned(h->version >> 24));
  }
  mote::exit(0);
  co_return;
}
