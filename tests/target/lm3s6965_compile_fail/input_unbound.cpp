// expect: static assertion failed: mote: lm3s6965::Input needs its port's interrupt bound to gpio::InterruptHandler<Port>
// An input on port E with only port F's interrupt bound: its waits would never complete.
#include <mote/mote.hpp>
#include <mote/lm3s6965/gpio.hpp>

MOTE_BIND_INTERRUPTS(Irqs, (gpio_f, mote::lm3s6965::gpio::InterruptHandler<'F'>));

void make() {
  auto p = mote::lm3s6965::Peripherals::take();
  mote::lm3s6965::Input up(std::move(p.pe0), Irqs{});
}
