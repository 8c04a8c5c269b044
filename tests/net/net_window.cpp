// A full receive window (net_window.py drives it): static 10.0.2.15/24; accepts on port 7 (after
// a first accept cancelled by with_timeout: the client connects between the two), then
// reads nothing for 2 s while the client sends 100,000 bytes, so the socket's 1 KiB buffer and
// lwIP's window fill and the peer must stop (zero window) instead of losing data. Then it reads
// everything, checking the byte pattern (i * 7 + 3) mod 251 and the count, replies
// "ok <bytes>" and exits 0.
#include <mote/mote.hpp>
#include <mote/net.hpp>

#include <cinttypes>
#include <cstdio>

namespace net = mote::net;

static net::StackResources<1> resources;
static std::byte rx_buf[1024], tx_buf[256];

static void fail(const char* what) {
  std::printf("net_window: FAILED: %s\n", what);
  mote::exit(1);
}

MOTE_MAIN(spawner) {
  net::Stack& stack = net::start(spawner, mote::board::network(),
                                 net::Config::ipv4_static({{{10, 0, 2, 15}, 24}, {10, 0, 2, 2}}), resources);
  co_await stack.wait_config_up();
  net::TcpSocket socket(stack, rx_buf, tx_buf);
  // A cancelled accept keeps the socket listening: the client connects between this accept
  // (given up after 200 ms) and the next one, which must get that connection.
  if (auto early = co_await mote::with_timeout(mote::Duration::from_millis(200), socket.accept(7)); early) {
    fail("accepted with no client");
  }
  std::printf("net_window: listening (accept cancelled)\n");
  co_await mote::Timer::after(mote::Duration::from_secs(1));  // the client connects meanwhile
  if (!co_await socket.accept(7)) fail("accept");
  std::printf("net_window: the connection made between two accepts was kept\n");
  co_await mote::Timer::after(mote::Duration::from_secs(2));
  std::printf("net_window: after 2 s without reading: %u bytes buffered (of %u)\n",
              static_cast<unsigned>(socket.recv_queue()), static_cast<unsigned>(sizeof rx_buf));
  if (socket.recv_queue() != sizeof rx_buf) fail("the buffer did not fill");
  socket.set_timeout(mote::Duration::from_secs(20));
  std::uint32_t total = 0;
  std::byte buf[300];
  for (;;) {
    auto n = co_await socket.read(buf);
    if (!n) fail(net::error_message(n.error()));
    if (*n == 0) break;
    for (std::size_t i = 0; i < *n; ++i, ++total) {
      if (buf[i] != static_cast<std::byte>((total * 7 + 3) % 251)) fail("a byte differs: lost or reordered data");
    }
  }
  char reply[32];
  const int len = std::snprintf(reply, sizeof reply, "ok %" PRIu32, total);
  if (!co_await socket.write_all(std::string_view(reply, static_cast<std::size_t>(len)))) fail("reply");
  socket.close();
  if (!co_await socket.flush()) fail("flush");
  std::printf("net_window: read %" PRIu32 " bytes intact\n", total);
  mote::exit(0);
}
