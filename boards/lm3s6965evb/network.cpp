// The LM3S6965 evaluation board's network interface: the chip's Ethernet controller with its
// interrupt bound. In the mote::net library, not in every firmware: only programs that call
// network() link the driver and its interrupt handler (which then overrides the vector table's
// weak default).
#include "mote/lm3s6965/ethernet.hpp"
#include "mote/net/stack.hpp"

MOTE_BIND_INTERRUPTS(MoteBoardNetIrqs, (ethernet, mote::lm3s6965::ethernet::InterruptHandler));

namespace mote::board {

net::Driver& network() noexcept {
  static lm3s6965::Ethernet nic{MoteBoardNetIrqs{}};  // trivially destructible; built at first call
  return nic;
}

}  // namespace mote::board
