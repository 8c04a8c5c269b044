// The network stack: lwIP's netif on a net::Driver, and the runner task that drives lwIP.
//
// Everything here runs in thread mode on the runner's executor. The NIC's interrupt only wakes
// the runner (through Driver::wait_receive), so lwIP's input path, its timers and every
// callback it makes run in a task, never in an interrupt.
#include "mote/net/stack.hpp"

#include <cstring>
#include <new>

#include "lwip/dhcp.h"
#include "lwip/dns.h"
#include "lwip/etharp.h"
#include "lwip/init.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/stats.h"
#include "lwip/timeouts.h"
#include "mote/net/tcp.hpp"
#include "mote/static.hpp"
#include "mote/task.hpp"
#include "mote/time_driver.hpp"
#include "input_filter.hpp"
#include "lwip_conv.hpp"
#include "netif/ethernet.h"

namespace mote::net {

static_assert(sizeof(Stack) <= sizeof(StackResources<1>), "mote: StackResources' storage is too small for a Stack");
static_assert(alignof(Stack) <= 8);

namespace {

struct netif g_netif;  // lwIP's state is global: one stack per program
Stack* g_stack = nullptr;
Driver* g_driver = nullptr;

// A frame lwIP hands over in several pieces is put together here first (the NIC takes one
// contiguous frame); a single-piece frame goes straight from its pbuf.
alignas(4) std::byte g_tx_frame[Driver::kMaxFrame];

err_t link_output(struct netif*, struct pbuf* p) {
  if (p->tot_len > Driver::kMaxFrame) return ERR_BUF;
  std::span<const std::byte> frame;
  if (p->next == nullptr) {
    frame = {static_cast<const std::byte*>(p->payload), p->len};
  } else {
    pbuf_copy_partial(p, g_tx_frame, p->tot_len, 0);
    frame = {g_tx_frame, p->tot_len};
  }
  return g_driver->transmit(frame) ? ERR_OK : ERR_IF;
}

err_t netif_init_fn(struct netif* n) {
  n->name[0] = 'e';
  n->name[1] = 'n';
  n->output = etharp_output;
  n->linkoutput = link_output;
  n->mtu = 1500;
  n->hwaddr_len = ETH_HWADDR_LEN;
  const MacAddress mac = g_driver->mac_address();
  std::memcpy(n->hwaddr, mac.data(), ETH_HWADDR_LEN);
  n->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
  return ERR_OK;
}

}  // namespace

namespace {
// The address, netmask, gateway and DNS servers of a static configuration (or DHCP's fallback).
void apply_static(const StaticConfigV4& c) noexcept {
  const ip4_addr_t ip = detail::to_lwip4(c.address.address);
  const ip4_addr_t gw = detail::to_lwip4(c.gateway);
  const std::uint32_t m = c.address.prefix_len == 0 ? 0 : ~std::uint32_t{0} << (32 - c.address.prefix_len);
  ip4_addr_t mask;
  ip4_addr_set_u32(&mask, lwip_htonl(m));
  netif_set_addr(&g_netif, &ip, &mask, &gw);
  for (std::size_t i = 0; i < c.dns_servers.size(); ++i) {
    if (c.dns_servers[i].is_unspecified()) continue;
    const ip_addr_t a = detail::to_lwip(c.dns_servers[i]);
    dns_setserver(static_cast<u8_t>(i), &a);
  }
}
}  // namespace

/// The runner's sleep: until a frame waits, a socket kicks, or lwIP's next timeout is due.
struct StackRunner {
  class Sleep {
   public:
    explicit Sleep(Stack& s) noexcept : s_(&s) {}
    bool poll(Waker w) noexcept {
      s_->runner_ = w;
      if (s_->kicked_) {
        s_->kicked_ = false;
        return true;
      }
      if (!s_->rx_blocked_ && s_->driver_->wait_receive(w)) return true;
      if (!armed_) {
        const u32_t ms = sys_timeouts_sleeptime();
        if (ms == 0) return true;
        deadline_ = ms == SYS_TIMEOUTS_SLEEPTIME_INFINITE ? Instant::max() : Instant::now() + Duration::from_millis(ms);
        if (s_->dhcp_fallback_at_ < deadline_) deadline_ = s_->dhcp_fallback_at_;
        armed_ = true;
      }
      if (deadline_ != Instant::max()) {
        if (Instant::now() >= deadline_) return true;
        schedule_wake(deadline_, w);
      }
      return false;
    }
    void take() const noexcept {}

   private:
    Stack* s_;
    Instant deadline_ = Instant::max();
    bool armed_ = false;
  };

  /// One pass: frames into lwIP, link state, timers, the configuration waiters.
  static void pass(Stack& s) noexcept {
    // Try the pool again on every pass: packets may have been freed by lwIP itself (reassembly
    // or ARP timing out), not only by a socket's read, which kicks.
    s.rx_blocked_ = false;
    while (!s.rx_blocked_) {
      struct pbuf* p = pbuf_alloc(PBUF_RAW, Driver::kMaxFrame, PBUF_POOL);
      if (p == nullptr) {
        s.rx_blocked_ = true;  // a socket's read frees packets and kicks the runner
        break;
      }
      const std::size_t n = s.driver_->receive({static_cast<std::byte*>(p->payload), p->len});
      if (n == 0) {
        pbuf_free(p);
        break;
      }
      pbuf_realloc(p, static_cast<u16_t>(n));
      if (detail::short_arp(static_cast<const std::uint8_t*>(p->payload), n)) {
        ETHARP_STATS_INC(etharp.lenerr);
        ETHARP_STATS_INC(etharp.drop);
        pbuf_free(p);
        continue;
      }
      if (g_netif.input(p, &g_netif) != ERR_OK) pbuf_free(p);
    }
    const bool link = s.driver_->link_up();
    if (link != s.link_up_) {
      s.link_up_ = link;
      if (link) {
        netif_set_link_up(&g_netif);
      } else {
        netif_set_link_down(&g_netif);
      }
      s.link_waiters_.wake_all();
    }
    sys_check_timeouts();
    if (s.dhcp_fallback_at_ != Instant::max()) {
      if (dhcp_supplied_address(&g_netif)) {
        s.dhcp_fallback_at_ = Instant::max();  // bound in time: no fallback
      } else if (Instant::now() >= s.dhcp_fallback_at_) {
        s.dhcp_fallback_at_ = Instant::max();
        s.dhcp_fell_back_ = true;
        dhcp_stop(&g_netif);
        apply_static(s.config_.static_v4());
      }
    }
    const bool up = s.is_config_up();
    if (up && !s.config_up_) s.config_waiters_.wake_all();
    s.config_up_ = up;
  }
};

MOTE_TASK(mote_net_runner, 1, Static<Stack&> stack) {
  Stack& s = *stack;
  for (;;) {
    StackRunner::pass(s);
    co_await StackRunner::Sleep(s);
  }
}

bool Stack::is_config_up() const noexcept {
  return netif_is_up(&g_netif) && netif_is_link_up(&g_netif) && !ip4_addr_isany_val(*netif_ip4_addr(&g_netif));
}

Ipv4Address Stack::ipv4_address() const noexcept {
  return detail::from_lwip(*netif_ip4_addr(&g_netif));
}

Stack::Counters Stack::counters() const noexcept {
  const auto& st = lwip_stats;
  Counters c{};
  c.nic_dropped = driver_->dropped();
  c.link_dropped = st.link.drop + st.etharp.drop;
  c.ip_dropped = st.ip.drop + st.ip_frag.drop;
  c.icmp_dropped = st.icmp.drop;
  c.udp_dropped = st.udp.drop;
  c.tcp_dropped = st.tcp.drop;
  c.checksum_errors = st.ip.chkerr + st.icmp.chkerr + st.udp.chkerr + st.tcp.chkerr;
  c.length_errors = st.link.lenerr + st.etharp.lenerr + st.ip.lenerr + st.icmp.lenerr + st.udp.lenerr + st.tcp.lenerr;
  return c;
}

bool Stack::take_socket() noexcept {
  if (sockets_used_ >= sockets_) return false;
  ++sockets_used_;
  return true;
}

bool Stack::ConfigUp::poll(Waker waker) noexcept {
  if (stack_->is_config_up()) {
    stack_->config_waiters_.done(node_);
    return true;
  }
  node_.kind = ::mote::detail::WaitNode::Kind::Retry;
  stack_->config_waiters_.wait(node_, waker);
  return false;
}

bool Stack::LinkState::poll(Waker waker) noexcept {
  if (stack_->link_up_ == want_up_) {
    stack_->link_waiters_.done(node_);
    return true;
  }
  node_.kind = ::mote::detail::WaitNode::Kind::Retry;
  stack_->link_waiters_.wait(node_, waker);
  return false;
}

Stack& detail::start(Spawner spawner, Driver& driver, const Config& config, void* storage,
                     std::size_t sockets) noexcept {
  if (g_stack != nullptr) MOTE_PANIC("mote::net::start: the program has a network stack already");
  g_driver = &driver;
  Stack* s = ::new (storage) Stack(driver, config, sockets);
  g_stack = s;

  driver.start();
  lwip_init();
  const ip4_addr_t any = {};
  netif_add(&g_netif, &any, &any, &any, nullptr, netif_init_fn, ethernet_input);
  if (!config.is_dhcp()) apply_static(config.static_v4());  // with DHCP, the lease has it all
  netif_set_default(&g_netif);
  netif_set_up(&g_netif);
  if (driver.link_up()) {
    s->link_up_ = true;
    netif_set_link_up(&g_netif);
  }
  if (config.is_dhcp()) {
    if (dhcp_start(&g_netif) != ERR_OK) MOTE_PANIC("mote::net: DHCP could not start");
    if (config.fallback_after() != Duration::max()) s->dhcp_fallback_at_ = Instant::now() + config.fallback_after();
  }
  spawner.must_spawn(mote_net_runner(Static<Stack&>(*s)));
  return *s;
}

}  // namespace mote::net
