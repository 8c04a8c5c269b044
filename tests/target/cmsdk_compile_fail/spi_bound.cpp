// expect: OK
// Two ports on their shared line, a handler for each bound to it: both drivers compile.
#include <mote/mote.hpp>
#include <mote/cmsdk/spi.hpp>

MOTE_BIND_INTERRUPTS(Irqs, (spi, mote::cmsdk::spi::InterruptHandler<mote::cmsdk::Ssp0>,
                            mote::cmsdk::spi::InterruptHandler<mote::cmsdk::Ssp1>));

void make() {
  auto p = mote::cmsdk::Peripherals::take();
  mote::cmsdk::Spi<mote::cmsdk::Ssp0> general(std::move(p.ssp0), Irqs{});
  mote::cmsdk::Spi<mote::cmsdk::Ssp1> lcd(std::move(p.ssp1), Irqs{});
}
