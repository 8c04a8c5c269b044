// mote/net.hpp: async networking on lwIP (docs/net.md): the stack and its runner, TCP and UDP sockets,
// the NIC driver interface. Link the `mote::net` library (mote_add_firmware(... NET_FORWARD ...)
// does it).
#pragma once

#include "mote/net/driver.hpp"
#include "mote/net/stack.hpp"
#include "mote/net/tcp.hpp"
#include "mote/net/types.hpp"
#include "mote/net/udp.hpp"
