// A TCP echo server on port 7, for any board with a NIC: `cmake --build <build> --target
// run-net_echo` runs it under QEMU with host port 17007 forwarded, then, from another shell:
//   nc 127.0.0.1 17007        (type lines; they come back)
// The address comes from QEMU's DHCP server (10.0.2.15). Serves one client at a time, forever.
#include <mote/mote.hpp>
#include <mote/net.hpp>

#include <cstdio>

namespace net = mote::net;

static net::StackResources<1> resources;
static std::byte rx_buffer[1024];
static std::byte tx_buffer[1024];

MOTE_MAIN(spawner) {
  net::Stack& stack = net::start(spawner, mote::board::network(), net::Config::dhcp(), resources);
  co_await stack.wait_config_up();
  const net::Ipv4Address ip = stack.ipv4_address();
  std::printf("net_echo: %u.%u.%u.%u, echo on port 7\n", ip.octets[0], ip.octets[1], ip.octets[2], ip.octets[3]);
  const net::Ipv4Address dns = stack.dns_servers()[0];  // from the lease too (QEMU's: 10.0.2.3)
  std::printf("net_echo: DNS server %u.%u.%u.%u\n", dns.octets[0], dns.octets[1], dns.octets[2], dns.octets[3]);

  net::TcpSocket socket(stack, rx_buffer, tx_buffer);
  for (;;) {
    socket.set_timeout(mote::Duration::max());  // waiting for a client takes as long as it takes
    if (auto a = co_await socket.accept(7); !a) {
      std::printf("net_echo: accept: %s\n", net::error_message(a.error()));
      co_await mote::Timer::after(mote::Duration::from_secs(1));  // let the stack run before retrying
      continue;
    }
    const net::Endpoint peer = socket.remote_endpoint();
    std::printf("net_echo: client %u.%u.%u.%u:%u\n", peer.address.octets[0], peer.address.octets[1],
                peer.address.octets[2], peer.address.octets[3], peer.port);
    socket.set_timeout(mote::Duration::from_secs(60));  // a client silent for a minute is dropped
    std::byte buf[512];
    for (;;) {
      auto n = co_await socket.read(buf);
      if (!n || *n == 0) break;  // an error, or the client closed
      if (!co_await socket.write_all(std::span<const std::byte>(buf, *n))) break;
    }
    socket.close();
    (void)co_await socket.flush();
    socket.abort();  // whatever is left: the next accept starts clean
    std::printf("net_echo: client gone\n");
  }
}
