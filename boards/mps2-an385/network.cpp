// The MPS2 AN385/AN386 network interface: the LAN9118 with its interrupt bound. In the
// mote::net library, not in every firmware: only programs that call network() link the
// driver and its interrupt handler (which then overrides the vector table's weak default).
#include "mote/cmsdk/lan9118.hpp"
#include "mote/net/stack.hpp"

MOTE_BIND_INTERRUPTS(MoteBoardNetIrqs, (ethernet, mote::cmsdk::lan9118::InterruptHandler));

namespace mote::board {

net::Driver& network() noexcept {
  static cmsdk::Lan9118 nic{MoteBoardNetIrqs{}};  // trivially destructible; built at first call
  return nic;
}

}  // namespace mote::board
