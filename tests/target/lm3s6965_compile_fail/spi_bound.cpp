// expect: OK
// The same program with the binding the message names compiles.
#include <mote/mote.hpp>
#include <mote/lm3s6965/spi.hpp>

MOTE_BIND_INTERRUPTS(Irqs, (ssi0, mote::lm3s6965::spi::InterruptHandler<mote::lm3s6965::Ssi0>));

void make() {
  auto p = mote::lm3s6965::Peripherals::take();
  mote::lm3s6965::Spi<mote::lm3s6965::Ssi0> spi(std::move(p.ssi0), Irqs{});
}
