// mote/boot/bootloader.hpp: the portable core of mote's bootloader, over any NorFlash.
//
//   mote::boot::BootLoader<Flash> boot(layout, policy);   // policy: key, board name
//   auto r = boot.prepare_boot();     // resumes/starts/reverts a swap, then checks ACTIVE
//   if (r) jump_to(active_base + mote::boot::image_header_size);
//
// prepare_boot() decides from the STATE journal (mote/boot/swap.hpp):
//   no swap requested, or the last one confirmed/reverted  ->  boot ACTIVE
//   swap requested, not started   ->  check the DFU image (signature, board, not older than
//                                     ACTIVE unless allowed): good -> swap; bad -> forget
//                                     the request (erase STATE) and boot ACTIVE
//   swap interrupted               ->  finish it (each step is idempotent), boot the new image
//   swap done, not confirmed       ->  the new image was started and did not call
//                                     mark_booted(): revert to the old one (rollback)
//   revert interrupted             ->  finish it
// and finally verifies ACTIVE (digest and signature; with BootOptions::verify_active_each_boot
// off, only its header when nothing was installed) before saying it may be started. A flash
// error (a power cut) returns Error::Flash: the caller resets, and the next call resumes.
// Blocking; call before any executor runs; not from an interrupt.
#pragma once

#include <cstdint>

#include "mote/boot/image.hpp"
#include "mote/boot/swap.hpp"
#include "mote/boot/verify.hpp"

namespace mote::boot {

/// What prepare_boot() did before saying ACTIVE may run.
enum class BootAction : std::uint8_t {
  Boot,            ///< nothing to do
  Swapped,         ///< installed the update (its trial run: it must call mark_booted())
  RolledBack,      ///< the updated image never confirmed itself: the previous one is back
  UpdateRejected,  ///< the requested update failed its checks (BootReport::rejected says why)
};

/// How much the bootloader checks when it has nothing to install.
struct BootOptions {
  /// Verify ACTIVE's digest and signature on every boot (MCUboot's "validate primary slot"):
  /// protects against flash corruption and images written behind the bootloader's back, at the
  /// cost of a full image check per boot (about 51 M instructions for 64 KiB on rv32, mostly the
  /// ECDSA; docs/boot.md). Off: a boot with nothing to do checks only the header (board, size);
  /// images are still fully verified before and after every swap.
  bool verify_active_each_boot = true;
};

struct BootReport {
  BootAction action = BootAction::Boot;
  ImageHeader image{};              ///< the header of the image ACTIVE now holds (verified)
  Error rejected = Error::BadHeader;  ///< why the update was refused (UpdateRejected only)
};

template <hal::NorFlash Flash>
class BootLoader {
 public:
  /// `policy.max_total_size` and `policy.min_version` are filled in here (ACTIVE's size, the
  /// installed image's version); the caller gives the key, the board and allow_downgrade.
  BootLoader(const Layout<Flash>& layout, const ImagePolicy& policy, BootOptions options = {}) noexcept
      : layout_(layout), policy_(policy), options_(options) {
    policy_.max_total_size = layout.active.capacity();
  }

  Result<BootReport, Error> prepare_boot() {
    using J = detail::Journal<Flash>;
    if (!layout_.valid()) return Err{Error::NoValidImage};
    BootReport report;
    auto j = J::read(layout_);
    if (!j) return Err{j.error()};
    if (!j->idle()) {
      if (j->forward < 2 * j->pages) {
        if (j->forward == 0) {
          ImagePolicy dfu_policy = policy_;
          auto current = verify_image(layout_.active, installed_policy(), layout_.active.capacity());
          if (!current && current.error() == Error::Flash) return Err{Error::Flash};
          dfu_policy.min_version = current ? current->version : 0;
          auto update = verify_image(layout_.dfu, dfu_policy, layout_.active.capacity());
          if (update && update->total_size() > j->pages * Flash::erase_size) update = Err{Error::TooLarge};
          if (!update) {
            if (update.error() == Error::Flash) return Err{Error::Flash};
            // Forget the request: a torn erase reads as "no request" too.
            if (!layout_.state.erase(0, layout_.state.capacity())) return Err{Error::Flash};
            report.action = BootAction::UpdateRejected;
            report.rejected = update.error();
            return finish(report);
          }
        }
        if (auto r = J::run(layout_, j->pages, j->forward, false); !r) return Err{r.error()};
        report.action = BootAction::Swapped;
        auto installed = verify_image(layout_.active, installed_policy(), layout_.active.capacity());
        if (installed) {
          report.image = *installed;
          return report;
        }
        if (installed.error() == Error::Flash) return Err{Error::Flash};
        j->forward = 2 * j->pages;  // cannot happen with a checked DFU image; undo it anyway
      }
      if (auto r = J::run(layout_, j->pages, j->revert, true); !r) return Err{r.error()};
      if (!j->reverted) {
        if (auto w = J::write_slot(layout_.state, detail::slot_reverted, 0); !w) return Err{w.error()};
      }
      report.action = BootAction::RolledBack;
    }
    return finish(report);
  }

  const Layout<Flash>& layout() const noexcept { return layout_; }

 private:
  // The installed image is checked for integrity and origin; its version is what it is.
  ImagePolicy installed_policy() const noexcept {
    ImagePolicy p = policy_;
    p.min_version = 0;
    return p;
  }
  Result<BootReport, Error> finish(BootReport report) {
    if (!options_.verify_active_each_boot && report.action == BootAction::Boot) {
      auto header = read_image_header(layout_.active);
      if (!header) return Err{header.error() == Error::Flash ? Error::Flash : Error::NoValidImage};
      if (!check_image_header(*header, installed_policy())) return Err{Error::NoValidImage};
      report.image = *header;
      return report;
    }
    auto installed = verify_image(layout_.active, installed_policy(), layout_.active.capacity());
    if (!installed) return Err{installed.error() == Error::Flash ? Error::Flash : Error::NoValidImage};
    report.image = *installed;
    return report;
  }

  Layout<Flash> layout_;
  ImagePolicy policy_;
  BootOptions options_;
};

}  // namespace mote::boot
