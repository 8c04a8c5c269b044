// Link-state test firmware (net_link.py drives it, switching the link with QEMU's QMP
// set_link): static 10.0.2.15/24; waits for the link to go down (wait_link_down), checks that
// the configuration is down with it, waits for it to come back (wait_link_up), then echoes UDP
// datagrams on port 7 until "quit", to show the stack works again. Exits 0 if all of that held.
#include <mote/mote.hpp>
#include <mote/net.hpp>

#include <cstdio>
#include <string_view>

namespace net = mote::net;

static net::StackResources<1> resources;
static std::byte rx_buf[512];

static void fail(const char* what) {
  std::printf("net_link: FAILED: %s\n", what);
  mote::exit(1);
}

MOTE_MAIN(spawner) {
  net::Stack& stack = net::start(spawner, mote::board::network(),
                                 net::Config::ipv4_static({{{10, 0, 2, 15}, 24}, {10, 0, 2, 2}}), resources);
  co_await stack.wait_config_up();
  co_await stack.wait_link_up();  // completes at once: it is up
  std::printf("net_link: link up\n");
  co_await stack.wait_link_down();
  if (stack.is_link_up() || stack.is_config_up()) fail("the link or the configuration still up");
  std::printf("net_link: link down\n");
  co_await stack.wait_link_up();
  co_await stack.wait_config_up();
  std::printf("net_link: link up again\n");

  net::UdpSocket socket(stack, rx_buf);
  if (!socket.bind(7)) fail("bind");
  std::byte buf[64];
  for (;;) {  // until "quit": the echo may wait for ARP (the link's loss flushed the cache)
    auto r = co_await socket.recv_from(buf);
    if (!r) fail("recv_from");
    if (std::string_view(reinterpret_cast<const char*>(buf), r->size) == "quit") break;
    if (!co_await socket.send_to(std::span<const std::byte>(buf, r->size), r->from)) fail("send_to");
    std::printf("net_link: echoed %u bytes after the link came back\n", static_cast<unsigned>(r->size));
  }
  mote::exit(0);
}
