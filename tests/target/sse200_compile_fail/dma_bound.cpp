// expect: OK
// DMA controller 0 with its combined line bound to its handler: the driver compiles.
#include <mote/mote.hpp>
#include <mote/sse200/dma.hpp>

MOTE_BIND_INTERRUPTS(Irqs, (dma0, mote::sse200::dma::InterruptHandler<mote::sse200::Dma0>));

void make() {
  auto p = mote::sse200::Peripherals::take();
  mote::sse200::Dma<mote::sse200::Dma0> dma(std::move(p.dma0), Irqs{});
}
