// expect: static assertion failed: mote: cmsdk::Spi<SspN> needs its port's interrupt bound to its handler
// An SPI driver on port 1 with only port 0's handler bound to their shared line: port 1's
// operations longer than 3 bytes would never finish.
#include <mote/mote.hpp>
#include <mote/cmsdk/spi.hpp>

MOTE_BIND_INTERRUPTS(Irqs, (spi, mote::cmsdk::spi::InterruptHandler<mote::cmsdk::Ssp0>));

void make() {
  auto p = mote::cmsdk::Peripherals::take();
  mote::cmsdk::Spi<mote::cmsdk::Ssp1> spi(std::move(p.ssp1), Irqs{});
}
