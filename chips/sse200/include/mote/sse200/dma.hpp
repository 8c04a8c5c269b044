// mote/sse200/dma.hpp: the MPS2 AN505 image's four DMA controllers as interrupt-driven
// hal::Dma copy engines. Each is an Arm PL081: the driver is mote::pl081::Dma
// (mote/pl081/dma.hpp, where copies, the interrupt and cancellation are described), named here
// for this chip.
//
//   namespace s2 = mote::sse200;
//   MOTE_BIND_INTERRUPTS(Irqs, (dma0, s2::dma::InterruptHandler<s2::Dma0>));
//
//   s2::Dma<s2::Dma0> dma(std::move(p.dma0), Irqs{});
//   auto r = co_await dma.copy(destination, source);   // Result<void, hal::DmaError>
#pragma once

#include "mote/hal/dma.hpp"
#include "mote/hal/interrupts.hpp"
#include "mote/pl081/dma.hpp"
#include "mote/sse200/interrupts.hpp"
#include "mote/sse200/peripherals.hpp"

namespace mote::sse200 {

namespace dma = pl081::dma;  // dma::Config, dma::InterruptHandler<P>, dma::CopyFuture
using pl081::Dma;            // Dma<P>: controller `P` (Dma0..Dma3) as a hal::Dma

}  // namespace mote::sse200

namespace mote::pl081::dma::detail {
template <unsigned N, class Irqs>
struct RequireBinding<sse200::DmaController<N>, Irqs> {
  static_assert(::mote::hal::Binds<Irqs, typename sse200::DmaController<N>::Interrupt,
                                   InterruptHandler<sse200::DmaController<N>>>,
                "mote: sse200::Dma<DmaN> needs its controller's interrupt bound to its handler. Add, once, at "
                "namespace scope: MOTE_BIND_INTERRUPTS(Irqs, (dmaN, mote::sse200::dma::InterruptHandler<mote::sse200::DmaN>)); "
                "and pass Irqs{} to the constructor");
  static constexpr bool ok = true;
};
}  // namespace mote::pl081::dma::detail

static_assert(mote::hal::Dma<mote::sse200::Dma<mote::sse200::Dma0>>);
