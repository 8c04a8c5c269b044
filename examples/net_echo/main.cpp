// A TCP echo server on port 7, for any board with a NIC: `cmake --build <build> --target
// run-net_echo` runs it under QEMU with host port 17007 forwarded, then, from another shell:
//   nc 127.0.0.1 17007        (type lines; they come back)
// The address comes from QEMU's DHCP server (10.0.2.15). Serves one client at a time, forever.
#include <mote/log.hpp>
#include <mote/mote.hpp>
#include <mote/io.hpp>
#include <mote/net.hpp>

namespace net = mote::net;

static net::StackResources<1> resources;
static std::byte rx_buffer[1024];
static std::byte tx_buffer[1024];

// The echo itself is written against mote::io only, not against TcpSocket: the same function
// echoes a UART (every chip's BufferedUart models io::Read and io::Write too). Returns how many
// bytes it echoed once the client has closed its side, or the stream's error.
template <class Stream>
  requires mote::io::Read<Stream> && mote::io::Write<Stream>
mote::Async<mote::Result<std::size_t, mote::io::ErrorKind>> echo(Stream& stream) {
  std::byte buf[512];
  std::size_t total = 0;
  for (;;) {
    auto n = co_await stream.read(buf);
    if (!mote::io::ok(n)) co_return mote::Err{error_kind(n.error())};
    const std::size_t got = mote::io::value(n);
    if (got == 0) co_return total;  // end of stream: the client closed its side
    for (std::size_t sent = 0; sent < got;) {  // write() may take part of it
      auto w = co_await stream.write(std::span<const std::byte>(buf + sent, got - sent));
      if (!mote::io::ok(w)) co_return mote::Err{error_kind(w.error())};
      sent += mote::io::value(w);
    }
    total += got;
  }
}

// Serves one client at a time, forever. Its nested-frame budget holds echo()'s frame.
MOTE_TASK(serve, mote::pool(1).async_bytes(1024), mote::Static<net::Stack&> stack) {
  net::TcpSocket socket(stack.get(), rx_buffer, tx_buffer);
  for (;;) {
    socket.set_timeout(mote::Duration::max());  // waiting for a client takes as long as it takes
    if (auto a = co_await socket.accept(7); !a) {
      MOTE_LOG_WARN("net_echo: accept: {}", net::error_message(a.error()));
      co_await mote::Timer::after(mote::Duration::from_secs(1));  // let the stack run before retrying
      continue;
    }
    const net::Endpoint peer = socket.remote_endpoint();
    MOTE_LOG_INFO("net_echo: client {}.{}.{}.{}:{}", peer.address.octets[0], peer.address.octets[1],
                  peer.address.octets[2], peer.address.octets[3], peer.port);
    socket.set_timeout(mote::Duration::from_secs(60));  // a client silent for a minute is dropped
    const auto echoed = co_await echo(socket);
    socket.close();
    (void)co_await socket.flush();
    socket.abort();  // whatever is left: the next accept starts clean
    if (echoed) {
      MOTE_LOG_INFO("net_echo: client gone after {} bytes", *echoed);
    } else {
      MOTE_LOG_WARN("net_echo: client dropped (io error kind {})", echoed.error());
    }
  }
}

MOTE_MAIN(spawner) {
  net::Stack& stack = net::start(spawner, mote::board::network(), net::Config::dhcp(), resources);
  co_await stack.wait_config_up();
  const net::Ipv4Address ip = stack.ipv4_address();
  MOTE_LOG_INFO("net_echo: {}.{}.{}.{}, echo on port 7", ip.octets[0], ip.octets[1], ip.octets[2], ip.octets[3]);
  const net::Ipv4Address dns = stack.dns_servers()[0];  // from the lease too (QEMU's: 10.0.2.3)
  MOTE_LOG_INFO("net_echo: DNS server {}.{}.{}.{}", dns.octets[0], dns.octets[1], dns.octets[2], dns.octets[3]);
  spawner.must_spawn(serve(mote::Static<net::Stack&>(stack)));
}
