// UDP test firmware (net_udp.py drives it through QEMU's user network): a UdpSocket bound to
// port 7 with a static address (10.0.2.15/24) and a 2 KiB receive buffer, serving commands
// from whoever sends them (the host, seen as 10.0.2.2):
//   any other datagram  echoed to its sender (recv_from's endpoint)
//   (too long)          a datagram over 512 bytes fails recv_from with Error::Truncated and is
//                       dropped; the firmware counts it and goes on
//   "big"               send_to of 1473 bytes must fail with Error::MessageTooLarge; replies
//                       "big: message too large", then sends 1472 bytes (the largest that fits)
//   "hold"              replies "holding", reads nothing for 1 s (the client sends a burst
//                       meanwhile), then drains with a 200 ms timeout until Error::Timeout and
//                       replies "held <datagrams read> dropped <socket.dropped()>"
//   "wrap"              replies "wrapping", reads nothing for 1 s, echoes one datagram, reads
//                       nothing for 1 s again, echoes what is queued (200 ms timeout) and
//                       replies "wrapped <echoed> dropped <socket.dropped()>"
//   "quit"              replies "bye truncated=<n> echoed=<n>" and exits 0
// Any unexpected result exits 1.
#include <mote/mote.hpp>
#include <mote/net.hpp>

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <string_view>

namespace net = mote::net;

static net::StackResources<2> resources;
static std::byte rx_buf[2048];
static std::byte big[net::UdpSocket::kMaxPayload + 1];

static void fail(const char* what) {
  std::printf("net_udp: FAILED: %s\n", what);
  mote::exit(1);
}

MOTE_MAIN(spawner) {
  net::Stack& stack = net::start(spawner, mote::board::network(),
                                 net::Config::ipv4_static({{{10, 0, 2, 15}, 24}, {10, 0, 2, 2}}), resources);
  co_await stack.wait_config_up();

  net::UdpSocket socket(stack, rx_buf);
  {  // an unbound socket cannot send
    auto unbound = co_await socket.send_to(std::string_view("x"), net::Endpoint{{10, 0, 2, 2}, 9});
    if (unbound || unbound.error() != net::Error::InvalidState) fail("send_to before bind");
  }
  if (!socket.bind(7)) fail("bind");
  if (auto again = socket.bind(8); again || again.error() != net::Error::InvalidState) fail("second bind");
  {
    net::UdpSocket other(stack, std::span(big).first(64));
    auto taken = other.bind(7);
    if (taken || taken.error() != net::Error::AddressInUse) fail("bind to a taken port");
  }
  std::printf("net_udp: listening on %u\n", socket.local_port());

  std::uint32_t truncated = 0, echoed = 0;
  std::byte buf[512];
  for (;;) {
    auto r = co_await socket.recv_from(buf);
    if (!r) {
      if (r.error() != net::Error::Truncated) fail(net::error_message(r.error()));
      ++truncated;
      std::printf("net_udp: truncated datagram dropped\n");
      continue;
    }
    const net::Endpoint from = r->from;
    if (from.address != net::Ipv4Address{10, 0, 2, 2}) fail("sender is not 10.0.2.2");
    const std::string_view msg(reinterpret_cast<const char*>(buf), r->size);
    char reply[64];
    if (msg == "quit") {
      const int n = std::snprintf(reply, sizeof reply, "bye truncated=%" PRIu32 " echoed=%" PRIu32, truncated, echoed);
      if (!co_await socket.send_to(std::string_view(reply, static_cast<std::size_t>(n)), from)) fail("send bye");
      break;
    }
    if (msg == "big") {
      for (std::size_t i = 0; i < sizeof big; ++i) big[i] = static_cast<std::byte>(i * 7 + 3);
      auto too = co_await socket.send_to(big, from);
      if (too || too.error() != net::Error::MessageTooLarge) fail("a 1473-byte datagram was not refused");
      if (!co_await socket.send_to(std::string_view("big: message too large"), from)) fail("send big reply");
      if (!co_await socket.send_to(std::span(big).first(net::UdpSocket::kMaxPayload), from)) fail("send 1472 bytes");
      continue;
    }
    if (msg == "wrap") {  // the ring's end: an entry that does not fit there goes to the start
      if (!co_await socket.send_to(std::string_view("wrapping"), from)) fail("send wrapping");
      socket.set_timeout(mote::Duration::from_millis(200));
      std::uint32_t echoed_here = 0;
      for (int round = 0; round < 2; ++round) {
        co_await mote::Timer::after(mote::Duration::from_secs(1));  // the client sends meanwhile
        for (;;) {
          auto h = co_await socket.recv_from(big);  // 600-byte datagrams
          if (!h) {
            if (h.error() != net::Error::Timeout) fail("expected a timeout in wrap");
            break;
          }
          if (!co_await socket.send_to(std::span<const std::byte>(big, h->size), h->from)) fail("wrap echo");
          ++echoed_here;
          if (round == 0) break;  // round 0 reads one, so the next burst has to wrap
        }
      }
      socket.set_timeout(mote::Duration::max());
      const int n = std::snprintf(reply, sizeof reply, "wrapped %" PRIu32 " dropped %" PRIu32, echoed_here,
                                  socket.dropped());
      if (!co_await socket.send_to(std::string_view(reply, static_cast<std::size_t>(n)), from)) fail("send wrapped");
      continue;
    }
    if (msg == "hold") {
      if (!co_await socket.send_to(std::string_view("holding"), from)) fail("send holding");
      co_await mote::Timer::after(mote::Duration::from_secs(1));
      socket.set_timeout(mote::Duration::from_millis(200));
      std::uint32_t held = 0;
      for (;;) {
        const mote::Instant t0 = mote::Instant::now();
        auto h = co_await socket.recv_from(buf);
        if (!h) {
          if (h.error() != net::Error::Timeout) fail("expected a timeout after the burst");
          if (mote::Instant::now() - t0 < mote::Duration::from_millis(200)) fail("timed out early");
          break;
        }
        ++held;
      }
      socket.set_timeout(mote::Duration::max());
      const int n = std::snprintf(reply, sizeof reply, "held %" PRIu32 " dropped %" PRIu32, held, socket.dropped());
      if (!co_await socket.send_to(std::string_view(reply, static_cast<std::size_t>(n)), from)) fail("send held");
      continue;
    }
    if (!co_await socket.send_to(std::span<const std::byte>(buf, r->size), from)) fail("echo");
    ++echoed;
  }
  std::printf("net_udp: ok (truncated %" PRIu32 ", echoed %" PRIu32 ", dropped %" PRIu32 ")\n", truncated, echoed,
              socket.dropped());
  // A DMA NIC (virtio-net) sends after transmit() returned: let the reply leave before the
  // exit ends QEMU (at most 1 s: a device that never sends fails the test on the client's side).
  for (int i = 0; i < 1000 && mote::board::network().transmit_pending() != 0; ++i) {
    co_await mote::Timer::after(mote::Duration::from_millis(1));
  }
  mote::exit(0);
}
