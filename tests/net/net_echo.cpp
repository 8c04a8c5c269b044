// Network test firmware (net_session.py drives it through QEMU's user network): a TCP server
// on port 7 with a static address (10.0.2.15/24, gateway 10.0.2.2, as QEMU's slirp expects),
// three connections in turn, each on its own socket with buffers smaller than lwIP's window:
//   1. echo: everything the client sends comes back, until the client closes its side; then
//      close + flush. Prints the byte count.
//   2. reset: the client sends 1000 bytes and resets; the reads return those bytes, then
//      Error::ConnectionReset.
//   3. timeout: the client connects and stays silent; a read with a 300 ms timeout fails with
//      Error::Timeout (and the connection is aborted).
//   4. connect: the client sends two port numbers (big-endian) and closes; the firmware
//      connects to 10.0.2.2 (the host, through slirp) on the second, where nothing listens
//      (Error::ConnectionRefused), then on the first, where the client listens: it sends a
//      greeting, reads the reply until the client closes, and closes.
// Exits 0 if every step went as described, 1 otherwise.
#include <mote/mote.hpp>
#include <mote/net.hpp>

#include <cinttypes>
#include <cstdio>

namespace net = mote::net;

static net::StackResources<3> resources;
static std::byte rx_buf[3][2048];
static std::byte tx_buf[3][2048];
static std::byte rx_small[256], tx_small[256];

static bool fail(const char* what) {
  std::printf("net_echo: FAILED: %s\n", what);
  mote::exit(1);
  return false;
}

MOTE_MAIN(spawner) {
  net::Stack& stack = net::start(spawner, mote::board::network(),
                                 net::Config::ipv4_static({{{10, 0, 2, 15}, 24}, {10, 0, 2, 2}}), resources);
  co_await stack.wait_config_up();
  const auto ip = stack.ipv4_address();
  std::printf("net_echo: up %u.%u.%u.%u\n", ip.octets[0], ip.octets[1], ip.octets[2], ip.octets[3]);

  {  // 1. echo
    net::TcpSocket socket(stack, rx_buf[0], tx_buf[0]);
    socket.set_timeout(mote::Duration::from_secs(20));
    std::printf("net_echo: phase echo listening\n");
    if (!co_await socket.accept(7)) fail("accept");
    std::byte buf[700];  // not a divisor of anything the client sends
    std::uint32_t total = 0;
    for (;;) {
      auto n = co_await socket.read(buf);
      if (!n) {
        std::printf("net_echo: read: %s\n", net::error_message(n.error()));
        fail("echo read");
      }
      if (*n == 0) break;
      auto w = co_await socket.write_all(std::span<const std::byte>(buf, *n));
      if (!w) fail("echo write");
      total += static_cast<std::uint32_t>(*n);
    }
    socket.close();
    if (!co_await socket.flush()) fail("flush");
    std::printf("net_echo: echoed %" PRIu32 " bytes\n", total);
  }
  {  // 2. reset by the peer
    net::TcpSocket socket(stack, rx_buf[1], tx_buf[1]);
    socket.set_timeout(mote::Duration::from_secs(20));
    std::printf("net_echo: phase reset listening\n");
    if (!co_await socket.accept(7)) fail("accept");
    std::byte buf[256];
    std::uint32_t total = 0;
    for (;;) {
      auto n = co_await socket.read(buf);
      if (!n) {
        std::printf("net_echo: reset phase: %" PRIu32 " bytes, then %s\n", total, net::error_message(n.error()));
        if (n.error() != net::Error::ConnectionReset) fail("expected a reset");
        break;
      }
      if (*n == 0) fail("expected a reset, got a close");
      total += static_cast<std::uint32_t>(*n);
    }
  }
  {  // 3. read timeout
    net::TcpSocket socket(stack, rx_buf[2], tx_buf[2]);
    std::printf("net_echo: phase timeout listening\n");
    if (!co_await socket.accept(7)) fail("accept");
    socket.set_timeout(mote::Duration::from_millis(300));
    const mote::Instant t0 = mote::Instant::now();
    std::byte buf[16];
    auto n = co_await socket.read(buf);
    const auto ms = (mote::Instant::now() - t0).as_millis();
    if (n || n.error() != net::Error::Timeout) fail("expected a timeout");
    if (ms < 300) fail("timed out early");
    std::printf("net_echo: read timed out after >= 300 ms, aborted\n");
  }
  {  // 4. connect, as a client
    std::uint16_t ports[2] = {};
    {
      net::TcpSocket control(stack, rx_buf[0], tx_buf[0]);
      control.set_timeout(mote::Duration::from_secs(20));
      std::printf("net_echo: phase connect listening\n");
      if (!co_await control.accept(7)) fail("accept");
      std::uint8_t got[4];
      std::size_t have = 0;
      while (have < 4) {
        auto n = co_await control.read(std::as_writable_bytes(std::span(got + have, 4 - have)));
        if (!n || *n == 0) fail("reading the ports");
        have += *n;
      }
      ports[0] = static_cast<std::uint16_t>(got[0] << 8 | got[1]);
      ports[1] = static_cast<std::uint16_t>(got[2] << 8 | got[3]);
    }
    {
      net::TcpSocket refused(stack, rx_small, tx_small);
      refused.set_timeout(mote::Duration::from_secs(10));
      auto c = co_await refused.connect(net::Endpoint{{10, 0, 2, 2}, ports[1]});
      std::printf("net_echo: connect to a closed port: %s\n", c ? "connected?" : net::error_message(c.error()));
      if (c || c.error() != net::Error::ConnectionRefused) fail("expected a refused connection");
    }
    net::TcpSocket client(stack, rx_small, tx_small);
    client.set_timeout(mote::Duration::from_secs(10));
    auto c = co_await client.connect(net::Endpoint{{10, 0, 2, 2}, ports[0]});
    if (!c) {
      std::printf("net_echo: connect: %s\n", net::error_message(c.error()));
      fail("connect");
    }
    if (!co_await client.write_all(std::string_view("hello from mote\n"))) fail("client write");
    char reply[64];
    std::size_t len = 0;
    for (;;) {
      auto n = co_await client.read(std::span(reply + len, sizeof reply - 1 - len));
      if (!n) fail("client read");
      if (*n == 0) break;
      len += *n;
    }
    reply[len] = 0;
    client.close();
    if (!co_await client.flush()) fail("client flush");
    std::printf("net_echo: connected as a client, reply \"%s\"\n", reply);
  }
  std::printf("net_echo: ok\n");
  mote::exit(0);
}
