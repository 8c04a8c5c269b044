// libFuzzer target: the network stack's input path, as mote's runner drives it
// (src/net/stack.cpp: the driver's frame copied into a PBUF_POOL buffer, the runner's own filter
// (input_filter.hpp), the netif's input, lwIP's timers run between frames), on lwIP built for the
// host with mote's options (docs/net.md, "Fuzzing").
//
// An input is a sequence of records: [flags][length, 2 bytes big-endian][frame bytes]. `flags`
// bit 0..6: milliseconds x 64 to advance the clock (and run lwIP's timers) before the frame.
// The netif is 10.0.2.15/24 (gateway 10.0.2.2, MAC 52:54:00:12:34:56, as under QEMU) with a TCP
// echo server on port 7, a UDP echo on port 7, a TCP client connecting to 10.0.2.2:1883 and a
// DNS query to 10.0.2.3 outstanding, so that replies to all of them reach their parsers.
// Everything the stack sends is counted and dropped (checked for size). Between inputs every
// connection is aborted and the clock moves on past every reassembly and ARP timeout, so an
// input's result does not depend on the inputs before it (regression files reproduce alone).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "arch/cc.h"
#include "input_filter.hpp"  // src/net: what the runner drops before lwIP
#include "lwip/dns.h"
#include "lwip/etharp.h"
#include "lwip/init.h"
#include "lwip/ip4_frag.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/tcp.h"
#include "lwip/timeouts.h"
#include "lwip/udp.h"
#include "netif/ethernet.h"

namespace {

std::uint32_t g_now_ms = 0;
std::uint32_t g_rand = 1;
netif g_netif;
tcp_pcb* g_listener = nullptr;
tcp_pcb* g_client = nullptr;
udp_pcb* g_udp = nullptr;
constexpr std::size_t kMaxFrame = 1536;  // mote::net::Driver::kMaxFrame

err_t link_output(netif*, pbuf* p) {
  // What a driver's transmit sees: a chain no longer than a frame.
  if (p->tot_len > kMaxFrame) std::abort();
  return ERR_OK;
}

err_t netif_setup(netif* n) {
  n->hwaddr_len = 6;
  const std::uint8_t mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
  std::memcpy(n->hwaddr, mac, 6);
  n->mtu = 1500;
  n->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET | NETIF_FLAG_LINK_UP;
  n->output = etharp_output;
  n->linkoutput = link_output;
  return ERR_OK;
}

// The TCP echo: what mote's sockets do with lwIP (take the data, acknowledge it, write it back).
err_t echo_recv(void*, tcp_pcb* pcb, pbuf* p, err_t) {
  if (p == nullptr) {
    tcp_close(pcb);
    return ERR_OK;
  }
  tcp_recved(pcb, p->tot_len);
  char buf[256];
  const u16_t n = pbuf_copy_partial(p, buf, sizeof(buf), 0);
  if (tcp_sndbuf(pcb) >= n) tcp_write(pcb, buf, n, TCP_WRITE_FLAG_COPY);
  pbuf_free(p);
  return ERR_OK;
}

err_t echo_accept(void*, tcp_pcb* pcb, err_t err) {
  if (err != ERR_OK || pcb == nullptr) return ERR_VAL;
  tcp_recv(pcb, echo_recv);
  return ERR_OK;
}

void udp_echo(void*, udp_pcb* pcb, pbuf* p, const ip_addr_t* addr, u16_t port) {
  udp_sendto(pcb, p, addr, port);
  pbuf_free(p);
}

void dns_found(const char*, const ip_addr_t*, void*) {}

void client_err(void*, err_t) { g_client = nullptr; }  // lwIP freed it

// What every input starts from: the servers listening, a client connecting, a DNS query asked.
void start_apps() {
  g_listener = tcp_listen(tcp_new());
  tcp_accept(g_listener, echo_accept);
  g_udp = udp_new();
  udp_bind(g_udp, IP_ADDR_ANY, 7);
  udp_recv(g_udp, udp_echo, nullptr);
  g_client = tcp_new();
  tcp_err(g_client, client_err);
  tcp_recv(g_client, echo_recv);
  ip_addr_t broker;
  IP_ADDR4(&broker, 10, 0, 2, 2);
  tcp_connect(g_client, &broker, 1883, nullptr);
  ip_addr_t resolved;
  dns_gethostbyname("broker.example", &resolved, dns_found, nullptr);
}

void advance(std::uint32_t ms) {
  // Timers fire in order, as the runner's sleep would let them.
  for (std::uint32_t step = 0; step < ms; step += 250) {
    g_now_ms += ms - step < 250 ? ms - step : 250;
    sys_check_timeouts();
  }
}

// Back to the starting state: no connection, no fragments, no ARP entry, no DNS query.
void reset_apps() {
  if (g_client != nullptr) {
    tcp_err(g_client, nullptr);
    tcp_abort(g_client);
    g_client = nullptr;
  }
  while (tcp_active_pcbs != nullptr) tcp_abort(tcp_active_pcbs);
  while (tcp_tw_pcbs != nullptr) tcp_abort(tcp_tw_pcbs);
  tcp_close(g_listener);
  g_listener = nullptr;
  udp_remove(g_udp);
  g_udp = nullptr;
  advance(30'000);  // reassembly (15 s), DNS retries, ARP's pending entries all time out
  etharp_cleanup_netif(&g_netif);
}

}  // namespace

extern "C" {

u16_t mote_lwip_dns_port = 53;
u32_t sys_now(void) { return g_now_ms; }
void mote_lwip_assert(const char* message, const char* file, int line) {
  std::fprintf(stderr, "lwIP assertion \"%s\" failed at %s:%d\n", message, file, line);
  std::abort();
}
uint32_t mote_lwip_rand(void) {
  g_rand ^= g_rand << 13;
  g_rand ^= g_rand >> 17;
  g_rand ^= g_rand << 5;
  return g_rand;
}

int LLVMFuzzerInitialize(int*, char***) {
  lwip_init();
  ip4_addr_t ip, mask, gw;
  IP4_ADDR(&ip, 10, 0, 2, 15);
  IP4_ADDR(&mask, 255, 255, 255, 0);
  IP4_ADDR(&gw, 10, 0, 2, 2);
  netif_add(&g_netif, &ip, &mask, &gw, nullptr, netif_setup, ethernet_input);
  netif_set_default(&g_netif);
  netif_set_up(&g_netif);
  ip_addr_t dns;
  IP_ADDR4(&dns, 10, 0, 2, 3);
  dns_setserver(0, &dns);
  return 0;
}

int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  g_rand = 1;  // the same DNS ids and ports every input
  start_apps();
  while (size >= 3) {
    const std::uint32_t wait = (data[0] & 0x7f) * 64u;
    std::size_t n = static_cast<std::size_t>(data[1]) << 8 | data[2];
    data += 3;
    size -= 3;
    if (n > size) n = size;
    if (n > kMaxFrame) n = kMaxFrame;
    if (wait != 0) advance(wait);
    // As the runner: a pool buffer of a whole frame, shrunk to what the driver received.
    pbuf* p = pbuf_alloc(PBUF_RAW, kMaxFrame, PBUF_POOL);
    if (p == nullptr) {
      advance(1000);  // the pool is held by queued segments: let the timers free some
      p = pbuf_alloc(PBUF_RAW, kMaxFrame, PBUF_POOL);
    }
    if (p != nullptr) {
      std::memcpy(p->payload, data, n);
      pbuf_realloc(p, static_cast<u16_t>(n));
      if (mote::net::detail::short_arp(data, n)) {
        pbuf_free(p);  // the runner's own check (lwIP 2.1.3 would read past it)
      } else if (g_netif.input(p, &g_netif) != ERR_OK) {
        pbuf_free(p);
      }
    }
    data += n;
    size -= n;
  }
  reset_apps();
  return 0;
}

}  // extern "C"
