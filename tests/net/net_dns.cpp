// DNS test firmware (net_dns.py drives it): static 10.0.2.15/24 with one DNS server, 10.0.2.2
// (the host through QEMU's slirp), on the UDP port given on the command line ("dns-port=N",
// QEMU -append, read with semihosting), where net_dns.py's server answers:
//   sensor.mote.test -> 10.1.2.3, other.mote.test -> 10.1.2.4, missing.mote.test -> NXDOMAIN,
//   slow.mote.test -> answered after 1 s, silent.mote.test -> never answered.
// Checks: "" and a 300-character name fail with InvalidName (nothing sent); a dotted address
// resolves without a server; sensor.mote.test twice (the second from lwIP's cache);
// missing.mote.test fails with DnsFailed; a slow.mote.test query cancelled after 100 ms (by
// with_timeout), after which other.mote.test still resolves and the late answer harms nothing;
// silent.mote.test fails with DnsFailed once lwIP's retries are spent.
// Exits 0 if all held.
#include <mote/mote.hpp>
#include <mote/net.hpp>
// semihosting: the command line (SYS_GET_CMDLINE, the same operation on both architectures)
#if defined(__riscv)
#include <mote/riscv.hpp>
namespace semihosting = mote::riscv::semihosting;
#else
#include <mote/cortex_m.hpp>
namespace semihosting = mote::cortex_m::semihosting;
#endif

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace net = mote::net;

static net::StackResources<1> resources;
static char long_name[301];

static void fail(const char* what) {
  std::printf("net_dns: FAILED: %s\n", what);
  mote::exit(1);
}

// "dns-port=N" from the semihosting command line (QEMU: the kernel's path, then -append's words).
static std::uint16_t dns_port_from_command_line() {
  static char buffer[256];
  struct {
    char* data;
    std::uint32_t size;
  } block{buffer, sizeof buffer - 1};
  if (semihosting::call(semihosting::kSysGetCmdline, reinterpret_cast<std::uintptr_t>(&block)) != 0) return 0;
  const char* at = std::strstr(buffer, "dns-port=");
  return at == nullptr ? 0 : static_cast<std::uint16_t>(std::atoi(at + 9));
}

static void print_result(const char* name, const net::DnsQuery::Output& r) {
  if (r) {
    std::printf("net_dns: %s -> %u.%u.%u.%u\n", name, r->octets[0], r->octets[1], r->octets[2], r->octets[3]);
  } else {
    std::printf("net_dns: %s -> %s\n", name, net::error_message(r.error()));
  }
}

MOTE_MAIN(spawner) {
  const std::uint16_t port = dns_port_from_command_line();
  if (port == 0) fail("no dns-port=N on the command line");
  net::StaticConfigV4 config{{{10, 0, 2, 15}, 24}, {10, 0, 2, 2}, {net::Ipv4Address{10, 0, 2, 2}}};
  net::Stack& stack = net::start(spawner, mote::board::network(), net::Config::ipv4_static(config), resources);
  stack.set_dns_port(port);
  co_await stack.wait_config_up();
  std::printf("net_dns: up, DNS server 10.0.2.2 port %u\n", port);

  {
    auto r = co_await stack.dns_query("");
    print_result("(empty)", r);
    if (r || r.error() != net::Error::InvalidName) fail("an empty name");
    std::memset(long_name, 'a', 300);
    r = co_await stack.dns_query(long_name);
    print_result("(300 characters)", r);
    if (r || r.error() != net::Error::InvalidName) fail("a 300-character name");
  }
  {
    auto r = co_await stack.dns_query("10.9.8.7");
    print_result("10.9.8.7", r);
    if (!r || *r != net::Ipv4Address{10, 9, 8, 7}) fail("a dotted address");
  }
  for (int i = 0; i < 2; ++i) {
    auto r = co_await stack.dns_query("sensor.mote.test");
    print_result("sensor.mote.test", r);
    if (!r || *r != net::Ipv4Address{10, 1, 2, 3}) fail("sensor.mote.test");
  }
  {
    auto r = co_await stack.dns_query("missing.mote.test");
    print_result("missing.mote.test", r);
    if (r || r.error() != net::Error::DnsFailed) fail("missing.mote.test must fail");
  }
  {
    auto r = co_await mote::with_timeout(mote::Duration::from_millis(100), stack.dns_query("slow.mote.test"));
    if (r) fail("slow.mote.test answered within 100 ms");
    std::printf("net_dns: slow.mote.test cancelled after 100 ms\n");
    auto o = co_await stack.dns_query("other.mote.test");
    print_result("other.mote.test", o);
    if (!o || *o != net::Ipv4Address{10, 1, 2, 4}) fail("other.mote.test after a cancelled query");
    co_await mote::Timer::after(mote::Duration::from_millis(1500));  // the late answer arrives meanwhile
    auto again = co_await stack.dns_query("other.mote.test");
    if (!again || *again != net::Ipv4Address{10, 1, 2, 4}) fail("other.mote.test after the late answer");
  }
  {  // no answer at all: lwIP's retries (1, 1, 2 and 3 s apart), then DnsFailed
    const mote::Instant t0 = mote::Instant::now();
    auto r = co_await stack.dns_query("silent.mote.test");
    const auto ms = static_cast<unsigned>((mote::Instant::now() - t0).as_millis());
    if (r || r.error() != net::Error::DnsFailed) fail("silent.mote.test must fail");
    std::printf("net_dns: silent.mote.test -> %s after %u ms\n", net::error_message(r.error()), ms);
  }
  std::printf("net_dns: ok\n");
  mote::exit(0);
}
