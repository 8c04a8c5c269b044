// DHCP that never answers (net_dhcp_fallback.py is the whole network, over QEMU's socket backend,
// and ignores DHCP): Config::dhcp().with_static_fallback(10.0.2.15/24, 2 s). wait_config_up()
// must complete with the fallback, not before 2 s, and the stack must then serve UDP echo on
// port 7 until "quit". Exits 0 if all of that held.
#include <mote/mote.hpp>
#include <mote/net.hpp>

#include <cstdio>
#include <string_view>

namespace net = mote::net;

static net::StackResources<1> resources;
static std::byte rx_buf[512];

static void fail(const char* what) {
  std::printf("net_dhcp: FAILED: %s\n", what);
  mote::exit(1);
}

MOTE_MAIN(spawner) {
  const mote::Instant t0 = mote::Instant::now();
  const net::Config config = net::Config::dhcp().with_static_fallback({{{10, 0, 2, 15}, 24}, {10, 0, 2, 2}},
                                                                        mote::Duration::from_secs(2));
  net::Stack& stack = net::start(spawner, mote::board::network(), config, resources);
  co_await stack.wait_config_up();
  const auto ms = static_cast<unsigned>((mote::Instant::now() - t0).as_millis());
  if (!stack.is_dhcp_fallback()) fail("configured, but not by the fallback");
  if (ms < 2000) fail("fell back before 2 s");
  if (stack.ipv4_address() != net::Ipv4Address{10, 0, 2, 15}) fail("not the fallback's address");
  std::printf("net_dhcp: fallback 10.0.2.15 after %u ms\n", ms);

  net::UdpSocket socket(stack, rx_buf);
  if (!socket.bind(7)) fail("bind");
  std::byte buf[64];
  for (;;) {
    auto r = co_await socket.recv_from(buf);
    if (!r) fail("recv_from");
    if (std::string_view(reinterpret_cast<const char*>(buf), r->size) == "quit") break;
    if (!co_await socket.send_to(std::span<const std::byte>(buf, r->size), r->from)) fail("send_to");
  }
  std::printf("net_dhcp: ok\n");
  mote::exit(0);
}
