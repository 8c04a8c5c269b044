// Stack::dns_query on lwIP's DNS client (dns_gethostbyname_addrtype, IPv4 only).
//
// lwIP keeps no way to cancel a query, and its callback may come long after the future that
// asked is gone. So the callback's argument is the index of a slot here, never the future: a
// cancelled future marks its slot abandoned, and the callback frees it. Everything runs in
// thread mode on the stack's executor (the callback from the runner's udp_input or dns_tmr, or
// from inside dns_gethostbyname itself when no server is configured).
#include <cstring>

#include "lwip/dns.h"
#include "lwip_conv.hpp"
#include "mote/net/dns.hpp"
#include "mote/net/stack.hpp"

namespace mote::net {

static_assert(kMaxDnsServers == DNS_MAX_SERVERS, "mote: kMaxDnsServers must match lwipopts.h's DNS_MAX_SERVERS");

namespace {
struct Slot {
  bool busy = false;
  bool done = false;
  bool abandoned = false;
  bool found = false;
  Ipv4Address address;
  Waker waker;
};
Slot g_slots[kMaxDnsQueries];
char g_name[DNS_MAX_NAME_LENGTH];  // the NUL-terminated copy lwIP reads (and copies) at once

void found(const char*, const ip_addr_t* address, void* arg) {
  Slot& s = g_slots[reinterpret_cast<std::uintptr_t>(arg)];
  s.done = true;
  s.found = address != nullptr;
  if (address != nullptr) s.address = detail::from_lwip(*address);
  if (s.abandoned) {
    s = Slot{};
  } else {
    s.waker.wake();
  }
}
}  // namespace

DnsQuery::~DnsQuery() {
  if (slot_ < 0) return;
  Slot& s = g_slots[slot_];
  if (s.done) {
    s = Slot{};
  } else {
    s.abandoned = true;
    s.waker = Waker{};
  }
}

bool DnsQuery::poll(Waker w) noexcept {
  if (!started_) {
    started_ = true;
    if (name_.empty() || name_.size() >= DNS_MAX_NAME_LENGTH || name_.find('\0') != std::string_view::npos) {
      out_ = Err{Error::InvalidName};
      return true;
    }
    std::int8_t free = -1;
    for (std::size_t i = 0; i < kMaxDnsQueries; ++i) {
      if (!g_slots[i].busy) {
        free = static_cast<std::int8_t>(i);
        break;
      }
    }
    if (free < 0) {
      out_ = Err{Error::NoMemory};
      return true;
    }
    std::memcpy(g_name, name_.data(), name_.size());
    g_name[name_.size()] = '\0';
    Slot& s = g_slots[free];
    s = Slot{};
    s.busy = true;
    s.waker = w;
    ip_addr_t address;
    const err_t e = dns_gethostbyname_addrtype(g_name, &address, &found, reinterpret_cast<void*>(std::uintptr_t(free)),
                                               LWIP_DNS_ADDRTYPE_IPV4);
    if (e == ERR_OK) {  // a dotted address, or cached
      s = Slot{};
      out_ = detail::from_lwip(address);
      return true;
    }
    if (e != ERR_INPROGRESS) {
      s = Slot{};
      out_ = Err{e == ERR_ARG ? Error::InvalidName : e == ERR_MEM ? Error::NoMemory : Error::DnsFailed};
      return true;
    }
    slot_ = free;
    stack_->kick();  // lwIP's DNS timer retries; the runner must look
  }
  if (slot_ < 0) return true;
  Slot& s = g_slots[slot_];
  if (s.done) {
    if (s.found) {
      out_ = s.address;
    } else {
      out_ = Err{Error::DnsFailed};
    }
    s = Slot{};
    slot_ = -1;
    return true;
  }
  s.waker = w;
  return false;
}

DnsQuery Stack::dns_query(std::string_view name) noexcept { return DnsQuery(*this, name); }

void Stack::set_dns_port(std::uint16_t port) noexcept { mote_lwip_dns_port = port; }

std::array<Ipv4Address, kMaxDnsServers> Stack::dns_servers() const noexcept {
  std::array<Ipv4Address, kMaxDnsServers> out{};
  for (std::size_t i = 0; i < kMaxDnsServers; ++i) out[i] = detail::from_lwip(*dns_getserver(static_cast<u8_t>(i)));
  return out;
}

}  // namespace mote::net
