// mote/riscv_virt/peripherals.hpp: the virt machine's peripherals as move-only singletons
// (rules: mote/hal/peripheral.hpp).
//
//   auto p = mote::riscv_virt::Peripherals::take();   // once; a second take() panics
//   mote::riscv_virt::BufferedUart<mote::riscv_virt::Uart0> serial(std::move(p.uart0), Irqs{});
//
// The CLINT (the time driver) and the PLIC (the port's) are not here. UART0 is also the console
// that std::printf writes to by polling; a driver on it leaves the console working.
#pragma once

#include <cstdint>

#include "mote/hal/peripheral.hpp"
#include "mote/riscv_virt/interrupts.hpp"
#include "mote/riscv_virt/virt.hpp"

namespace mote::riscv_virt {

/// The ns16550 UART (QEMU's serial0, the console).
class Uart0 : public hal::PeripheralToken {
  MOTE_PERIPHERAL_TOKEN(Uart0);

 public:
  static constexpr std::uintptr_t kBase = kUart0Base;
  using Interrupt = interrupt::uart0;
};

namespace detail {
template <unsigned N>
struct VirtioLine;
template <> struct VirtioLine<0> { using type = interrupt::virtio0; };
template <> struct VirtioLine<1> { using type = interrupt::virtio1; };
template <> struct VirtioLine<2> { using type = interrupt::virtio2; };
template <> struct VirtioLine<3> { using type = interrupt::virtio3; };
template <> struct VirtioLine<4> { using type = interrupt::virtio4; };
template <> struct VirtioLine<5> { using type = interrupt::virtio5; };
template <> struct VirtioLine<6> { using type = interrupt::virtio6; };
template <> struct VirtioLine<7> { using type = interrupt::virtio7; };
}  // namespace detail

/// virtio-mmio slot N (0..7): whatever device QEMU put there (-device virtio-*-device fills
/// them from the highest slot down).
template <unsigned N>
class VirtioSlot : public hal::PeripheralToken {
  MOTE_PERIPHERAL_TOKEN(VirtioSlot);
  static_assert(N < kVirtioSlots, "mote: virt has virtio-mmio slots 0..7");

 public:
  static constexpr unsigned kIndex = N;
  static constexpr std::uintptr_t kBase = kVirtioBase + 0x1000u * N;
  using Interrupt = typename detail::VirtioLine<N>::type;
};

/// The machine's tokens, one of each: Peripherals::take() hands them out once per program.
class Peripherals : public hal::PeripheralSet<Peripherals> {
  MOTE_PERIPHERALS("riscv_virt");

 public:
  Uart0 uart0;
  VirtioSlot<0> virtio0;
  VirtioSlot<1> virtio1;
  VirtioSlot<2> virtio2;
  VirtioSlot<3> virtio3;
  VirtioSlot<4> virtio4;
  VirtioSlot<5> virtio5;
  VirtioSlot<6> virtio6;
  VirtioSlot<7> virtio7;
};

}  // namespace mote::riscv_virt
