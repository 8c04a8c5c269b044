// mote/net/stack.hpp: the network stack (lwIP, NO_SYS=1, raw API) and its runner task.
//
//   static mote::net::StackResources<4> resources;
//   mote::net::Stack& stack = mote::net::start(spawner, mote::board::network(),
//       mote::net::Config::ipv4_static({{{10, 0, 2, 15}, 24}, {10, 0, 2, 2}}), resources);
//   co_await stack.wait_config_up();
//
// start() spawns the runner task: it feeds received frames to lwIP, runs lwIP's timers
// (sleeping until the next one is due, tickless) and sleeps until the NIC's interrupt, a
// timer or a socket wakes it. lwIP is not thread-safe: the stack and every socket on it must
// be used from tasks of the runner's executor (thread mode), never from an interrupt or an
// InterruptExecutor's task, which could preempt lwIP half-way. One stack per program (lwIP's
// state is global).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <new>
#include <string_view>

#include "mote/executor.hpp"
#include "mote/future.hpp"
#include "mote/net/dns.hpp"
#include "mote/net/driver.hpp"
#include "mote/net/types.hpp"
#include "mote/sync/wait_queue.hpp"
#include "mote/waker.hpp"

#ifndef MOTE_NET_MAX_SOCKETS
#define MOTE_NET_MAX_SOCKETS 8  // lwIP's TCP PCB pool (lwipopts.h reads the same macro)
#endif

namespace mote::net {

/// How many TCP connections lwIP's static pools hold (MOTE_NET_MAX_SOCKETS).
inline constexpr std::size_t kMaxSockets = MOTE_NET_MAX_SOCKETS;

class Stack;

namespace detail {
Stack& start(Spawner spawner, Driver& driver, const Config& config, void* storage, std::size_t sockets) noexcept;
}

/// Memory for a stack with room for `Sockets` sockets (TCP and UDP together). Give it static storage duration.
/// lwIP's pools are static arrays sized at build time (lwipopts.h, MOTE_NET_MAX_SOCKETS), so
/// `Sockets` may not exceed kMaxSockets; a socket beyond `Sockets` fails with Error::NoMemory.
template <std::size_t Sockets>
class StackResources {
  static_assert(Sockets >= 1 && Sockets <= kMaxSockets,
                "mote: StackResources<N>: N must be 1..MOTE_NET_MAX_SOCKETS (lwIP's static TCP PCB pool); raise "
                "MOTE_NET_MAX_SOCKETS for more");

 public:
  static constexpr std::size_t kSockets = Sockets;
  void* storage() noexcept { return storage_; }

 private:
  // A Stack (checked in src/net/stack.cpp): 96 bytes on the 32-bit targets, twice on a 64-bit host.
  alignas(8) std::byte storage_[24 * sizeof(void*)];
};

class Stack {
 public:
  Stack(const Stack&) = delete;
  Stack& operator=(const Stack&) = delete;

  /// Future: completes once the interface is up with an address (at once for a static
  /// configuration with the link up; after the DHCP lease with Config::dhcp()). Task context.
  class [[nodiscard]] ConfigUp {
   public:
    explicit ConfigUp(Stack& s) noexcept : stack_(&s) {}
    ConfigUp(ConfigUp&&) noexcept = default;
    ~ConfigUp() { stack_->config_waiters_.done(node_); }
    bool poll(Waker waker) noexcept;
    void take() const noexcept {}

   private:
    Stack* stack_;
    ::mote::detail::WaitNode node_;
  };
  /// Task context (the runner's executor).
  ConfigUp wait_config_up() noexcept { return ConfigUp(*this); }

  /// Future: the NIC's link is up (want_up) or down, as the runner last read it. The runner
  /// reads the PHY on each pass, at least about once a second (lwIP's ARP timer), so a change
  /// is seen within that (no PHY interrupt is used).
  class [[nodiscard]] LinkState {
   public:
    LinkState(Stack& s, bool want_up) noexcept : stack_(&s), want_up_(want_up) {}
    LinkState(LinkState&&) noexcept = default;
    ~LinkState() { stack_->link_waiters_.done(node_); }
    bool poll(Waker waker) noexcept;
    void take() const noexcept {}

   private:
    Stack* stack_;
    bool want_up_;
    ::mote::detail::WaitNode node_;
  };
  /// Completes once the link is up (at once if it is). Task context.
  LinkState wait_link_up() noexcept { return LinkState(*this, true); }
  /// Completes once the link is down (at once if it is). Task context.
  LinkState wait_link_down() noexcept { return LinkState(*this, false); }

  /// Whether the interface is up with an address. Task context.
  bool is_config_up() const noexcept;
  /// Whether DHCP gave up and Config::with_static_fallback's configuration applies. Task
  /// context.
  bool is_dhcp_fallback() const noexcept { return dhcp_fell_back_; }
  /// Whether the NIC reports a link (as of the runner's last pass). Task context.
  bool is_link_up() const noexcept { return link_up_; }
  /// The interface's IPv4 address (unspecified until configured). Task context.
  Ipv4Address ipv4_address() const noexcept;
  /// The NIC's Ethernet address. Task context.
  MacAddress mac_address() const noexcept { return driver_->mac_address(); }

  /// What the stack dropped since it started: the NIC driver's count and lwIP's per-layer
  /// drop counters, plus checksum and length errors summed over the layers (a packet may count
  /// in both its layer's drops and an error sum). Bad input never stops the stack; these say
  /// how much there was.
  struct Counters {
    std::uint32_t nic_dropped;      // Driver::dropped(): malformed, too long, overrun
    std::uint32_t link_dropped;     // Ethernet and ARP: too short, unknown type, bad ARP
    std::uint32_t ip_dropped;       // IPv4: version, lengths, checksum, protocol, bad fragments
    std::uint32_t icmp_dropped;     // ICMP (a bad checksum counts in checksum_errors only)
    std::uint32_t udp_dropped;      // UDP: too short, checksum, no socket on the port
    std::uint32_t tcp_dropped;      // TCP: too short, checksum, header length, no connection
    std::uint32_t checksum_errors;  // IP, ICMP, UDP and TCP checksums
    std::uint32_t length_errors;    // lengths that do not fit the frame, at any layer
  };
  /// Task context.
  Counters counters() const noexcept;

  /// Future: the IPv4 address of `name` (Result<Ipv4Address, Error>) from the DNS servers of
  /// the configuration or of DHCP; see mote/net/dns.hpp for errors and cancellation. `name`
  /// must stay valid until the future is first polled. Task context.
  DnsQuery dns_query(std::string_view name) noexcept;
  /// The DNS servers' UDP port (53 by default), for all servers: a test's server on the host
  /// cannot bind 53 without privileges. Task context.
  void set_dns_port(std::uint16_t port) noexcept;
  /// The DNS servers in use (from the configuration or the DHCP lease; unspecified entries are
  /// unused). Task context.
  std::array<Ipv4Address, kMaxDnsServers> dns_servers() const noexcept;

  // ---- for the runner and the sockets (src/net) ----
  /// Wakes the runner so that it looks at lwIP's timers again (a socket started one). Task
  /// context.
  void kick() noexcept {
    kicked_ = true;
    runner_.wake();
  }
  /// Frames are waiting but lwIP's packet pool was empty: the runner stops taking them until
  /// its next pass (a socket's read kicks it; lwIP's timers free packets too).
  bool rx_blocked_ = false;
  bool take_socket() noexcept;
  void give_socket() noexcept { --sockets_used_; }

 private:
  friend Stack& detail::start(Spawner, Driver&, const Config&, void*, std::size_t) noexcept;
  friend struct StackRunner;
  Stack(Driver& driver, const Config& config, std::size_t sockets) noexcept
      : driver_(&driver), config_(config), sockets_(sockets) {}

  Driver* driver_;
  Config config_;
  std::size_t sockets_;
  std::size_t sockets_used_ = 0;
  Waker runner_;
  Instant dhcp_fallback_at_ = Instant::max();  // Config::with_static_fallback's deadline, while pending
  bool dhcp_fell_back_ = false;
  bool kicked_ = false;
  bool link_up_ = false;
  bool config_up_ = false;
  ::mote::detail::WaitQueue config_waiters_;  // thread mode only: no lock needed
  ::mote::detail::WaitQueue link_waiters_;
};

/// Starts the network stack on `driver` (normally mote::board::network()) with `config`,
/// in `resources`, and spawns its runner task on `spawner`'s executor (panics if the runner
/// cannot be spawned or a stack exists already). Task context, once per program.
template <std::size_t N>
Stack& start(Spawner spawner, Driver& driver, const Config& config, StackResources<N>& resources) noexcept {
  return detail::start(spawner, driver, config, resources.storage(), N);
}

}  // namespace mote::net

namespace mote::board {
/// The board's Ethernet NIC, its interrupt bound (boards with a NIC only; link mote::net).
/// Task context; the first call claims the NIC.
net::Driver& network() noexcept;
}  // namespace mote::board
