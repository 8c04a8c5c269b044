// expect: static assertion failed: mote: lm3s6965::I2c<I2c0> needs interrupt i2c0 bound to its handler.*MOTE_BIND_INTERRUPTS\(Irqs, \(i2c0, mote::lm3s6965::i2c::InterruptHandler<mote::lm3s6965::I2c0>\)\)
// An I2C driver built without its interrupt bound: no step after the first would ever run.
#include <mote/mote.hpp>
#include <mote/lm3s6965/i2c.hpp>

MOTE_BIND_INTERRUPTS(OtherIrqs, (uart1, mote::lm3s6965::uart::InterruptHandler<mote::lm3s6965::Uart0>));

void make() {
  auto p = mote::lm3s6965::Peripherals::take();
  mote::lm3s6965::I2c<mote::lm3s6965::I2c0> i2c(std::move(p.i2c0), OtherIrqs{});
}
