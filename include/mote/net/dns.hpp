// mote/net/dns.hpp: the future of Stack::dns_query (lwIP's DNS client, IPv4 A records).
//
//   auto a = co_await stack.dns_query("broker.local");   // Result<Ipv4Address, Error>
//
// The servers come from DHCP (option 6) or StaticConfigV4::dns_servers, on UDP port 53 unless
// Stack::set_dns_port says otherwise. A dotted address ("10.0.2.2") resolves at once without a
// server; answers are cached for their TTL (lwIP's table of DNS_TABLE_SIZE names). Errors:
// InvalidName (empty, 255 characters or more, or refused by lwIP's name check), DnsFailed (no
// such name, no server configured, or no answer after lwIP's 4 attempts, about 7 s per
// server), NoMemory (more than kMaxDnsQueries queries at once).
//
// Task context on the stack's executor (lwIP is not thread-safe), never an interrupt.
// Cancelling (destroying) the future is safe at any time: the query's answer, when lwIP reports
// it, is dropped, and its slot is free again then.
#pragma once

#include <cstdint>
#include <string_view>

#include "mote/net/types.hpp"
#include "mote/result.hpp"
#include "mote/waker.hpp"

namespace mote::net {

/// Queries that may be in flight at once (cancelled ones count until lwIP gives up on them).
inline constexpr std::size_t kMaxDnsQueries = 4;

class Stack;

class [[nodiscard]] DnsQuery {
 public:
  using Output = Result<Ipv4Address, Error>;

  /// `name` must stay valid until the first poll (it is copied then).
  DnsQuery(Stack& stack, std::string_view name) noexcept : stack_(&stack), name_(name) {}
  DnsQuery(DnsQuery&& o) noexcept
      : stack_(o.stack_), name_(o.name_), out_(o.out_), slot_(o.slot_), started_(o.started_) {
    o.slot_ = -1;
  }
  DnsQuery& operator=(DnsQuery&&) = delete;
  ~DnsQuery();

  bool poll(Waker w) noexcept;
  Output take() noexcept { return out_; }

 private:
  Stack* stack_;
  std::string_view name_;
  Output out_{Err{Error::DnsFailed}};
  std::int8_t slot_ = -1;
  bool started_ = false;
};

}  // namespace mote::net
