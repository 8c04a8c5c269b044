// Conversions between mote::net's value types and lwIP's, shared by the stack and the sockets
// (private to src/net). Plain functions on values: callable anywhere.
#pragma once

#include "lwip/err.h"
#include "lwip/ip_addr.h"
#include "mote/net/types.hpp"

namespace mote::net::detail {

inline ip4_addr_t to_lwip4(Ipv4Address a) noexcept {
  ip4_addr_t r;
  IP4_ADDR(&r, a.octets[0], a.octets[1], a.octets[2], a.octets[3]);
  return r;
}

#if LWIP_IPV6  // ip_addr_t is a union of both families; with IPv4 only it is ip4_addr_t
inline ip_addr_t to_lwip(Ipv4Address a) noexcept {
  ip_addr_t r;
  IP_ADDR4(&r, a.octets[0], a.octets[1], a.octets[2], a.octets[3]);
  return r;
}
#else
inline ip_addr_t to_lwip(Ipv4Address a) noexcept { return to_lwip4(a); }
#endif

inline Ipv4Address from_lwip(const ip4_addr_t& a) noexcept {
  const u32_t v = lwip_ntohl(ip4_addr_get_u32(&a));
  return {static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16), static_cast<std::uint8_t>(v >> 8),
          static_cast<std::uint8_t>(v)};
}

#if LWIP_IPV6
inline Ipv4Address from_lwip(const ip_addr_t& a) noexcept { return from_lwip(*ip_2_ip4(&a)); }
#endif

inline Endpoint endpoint(const ip_addr_t& a, u16_t port) noexcept { return {from_lwip(a), port}; }

/// lwIP's error codes as mote::net errors (for calls that fail at once: bind, connect, send).
inline Error from_lwip_err(err_t e) noexcept {
  switch (e) {
    case ERR_MEM:
    case ERR_BUF: return Error::NoMemory;
    case ERR_RTE: return Error::NoRoute;
    case ERR_USE: return Error::AddressInUse;
    case ERR_ISCONN:
    case ERR_ALREADY:
    case ERR_CONN:
    case ERR_ARG:
    case ERR_VAL: return Error::InvalidState;
    default: return Error::ConnectionReset;  // ERR_RST, ERR_ABRT, ERR_CLSD
  }
}

}  // namespace mote::net::detail
