// virtio-mmio device set-up (virtio 1.1, section 3.1.1: the driver initialisation sequence).
#include "mote/riscv_virt/virtio_mmio.hpp"

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

std::uint32_t device_id(std::uintptr_t base) noexcept {
  if (reg32(base + kMagicValue) != kMagic) return 0;
  return reg32(base + kDeviceId);
}

void setup(std::uintptr_t base, DeviceId id, const char* what, const void* desc, const void* avail, const void* used,
           unsigned n) noexcept {
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
  // Features: VIRTIO_F_VERSION_1 (required of a modern device), nothing device-specific.
  reg32(base + kDeviceFeaturesSel) = 1;
  if ((reg32(base + kDeviceFeatures) & (1u << (kFeatureVersion1 - 32))) == 0) {
    reg32(base + kStatus) = kStatusFailed;
    MOTE_PANIC("{}: the device does not offer VIRTIO_F_VERSION_1", what);
  }
  reg32(base + kDriverFeaturesSel) = 0;
  reg32(base + kDriverFeatures) = 0;
  reg32(base + kDriverFeaturesSel) = 1;
  reg32(base + kDriverFeatures) = 1u << (kFeatureVersion1 - 32);
  reg32(base + kStatus) = kStatusAcknowledge | kStatusDriver | kStatusFeaturesOk;
  if ((reg32(base + kStatus) & kStatusFeaturesOk) == 0) {
    reg32(base + kStatus) = kStatusFailed;
    MOTE_PANIC("{}: the device refused the features", what);
  }
  reg32(base + kQueueSel) = 0;
  if (reg32(base + kQueueReady) != 0) MOTE_PANIC("{}: queue 0 already in use after reset", what);
  const std::uint32_t max = reg32(base + kQueueNumMax);
  if (max < n) MOTE_PANIC("{}: queue 0 holds {} entries, the driver needs {}", what, static_cast<unsigned long>(max), n);
  reg32(base + kQueueNum) = n;
  write_address(base, kQueueDescLow, desc);
  write_address(base, kQueueDriverLow, avail);
  write_address(base, kQueueDeviceLow, used);
  reg32(base + kQueueReady) = 1;
  reg32(base + kStatus) = kStatusAcknowledge | kStatusDriver | kStatusFeaturesOk | kStatusDriverOk;
}

}  // namespace mote::riscv_virt::virtio
