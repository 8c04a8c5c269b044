// expect: OK
// The same program with port E's interrupt bound compiles.
#include <mote/mote.hpp>
#include <mote/lm3s6965/gpio.hpp>

MOTE_BIND_INTERRUPTS(Irqs, (gpio_e, mote::lm3s6965::gpio::InterruptHandler<'E'>));

void make() {
  auto p = mote::lm3s6965::Peripherals::take();
  mote::lm3s6965::Input up(std::move(p.pe0), Irqs{});
}
