// Network figures on lm3s6965evb (bench/net/net_bench.py drives it; docs/net.md, "Measurements"):
// TCP echo throughput and the cost of a connection in guest instructions, RAM per connection,
// and how many connections the board holds open at once.
//
// Eight tasks, one socket each (lwIP's PCB pool, MOTE_NET_MAX_SOCKETS, is 8), accept on port 7
// and echo. QEMU's plugin (bench/plugin/bench_plugin.c) counts every instruction the CPU executes
// in one window, from the address being configured to the command "quit" (the sleeping CPU
// executes none): net_bench.py runs the firmware once per scenario and subtracts an idle run's
// count. A connection whose first bytes are "quit" ends the window, prints the figures and exits.
#include <mote/mote.hpp>
#include <mote/net.hpp>

#include <cstdio>
#include <cstring>

#include "lwip/priv/tcp_priv.h"
#include "lwip/tcp.h"

namespace net = mote::net;

#define BENCH_BEGIN() __asm volatile("mov r10, r10" ::: "memory")
#define BENCH_END() __asm volatile("mov r11, r11" ::: "memory")
#define BENCH_REPORT() __asm volatile("mov r12, r12" ::: "memory")

namespace {

constexpr std::size_t kSockets = 8;
constexpr std::size_t kBuffer = 1024;  // each direction, per socket
std::byte g_rx[kSockets][kBuffer];
std::byte g_tx[kSockets][kBuffer];
net::StackResources<kSockets> g_resources;

[[noreturn]] void finish() {
  BENCH_END();
  BENCH_REPORT();
  const auto t = mote::task_info("serve");
  std::printf("bench-note sizeof tcp_pcb %u, TcpSocket %u, serve frame %u, buffers %u\n",
              static_cast<unsigned>(sizeof(tcp_pcb)), static_cast<unsigned>(sizeof(net::TcpSocket)),
              t ? static_cast<unsigned>(t->frame_bytes) : 0u, static_cast<unsigned>(2 * kBuffer));
  std::printf("bench done\n");
  mote::exit(0);
}

MOTE_TASK(serve, kSockets, mote::Static<net::Stack&> stack, std::uint8_t index) {
  net::TcpSocket socket(stack.get(), g_rx[index], g_tx[index]);
  std::byte buf[512];
  for (;;) {
    if (!co_await socket.accept(7)) continue;
    bool first = true;
    for (;;) {
      auto n = co_await socket.read(buf);
      if (!n || *n == 0) break;
      if (first && *n >= 4 && std::memcmp(buf, "quit", 4) == 0) finish();
      first = false;
      if (!co_await socket.write_all(std::span<const std::byte>(buf, *n))) break;
    }
    socket.close();
    (void)co_await socket.flush();
    socket.abort();
  }
}

}  // namespace

MOTE_MAIN(spawner) {
  net::Stack& stack = net::start(spawner, mote::board::network(),
                                 net::Config::ipv4_static({{{10, 0, 2, 15}, 24}, {10, 0, 2, 2}}), g_resources);
  co_await stack.wait_config_up();
  for (std::uint8_t i = 0; i < kSockets; ++i) spawner.must_spawn(serve(mote::Static<net::Stack&>(stack), i));
  co_await mote::Timer::after(mote::Duration::from_millis(10));  // every socket accepting before "ready"
  std::printf("bench 1 net\n");
  std::printf("net_bench: ready\n");
  BENCH_BEGIN();
}
