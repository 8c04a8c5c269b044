// mote/riscv_virt/ctucan_pci.hpp: QEMU's ctucan_pci card on the virt machine's PCIe bus: two CTU
// CAN FD cores (mote/ctucan/can.hpp, each a hal::Can) behind BAR1, sharing the card's INTA.
//
//   namespace rv = mote::riscv_virt;
//   // The card in slot 1 (the first -device) raises INTA on host line 1: PLIC source 33.
//   MOTE_BIND_INTERRUPTS(Irqs, (pcie1, rv::CtuCanPci<rv::interrupt::pcie1>::InterruptHandler));
//
//   MOTE_TASK(can_task, 1) {
//     rv::CtuCanPci<rv::interrupt::pcie1> card(Irqs{});  // enumerates PCIe, assigns the BARs
//     mote::ctucan::Can& can0 = card.core(0);
//     ...
//   }
//
// QEMU: `-object can-bus,id=canbus -device ctucan_pci,canbus0=canbus,canbus1=canbus` puts both
// cores on one CAN bus (a frame one sends, the other receives; QEMU needs both properties, and a
// bus id that is not also a property name: `id=canbus0` fails with "Path 'canbus0' does not
// uniquely identify an object").
//
// Which PLIC source the card raises depends on its PCI slot (pcie::Function::irq); the card is
// found at run time, the handler bound at compile time, so the constructor checks they agree
// and panics naming the interrupt to bind if not.
#pragma once

#include <cstdint>

#include "mote/ctucan/can.hpp"
#include "mote/hal/interrupts.hpp"
#include "mote/panic.hpp"
#include "mote/riscv_virt/interrupts.hpp"

namespace mote::riscv_virt {

namespace ctucan_pci {

inline constexpr std::uint16_t kVendorId = 0x1760;  // TEDIA
inline constexpr std::uint16_t kDeviceId = 0xff00;  // CTU CAN FD PCIe card, version 2.1
inline constexpr unsigned kCores = 2;
inline constexpr std::uintptr_t kCoreStride = 0x4000;  // core n at BAR1 + n * 0x4000

/// One card's cores and its interrupt line, in static storage (one per bound line).
struct State {
  ctucan::Line line;
  ctucan::State cores[kCores];
  bool claimed = false;
};

template <class Irq>
inline constinit State instance{};

/// Finds the `card`-th ctucan_pci, checks it interrupts on PLIC source `irq`, starts its cores
/// and enables the source. Panics if the card is missing, claimed or on another source. Thread
/// mode, not ISR-safe.
void start(State& s, unsigned card, unsigned irq, unsigned plic_priority, const ctucan::Config& config) noexcept;
/// Disables the source and resets the cores. Thread mode, not ISR-safe.
void stop(State& s, unsigned irq) noexcept;

}  // namespace ctucan_pci

/// The card whose INTA reaches interrupt `Irq` (interrupt::pcie0..pcie3). Owns both cores until
/// destroyed; not movable (the cores' Can handles point into it).
template <class Irq>
class CtuCanPci {
 public:
  /// The handler to bind to `Irq`; on_interrupt() is interrupt context only.
  struct InterruptHandler {
    using interrupt = Irq;
    static void on_interrupt() noexcept { ctucan::service(ctucan_pci::instance<Irq>.line); }
  };

  /// Checks at compile time that `Irqs` binds `Irq` to InterruptHandler; enumerates PCIe (once
  /// per program), finds the `card`-th ctucan_pci (0: the first) and starts both cores with
  /// `config`. Thread mode, not ISR-safe.
  template <class Irqs>
  explicit CtuCanPci(const Irqs&, unsigned card = 0, const ctucan::Config& config = {}, unsigned plic_priority = 1) noexcept
      : cores_{ctucan::Can(state().cores[0]), ctucan::Can(state().cores[1])} {
    static_assert(hal::Binds<Irqs, Irq, InterruptHandler>,
                  "mote: riscv_virt::CtuCanPci<interrupt::pcie<n>> needs interrupt pcie<n> bound to its handler. Add, once, "
                  "at namespace scope: MOTE_BIND_INTERRUPTS(Irqs, (pcie<n>, "
                  "mote::riscv_virt::CtuCanPci<mote::riscv_virt::interrupt::pcie<n>>::InterruptHandler)); and pass Irqs{} "
                  "to the constructor");
    ctucan_pci::start(state(), card, Irq::number, plic_priority, config);
  }
  CtuCanPci(const CtuCanPci&) = delete;
  CtuCanPci& operator=(const CtuCanPci&) = delete;
  /// Resets both cores and disables the interrupt. No future of the cores may still exist.
  /// Thread mode, not ISR-safe.
  ~CtuCanPci() { ctucan_pci::stop(state(), Irq::number); }

  /// Core `n` (0 or 1; others panic). Thread mode.
  ctucan::Can& core(unsigned n) noexcept {
    if (n >= ctucan_pci::kCores) MOTE_PANIC("ctucan_pci: the card has cores 0 and 1, not {}", n);
    return cores_[n];
  }
  /// Runs of the card's interrupt handler so far. ISR-safe.
  std::uint32_t interrupts() const noexcept { return state().line.interrupts; }

 private:
  static ctucan_pci::State& state() noexcept { return ctucan_pci::instance<Irq>; }
  ctucan::Can cores_[ctucan_pci::kCores];
};

}  // namespace mote::riscv_virt
