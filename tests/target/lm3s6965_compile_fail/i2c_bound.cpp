// expect: OK
// The same program with the binding the message names compiles (so the case above fails for the
// reason it claims).
#include <mote/mote.hpp>
#include <mote/lm3s6965/i2c.hpp>

MOTE_BIND_INTERRUPTS(Irqs, (i2c0, mote::lm3s6965::i2c::InterruptHandler<mote::lm3s6965::I2c0>));

void make() {
  auto p = mote::lm3s6965::Peripherals::take();
  mote::lm3s6965::I2c<mote::lm3s6965::I2c0> i2c(std::move(p.i2c0), Irqs{});
}
