// Bad-input test firmware (net_malformed.py is its whole network, through QEMU's socket
// backend: every UDP datagram between them is one Ethernet frame). Static 10.0.2.15/24; a
// UdpSocket on port 7:
//   "stats"  replies with Stack::counters() as "nic=N link=N ip=N icmp=N udp=N tcp=N chk=N len=N"
//   "quit"   replies "bye" and exits 0
//   else     echoes the datagram
// The peer injects malformed frames between "stats" requests and checks that each one was
// dropped and counted where it should be, and that the firmware still answers.
#include <mote/mote.hpp>
#include <mote/net.hpp>

#include <cinttypes>
#include <cstdio>
#include <string_view>

namespace net = mote::net;

static net::StackResources<1> resources;
static std::byte rx_buf[2048];

MOTE_MAIN(spawner) {
  net::Stack& stack = net::start(spawner, mote::board::network(),
                                 net::Config::ipv4_static({{{10, 0, 2, 15}, 24}, {10, 0, 2, 2}}), resources);
  co_await stack.wait_config_up();
  net::UdpSocket socket(stack, rx_buf);
  if (!socket.bind(7)) {
    std::printf("net_malformed: FAILED: bind\n");
    mote::exit(1);
  }
  std::printf("net_malformed: listening on 7\n");
  std::byte buf[1500];
  for (;;) {
    auto r = co_await socket.recv_from(buf);
    if (!r) {
      std::printf("net_malformed: FAILED: recv_from: %s\n", net::error_message(r.error()));
      mote::exit(1);
    }
    const std::string_view msg(reinterpret_cast<const char*>(buf), r->size);
    if (msg == "stats" || msg == "quit") {
      const net::Stack::Counters c = stack.counters();
      char reply[160];
      const int n = std::snprintf(reply, sizeof reply,
                                  "nic=%" PRIu32 " link=%" PRIu32 " ip=%" PRIu32 " icmp=%" PRIu32 " udp=%" PRIu32
                                  " tcp=%" PRIu32 " chk=%" PRIu32 " len=%" PRIu32,
                                  c.nic_dropped, c.link_dropped, c.ip_dropped, c.icmp_dropped, c.udp_dropped,
                                  c.tcp_dropped, c.checksum_errors, c.length_errors);
      if (msg == "quit") {
        std::printf("net_malformed: counters %s\n", reply);
        (void)co_await socket.send_to(std::string_view("bye"), r->from);
        break;
      }
      (void)co_await socket.send_to(std::string_view(reply, static_cast<std::size_t>(n)), r->from);
      continue;
    }
    (void)co_await socket.send_to(std::span<const std::byte>(buf, r->size), r->from);
  }
  std::printf("net_malformed: ok\n");
  // A DMA NIC (virtio-net) sends after transmit() returned: let the reply leave before the
  // exit ends QEMU (at most 1 s: a device that never sends fails the test on the client's side).
  for (int i = 0; i < 1000 && mote::board::network().transmit_pending() != 0; ++i) {
    co_await mote::Timer::after(mote::Duration::from_millis(1));
  }
  mote::exit(0);
}
