// virtio-mmio device set-up (virtio 1.1, section 3.1.1: the driver initialisation sequence).
#include "mote/riscv_virt/virtio_mmio.hpp"

#include <utility>

#include "mote/critical_section.hpp"
#include "mote/panic.hpp"
#include "mote/riscv.hpp"

namespace mote::riscv_virt::virtio {
namespace {

using riscv::reg32;

void write_address(std::uintptr_t base, std::uintptr_t low, const void* p) noexcept {
  reg32(base + low) = static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(p));
  reg32(base + low + 4) = 0;  // rv32: every address is below 4 GiB
}

}  // namespace

void claim(bool& claimed, std::uintptr_t base, unsigned irq, const char* what) noexcept {
  const bool taken = critical_section([&] { return std::exchange(claimed, true); });
  if (taken) MOTE_PANIC("{} at {:010x} already has a driver", what, static_cast<unsigned long>(base));
  riscv::plic::disable(irq);
}

std::uint32_t device_id(std::uintptr_t base) noexcept {
  if (reg32(base + kMagicValue) != kMagic) return 0;
  return reg32(base + kDeviceId);
}

std::uint32_t begin(std::uintptr_t base, DeviceId id, const char* what, std::uint32_t wanted) noexcept {
  if (reg32(base + kMagicValue) != kMagic || reg32(base + kDeviceId) != static_cast<std::uint32_t>(id)) {
    MOTE_PANIC("{}: no such device in the virtio-mmio slot at {:010x} (device id {})", what,
                static_cast<unsigned long>(base), static_cast<unsigned long>(reg32(base + kDeviceId)));
  }
  if (reg32(base + kVersion) != 2) {
    MOTE_PANIC("{}: legacy virtio-mmio transport (version {}); run QEMU with -global virtio-mmio.force-legacy=false",
                what, static_cast<unsigned long>(reg32(base + kVersion)));
  }
  reg32(base + kStatus) = 0;  // reset
  reg32(base + kStatus) = kStatusAcknowledge;
  reg32(base + kStatus) = kStatusAcknowledge | kStatusDriver;
  // VIRTIO_F_VERSION_1 is required of a modern device; of the device-specific ones, only those
  // the driver asks for and the device offers.
  reg32(base + kDeviceFeaturesSel) = 1;
  if ((reg32(base + kDeviceFeatures) & (1u << (kFeatureVersion1 - 32))) == 0) {
    reg32(base + kStatus) = kStatusFailed;
    MOTE_PANIC("{}: the device does not offer VIRTIO_F_VERSION_1", what);
  }
  reg32(base + kDeviceFeaturesSel) = 0;
  const std::uint32_t accepted = reg32(base + kDeviceFeatures) & wanted;
  reg32(base + kDriverFeaturesSel) = 0;
  reg32(base + kDriverFeatures) = accepted;
  reg32(base + kDriverFeaturesSel) = 1;
  reg32(base + kDriverFeatures) = 1u << (kFeatureVersion1 - 32);
  reg32(base + kStatus) = kStatusAcknowledge | kStatusDriver | kStatusFeaturesOk;
  if ((reg32(base + kStatus) & kStatusFeaturesOk) == 0) {
    reg32(base + kStatus) = kStatusFailed;
    MOTE_PANIC("{}: the device refused the features", what);
  }
  return accepted;
}

void setup_queue(std::uintptr_t base, const char* what, unsigned index, const void* desc, const void* avail,
                 const void* used, unsigned n) noexcept {
  reg32(base + kQueueSel) = index;
  if (reg32(base + kQueueReady) != 0) MOTE_PANIC("{}: queue {} already in use after reset", what, index);
  const std::uint32_t max = reg32(base + kQueueNumMax);
  if (max < n) {
    MOTE_PANIC("{}: queue {} holds {} entries, the driver needs {}", what, index, static_cast<unsigned long>(max), n);
  }
  reg32(base + kQueueNum) = n;
  write_address(base, kQueueDescLow, desc);
  write_address(base, kQueueDriverLow, avail);
  write_address(base, kQueueDeviceLow, used);
  reg32(base + kQueueReady) = 1;
}

void finish(std::uintptr_t base) noexcept {
  reg32(base + kStatus) = kStatusAcknowledge | kStatusDriver | kStatusFeaturesOk | kStatusDriverOk;
}

void setup(std::uintptr_t base, DeviceId id, const char* what, const void* desc, const void* avail, const void* used,
           unsigned n) noexcept {
  static_cast<void>(begin(base, id, what, 0));
  setup_queue(base, what, 0, desc, avail, used, n);
  finish(base);
}

}  // namespace mote::riscv_virt::virtio
