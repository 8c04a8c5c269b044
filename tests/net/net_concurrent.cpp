// Concurrent accepts on one port (net_concurrent.py drives it): three tasks, each with its own
// TcpSocket, accept on port 7 at the same time (one lwIP listener shared by the three) and echo
// until their client closes, then accept again. A fourth client while all three are busy is
// refused (RST) and counted in counters().tcp_dropped. "quit" from a client prints the counters
// and exits 0.
#include <mote/mote.hpp>
#include <mote/net.hpp>

#include <cinttypes>
#include <cstdio>
#include <string_view>

namespace net = mote::net;

static net::StackResources<3> resources;
static std::byte buffers[3][2][1024];
static net::Stack* g_stack = nullptr;

MOTE_TASK(serve, 3, int index) {
  net::TcpSocket socket(*g_stack, buffers[index][0], buffers[index][1]);
  for (;;) {
    if (auto a = co_await socket.accept(7); !a) {
      std::printf("net_concurrent: FAILED: accept on socket %d: %s\n", index, net::error_message(a.error()));
      mote::exit(1);
    }
    std::printf("net_concurrent: socket %d took a connection\n", index);
    std::byte buf[256];
    for (;;) {
      auto n = co_await socket.read(buf);
      if (!n || *n == 0) break;
      const std::string_view text(reinterpret_cast<const char*>(buf), *n);
      if (text == "quit") {
        std::printf("net_concurrent: tcp_dropped=%" PRIu32 "\n", g_stack->counters().tcp_dropped);
        mote::exit(0);
      }
      if (!co_await socket.write_all(std::span<const std::byte>(buf, *n))) break;
    }
    socket.close();
    (void)co_await socket.flush();
    socket.abort();
  }
}

MOTE_MAIN(spawner) {
  net::Stack& stack = net::start(spawner, mote::board::network(),
                                 net::Config::ipv4_static({{{10, 0, 2, 15}, 24}, {10, 0, 2, 2}}), resources);
  g_stack = &stack;
  co_await stack.wait_config_up();
  for (int i = 0; i < 3; ++i) spawner.must_spawn(serve(i));
  co_await mote::yield_now();  // let all three start accepting
  std::printf("net_concurrent: 3 sockets accepting on 7\n");
  for (;;) co_await mote::Timer::after(mote::Duration::from_secs(3600));
}
