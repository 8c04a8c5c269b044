// Firmware (riscv32-virt): mote's bootloader. It executes in place from pflash bank 0, sector 0
// (boot_in_flash.ld; the tests write its flat binary there and run QEMU without -kernel: the
// virt machine starts at the bank's base), programs the bank it runs from through PFlash's
// .ramfunc code, runs the boot core and starts the verified image in ACTIVE, executing in place
// at ACTIVE + 256 with interrupts off. boot_uart_update_runs.py and boot_http_update_runs.py
// drive it.
#include <mote/mote.hpp>
#include <mote/boot/bootloader.hpp>

#include <cstdio>

#include "virt_layout.hpp"

namespace {

const char* action_name(mote::boot::BootAction a) noexcept {
  switch (a) {
    case mote::boot::BootAction::Boot: return "boot";
    case mote::boot::BootAction::Swapped: return "swapped";
    case mote::boot::BootAction::RolledBack: return "rolled back";
    case mote::boot::BootAction::UpdateRejected: return "update rejected";
  }
  return "?";
}

}  // namespace

MOTE_MAIN(spawner) {
  (void)spawner;
  auto flash = virt_boot::rv::PFlash::bank(0);
  auto report = mote::boot::BootLoader<virt_boot::rv::PFlash>(virt_boot::layout(flash), virt_boot::policy(0)).prepare_boot();
  if (!report) {
    std::printf("bootloader: %s\n", error_message(report.error()));
    mote::exit(1);
  }
  std::printf("bootloader: %s, v%u; starting 0x%08lx\n", action_name(report->action),
              unsigned(report->image.version >> 24), static_cast<unsigned long>(virt_boot::kEntry));
  // No interrupt of ours may reach the application before it has set up its own trap vector.
  __asm__ volatile("csrci mstatus, 8\n csrw mie, zero" ::: "memory");
  reinterpret_cast<void (*)()>(virt_boot::kEntry)();
  co_return;
}
