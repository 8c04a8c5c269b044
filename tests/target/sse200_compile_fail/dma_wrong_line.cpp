// expect: sse200::Dma<DmaN> needs its controller's interrupt bound to its handler
// Controller 0's handler bound to its terminal-count line instead of its combined line (dma0):
// the driver would never see an error, so it refuses to compile, naming the binding to add.
#include <mote/mote.hpp>
#include <mote/sse200/dma.hpp>

MOTE_BIND_INTERRUPTS(Irqs, (dma0_tc, mote::sse200::dma::InterruptHandler<mote::sse200::Dma0>));

void make() {
  auto p = mote::sse200::Peripherals::take();
  mote::sse200::Dma<mote::sse200::Dma0> dma(std::move(p.dma0), Irqs{});
}
