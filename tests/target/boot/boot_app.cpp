// Firmware (riscv32-virt): the application behind mote's bootloader, linked to execute in place
// from ACTIVE + 256 (app_in_flash.ld) and built as v1, v2 and v3 (MOTE_APP_VERSION). It says where
// it runs; on trial after an update v1 and v2 confirm themselves, v3 never does (a broken release:
// the next reset rolls it back). Then it receives updates on its console UART with
// mote::boot::UartUpdate, pushed by tools/mote-push (boot_uart_update_runs.py drives it), until
// the push tool ends the session; an accepted image is installed by the next reset (here: QEMU
// exits, and the test starts it again on the same pflash file).
#include <mote/mote.hpp>
#include <mote/boot/uart_update.hpp>
#include <mote/riscv_virt/uart.hpp>

#include <cstdio>

#include "busy_meter.hpp"
#include "virt_layout.hpp"

namespace {
[[gnu::noinline]] std::uintptr_t here() noexcept { return reinterpret_cast<std::uintptr_t>(&here); }

}  // namespace

MOTE_BIND_INTERRUPTS(Irqs, (uart0, mote::riscv_virt::uart::InterruptHandler<mote::riscv_virt::Uart0>));

// The update session's coroutines (serve and the frames it handles) come from this budget.
MOTE_TASK(app, mote::pool(1).async_bytes(3072)) {
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
  // The console (polled printf) and the driver share UART0, as in the serial tests.
  mote::riscv_virt::BufferedUart<mote::riscv_virt::Uart0, 2048> serial(mote::riscv_virt::Peripherals::take().uart0, Irqs{});
  mote::boot::UartUpdate<virt_boot::rv::PFlash> link(up, version << 24);
  std::printf("app v%u: waiting for an update on the UART\n", version);
  virt_boot::BusyMeter<decltype(serial)> meter{&serial};
  auto verdict = co_await link.serve(meter, serial);
  const auto s = link.stats();
  std::printf("app v%u: update session: %u frames, %u NAKs, %llu instructions busy\n", version, unsigned(s.frames),
              unsigned(s.naks), static_cast<unsigned long long>(meter.busy));
  if (!verdict) {
    std::printf("app v%u: update refused: %s\n", version, error_message(verdict.error()));
  } else {
    std::printf("app v%u: received v%u, reset to install\n", version, unsigned(verdict->version >> 24));
  }
  mote::exit(0);
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(app());
  co_return;
}
