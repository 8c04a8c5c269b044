// mote::net on the host's TAP NIC (boards/host/net/tap.cpp), driven by tap_test.py inside a private
// network namespace: static 10.0.3.2/24, TCP echo on port 7 for three clients, then exit 0.
#include <mote/mote.hpp>
#include <mote/net.hpp>

#include <cstdio>

namespace net = mote::net;

static net::StackResources<1> resources;
static std::byte rx[2048], tx[2048];

MOTE_TASK(serve, 1, mote::Static<net::Stack&> stack) {
  net::TcpSocket socket(stack.get(), rx, tx);
  std::byte buf[512];
  std::size_t total = 0;
  for (int client = 0; client < 3; ++client) {
    if (auto a = co_await socket.accept(7); !a) {
      std::printf("tap_echo: accept: %s\n", net::error_message(a.error()));
      mote::exit(1);
    }
    for (;;) {
      auto n = co_await socket.read(buf);
      if (!n) {
        std::printf("tap_echo: read: %s\n", net::error_message(n.error()));
        mote::exit(1);
      }
      if (*n == 0) break;
      if (!co_await socket.write_all(std::span<const std::byte>(buf, *n))) mote::exit(1);
      total += *n;
    }
    socket.close();
    (void)co_await socket.flush();
    socket.abort();
    std::printf("tap_echo: client %d done, %zu bytes so far\n", client + 1, total);
    std::fflush(stdout);
  }
  const auto c = stack.get().counters();
  std::printf("tap_echo: bye, %zu bytes echoed, nic dropped %u\n", total, static_cast<unsigned>(c.nic_dropped));
  mote::exit(0);
}

MOTE_MAIN(spawner) {
  net::Stack& stack = net::start(spawner, mote::board::network(),
                                 net::Config::ipv4_static({{{10, 0, 3, 2}, 24}, {10, 0, 3, 1}}), resources);
  co_await stack.wait_config_up();
  spawner.must_spawn(serve(mote::Static<net::Stack&>(stack)));
  co_await mote::Timer::after(mote::Duration::from_millis(10));  // accepting before "ready"
  std::printf("tap_echo: ready on 10.0.3.2\n");
  std::fflush(stdout);
}
