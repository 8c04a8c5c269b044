// mote/net/types.hpp: addresses, endpoints, the stack's configuration and its error type.
//
// Plain values: all of it may be built and copied anywhere, interrupts included.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "mote/io.hpp"
#include "mote/time.hpp"

namespace mote::net {

/// An IPv4 address, most significant octet first (10.0.2.15 is {10, 0, 2, 15}).
struct Ipv4Address {
  std::array<std::uint8_t, 4> octets{};

  constexpr Ipv4Address() noexcept = default;
  constexpr Ipv4Address(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) noexcept
      : octets{a, b, c, d} {}
  /// 0.0.0.0: "any" (bind) or "none".
  static constexpr Ipv4Address unspecified() noexcept { return {}; }
  constexpr bool is_unspecified() const noexcept { return octets == std::array<std::uint8_t, 4>{}; }
  friend constexpr bool operator==(const Ipv4Address&, const Ipv4Address&) noexcept = default;
};

/// An address with its prefix length (10.0.2.15/24).
struct Ipv4Cidr {
  Ipv4Address address;
  std::uint8_t prefix_len = 24;
};

/// Where a connection goes to or comes from.
struct Endpoint {
  Ipv4Address address;
  std::uint16_t port = 0;
  friend constexpr bool operator==(const Endpoint&, const Endpoint&) noexcept = default;
};

/// An Ethernet (MAC) address.
using MacAddress = std::array<std::uint8_t, 6>;

/// How many DNS servers the stack keeps (lwIP's DNS_MAX_SERVERS).
inline constexpr std::size_t kMaxDnsServers = 2;

/// A static IPv4 configuration (embassy-net's StaticConfigV4).
struct StaticConfigV4 {
  Ipv4Cidr address;
  Ipv4Address gateway;  // unspecified: no default route
  /// Tried in order by Stack::dns_query; unspecified entries are unused.
  std::array<Ipv4Address, kMaxDnsServers> dns_servers{};
};

/// How the stack gets its address: fixed, or from a DHCP server.
class Config {
 public:
  /// A fixed address, netmask and gateway.
  static constexpr Config ipv4_static(const StaticConfigV4& c) noexcept { return Config(false, c); }
  /// An address from DHCP (lwIP's client); wait_config_up() completes once one is bound. The
  /// DHCP server's DNS servers (option 6) become the stack's.
  static constexpr Config dhcp() noexcept { return Config(true, {}); }
  /// DHCP, but if no lease is bound within `after`, the stack stops asking and takes
  /// `fallback` for good (wait_config_up() then completes). Without a fallback, a DHCP server
  /// that never answers leaves the stack unconfigured (bound wait_config_up() with
  /// mote::with_timeout).
  constexpr Config with_static_fallback(const StaticConfigV4& fallback, Duration after) const noexcept {
    Config c(dhcp_, fallback);
    c.fallback_after_ = after;
    return c;
  }

  constexpr bool is_dhcp() const noexcept { return dhcp_; }
  /// The static configuration, or DHCP's fallback.
  constexpr const StaticConfigV4& static_v4() const noexcept { return static_; }
  /// How long DHCP may take before the fallback applies (Duration::max(): no fallback).
  constexpr Duration fallback_after() const noexcept { return fallback_after_; }

 private:
  constexpr Config(bool dhcp, const StaticConfigV4& c) noexcept : dhcp_(dhcp), static_(c) {}
  bool dhcp_;
  StaticConfigV4 static_;
  Duration fallback_after_ = Duration::max();
};

/// Why a socket operation failed.
enum class Error : std::uint8_t {
  ConnectionReset,    // the peer reset the connection (RST), or it was aborted
  ConnectionRefused,  // connect: the peer answered with RST
  Timeout,            // the socket's timeout passed; the connection has been aborted
  InvalidState,       // not connected (or already connecting/listening), or the write side is closed
  NoRoute,            // no interface or route reaches the address
  NoMemory,           // lwIP's pools are exhausted (see lwipopts.h)
  AddressInUse,       // accept or bind: the port is taken (by a socket lwIP will not share it with)
  Truncated,          // recv_from: the datagram was larger than the buffer (it has been dropped)
  MessageTooLarge,    // send_to: the datagram does not fit in one frame (UdpSocket::kMaxPayload)
  InvalidName,        // dns_query: the name is empty, too long (255 characters or more) or malformed
  DnsFailed,          // dns_query: no such name, no DNS server configured, or no server answered
};

constexpr const char* error_message(Error e) noexcept {
  switch (e) {
    case Error::ConnectionReset: return "connection reset";
    case Error::ConnectionRefused: return "connection refused";
    case Error::Timeout: return "timed out";
    case Error::InvalidState: return "invalid socket state";
    case Error::NoRoute: return "no route";
    case Error::NoMemory: return "out of network memory";
    case Error::AddressInUse: return "address in use";
    case Error::Truncated: return "datagram truncated";
    case Error::MessageTooLarge: return "message too large";
    case Error::InvalidName: return "invalid host name";
    case Error::DnsFailed: return "name not resolved";
  }
  return "network error";
}

/// The stream-level kind of an error (io::Error): generic code written against io::Read and
/// io::Write (a TcpSocket, a UART) reacts to a reset or a timeout without knowing the stream.
/// ISR-safe.
constexpr io::ErrorKind error_kind(Error e) noexcept {
  switch (e) {
    case Error::ConnectionReset: return io::ErrorKind::ConnectionReset;
    case Error::ConnectionRefused: return io::ErrorKind::ConnectionRefused;
    case Error::Timeout: return io::ErrorKind::TimedOut;
    case Error::InvalidState: return io::ErrorKind::NotConnected;
    case Error::NoRoute: return io::ErrorKind::AddrNotAvailable;
    case Error::NoMemory: return io::ErrorKind::OutOfMemory;
    case Error::AddressInUse: return io::ErrorKind::AddrInUse;
    case Error::Truncated: return io::ErrorKind::InvalidData;
    case Error::MessageTooLarge: return io::ErrorKind::InvalidInput;
    case Error::InvalidName: return io::ErrorKind::InvalidInput;
    case Error::DnsFailed: return io::ErrorKind::Other;
  }
  return io::ErrorKind::Other;
}

}  // namespace mote::net
