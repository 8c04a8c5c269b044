// The PCIe enumeration of the virt machine (mote/riscv_virt/pcie.hpp).
#include "mote/riscv_virt/pcie.hpp"

#include "mote/panic.hpp"
#include "mote/riscv.hpp"

namespace mote::riscv_virt::pcie {
namespace {

// Type 0 configuration header offsets and bits (PCI Local Bus 3.0, 6.1).
constexpr unsigned kIdReg = 0x00;        // device << 16 | vendor
constexpr unsigned kCommandReg = 0x04;   // status << 16 | command
constexpr unsigned kClassReg = 0x08;     // class << 8 | revision
constexpr unsigned kHeaderReg = 0x0c;    // bist, header type (bit 7: multi-function), ...
constexpr unsigned kBar0Reg = 0x10;
constexpr unsigned kInterruptReg = 0x3c;  // max_lat, min_gnt, pin, line
constexpr std::uint32_t kCommandMemory = 1u << 1;
constexpr std::uint32_t kCommandMaster = 1u << 2;
constexpr std::uint32_t kBarIo = 1u << 0;
constexpr std::uint32_t kBarType64 = 2u << 1;
constexpr std::uint32_t kBarTypeMask = 3u << 1;

constinit Function g_functions[kMaxFunctions]{};
constinit std::size_t g_count = 0;
constinit bool g_done = false;
constinit std::uintptr_t g_next = kMmioBase;  // the bump allocator's next free address

std::uintptr_t ecam(unsigned bus, unsigned device, unsigned function, unsigned reg) noexcept {
  return kEcamBase + (bus << 20) + (device << 15) + (function << 12) + reg;
}

// Sizes BAR n of `f` (the all-ones probe: the bits that stay zero are the size) and gives it
// the next naturally aligned address of the window. Returns how many BAR slots it used (2 for
// a 64-bit BAR). Decoding is off while this runs, so the probe value decodes nothing.
unsigned assign_bar(Function& f, unsigned n) noexcept {
  const unsigned reg = kBar0Reg + 4 * n;
  const std::uint32_t original = config_read(0, f.device, f.function, reg);
  if ((original & kBarIo) != 0) return 1;  // I/O space: not assigned (see the header)
  const bool is64 = (original & kBarTypeMask) == kBarType64;
  config_write(0, f.device, f.function, reg, 0xffffffffu);
  const std::uint32_t probe = config_read(0, f.device, f.function, reg) & ~0xfu;
  if (probe == 0) {  // an unimplemented BAR
    config_write(0, f.device, f.function, reg, original);
    return is64 ? 2 : 1;
  }
  const std::uint32_t size = ~probe + 1;
  const std::uintptr_t address = (g_next + size - 1) & ~static_cast<std::uintptr_t>(size - 1);
  if (address < g_next || address + size > kMmioEnd || address + size < address) {
    mote::panic("pcie: %02x:%02x.%x BAR%u (%lu bytes) does not fit the MMIO window", 0u, f.device, f.function, n,
                static_cast<unsigned long>(size));
  }
  config_write(0, f.device, f.function, reg, static_cast<std::uint32_t>(address));
  if (is64) config_write(0, f.device, f.function, reg + 4, 0);  // below 4 GiB: the 32-bit window
  g_next = address + size;
  f.bar[n] = address;
  f.bar_size[n] = size;
  return is64 ? 2 : 1;
}

void record(unsigned device, unsigned function, std::uint32_t id) noexcept {
  if (g_count == kMaxFunctions) {
    MOTE_PANIC("pcie: more than {} functions on bus 0", static_cast<unsigned>(kMaxFunctions));
  }
  Function& f = g_functions[g_count++];
  f.device = static_cast<std::uint8_t>(device);
  f.function = static_cast<std::uint8_t>(function);
  f.vendor_id = static_cast<std::uint16_t>(id & 0xffff);
  f.device_id = static_cast<std::uint16_t>(id >> 16);
  f.class_code = config_read(0, device, function, kClassReg) >> 8;
  // Decoding off while the BARs change (firmware may have left it on; QEMU does not).
  const std::uint32_t command = config_read(0, device, function, kCommandReg) & 0xffff;
  config_write(0, device, function, kCommandReg, command & ~(kCommandMemory | kCommandMaster));
  const bool type0 = (config_read(0, device, function, kHeaderReg) >> 16 & 0x7f) == 0;
  if (type0) {  // a bridge (type 1) has two BARs and buses behind it: not supported, left off
    for (unsigned n = 0; n < 6;) n += assign_bar(f, n);
    config_write(0, device, function, kCommandReg, command | kCommandMemory | kCommandMaster);
  }
  f.interrupt_pin = static_cast<std::uint8_t>(config_read(0, device, function, kInterruptReg) >> 8 & 0xff);
  if (f.interrupt_pin >= 1 && f.interrupt_pin <= 4) {
    // The swizzle of a device on the root bus (QEMU's pci_swizzle_map_irq_fn, and virt's
    // device tree interrupt-map): INTA of slot s reaches host line s % 4, INTB s + 1, ...
    f.irq = kIntxIrq0 + (device + f.interrupt_pin - 1u) % 4u;
    // The line register is for software only; record the PLIC source there as firmware does.
    const std::uint32_t r = config_read(0, device, function, kInterruptReg);
    config_write(0, device, function, kInterruptReg, (r & ~0xffu) | f.irq);
  }
}

}  // namespace

std::uint32_t config_read(unsigned bus, unsigned device, unsigned function, unsigned reg) noexcept {
  return riscv::reg32(ecam(bus, device, function, reg));
}

void config_write(unsigned bus, unsigned device, unsigned function, unsigned reg, std::uint32_t value) noexcept {
  riscv::reg32(ecam(bus, device, function, reg)) = value;
}

void enumerate() noexcept {
  if (g_done) return;
  g_done = true;
  for (unsigned device = 0; device < 32; ++device) {
    const std::uint32_t id0 = config_read(0, device, 0, kIdReg);
    if ((id0 & 0xffff) == 0xffff) continue;  // no device in this slot
    const bool multi = (config_read(0, device, 0, kHeaderReg) >> 16 & 0x80) != 0;
    for (unsigned function = 0; function < (multi ? 8u : 1u); ++function) {
      const std::uint32_t id = function == 0 ? id0 : config_read(0, device, function, kIdReg);
      if ((id & 0xffff) != 0xffff) record(device, function, id);
    }
  }
}

const Function* find(std::uint16_t vendor_id, std::uint16_t device_id, unsigned index) noexcept {
  enumerate();
  for (std::size_t i = 0; i < g_count; ++i) {
    const Function& f = g_functions[i];
    if (f.vendor_id == vendor_id && f.device_id == device_id && index-- == 0) return &f;
  }
  return nullptr;
}

std::span<const Function> functions() noexcept {
  enumerate();
  return {g_functions, g_count};
}

}  // namespace mote::riscv_virt::pcie
