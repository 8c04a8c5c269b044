// expect: static assertion failed: mote: lm3s6965::Spi<Ssi0> needs interrupt ssi0 bound to its handler.*MOTE_BIND_INTERRUPTS\(Irqs, \(ssi0, mote::lm3s6965::spi::InterruptHandler<mote::lm3s6965::Ssi0>\)\)
// An SPI driver built without its interrupt bound: an operation longer than 3 bytes would never finish.
#include <mote/mote.hpp>
#include <mote/lm3s6965/spi.hpp>

MOTE_BIND_INTERRUPTS(OtherIrqs, (uart1, mote::lm3s6965::uart::InterruptHandler<mote::lm3s6965::Uart0>));

void make() {
  auto p = mote::lm3s6965::Peripherals::take();
  mote::lm3s6965::Spi<mote::lm3s6965::Ssi0> spi(std::move(p.ssi0), OtherIrqs{});
}
