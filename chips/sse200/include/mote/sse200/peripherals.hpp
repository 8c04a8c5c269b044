// mote/sse200/peripherals.hpp: the MPS2 TrustZone images' peripherals that mote has drivers for,
// as move-only singletons (rules: mote/hal/peripheral.hpp).
//
//   auto p = mote::sse200::Peripherals::take();   // once; a second take() panics
//   mote::sse200::Dma<mote::sse200::Dma0> dma(std::move(p.dma0), Irqs{});
//
// Blocks the board already drives are not here: the dual timer (the time driver) and UART0 (the
// console). Addresses are the secure aliases (the firmware runs Secure). The images' peripherals
// need no clock gating or pin muxing, so a token carries an address and an interrupt name only.
#pragma once

#include <cstdint>

#include "mote/hal/peripheral.hpp"
#include "mote/sse200/interrupts.hpp"
#include "mote/sse200/regs.hpp"

namespace mote::sse200 {

namespace detail {
template <unsigned N>
struct DmaLine;
template <> struct DmaLine<0> { using irq = interrupt::dma0; };
template <> struct DmaLine<1> { using irq = interrupt::dma1; };
template <> struct DmaLine<2> { using irq = interrupt::dma2; };
template <> struct DmaLine<3> { using irq = interrupt::dma3; };
}  // namespace detail

/// DMA controller `N` (0..3), an Arm PL081 (mote/sse200/dma.hpp). Its interrupt is the line
/// where its terminal-count and error interrupts are ORed (dma<N>; the two also have lines of
/// their own, dma<N>_tc and dma<N>_error, which the driver leaves alone). Its bus accesses pass a
/// Master Security Controller that leaves them Secure at reset, so it reaches all the memory the
/// firmware does.
template <unsigned N>
class DmaController : public hal::PeripheralToken {
  MOTE_PERIPHERAL_TOKEN(DmaController);  // only Peripherals makes one
  static_assert(N <= 3, "mote: the MPS2 AN505 image has DMA controllers 0..3");

 public:
  static constexpr unsigned kIndex = N;
  static constexpr std::uintptr_t kBase = dmac::kDma0 + 0x1000u * N;
  using Interrupt = typename detail::DmaLine<N>::irq;
};
using Dma0 = DmaController<0>;
using Dma1 = DmaController<1>;
using Dma2 = DmaController<2>;
using Dma3 = DmaController<3>;

/// The chip's tokens, one of each: Peripherals::take() hands them out once per program.
class Peripherals : public hal::PeripheralSet<Peripherals> {
  MOTE_PERIPHERALS("sse200");  // take() and try_take() come from PeripheralSet
 public:
  Dma0 dma0;
  Dma1 dma1;
  Dma2 dma2;
  Dma3 dma3;
};

}  // namespace mote::sse200
