// UdpSocket on lwIP's raw UDP API.
//
// lwIP calls the recv callback from udp_input, inside the runner (thread mode, the stack's
// executor); it copies the datagram into the socket's ring and wakes the reader. Sending
// copies into a PBUF_RAM packet from lwIP's heap and hands it to udp_sendto at once.
//
// Ring entry layout (4-aligned): u16 payload size, u16 sender port, 4 bytes sender address,
// then the payload padded to 4 bytes. An entry never wraps: when it does not fit before the end
// of the buffer, the end is skipped (marked with size kSkip if there is room for a header; a
// gap shorter than a header is skipped by the reader by its length alone).
#include "mote/net/udp.hpp"

#include <algorithm>
#include <cstring>

#include "lwip/pbuf.h"
#include "lwip/udp.h"
#include "lwip_conv.hpp"
#include "mote/panic.hpp"
#include "mote/time_driver.hpp"

namespace mote::net {

namespace {
constexpr std::uint16_t kSkip = 0xFFFF;  // no datagram is that long (pbuf lengths are u16, <= 65535 - headers)

struct EntryHeader {
  std::uint16_t size;
  std::uint16_t port;
  std::uint8_t address[4];
};
static_assert(sizeof(EntryHeader) == UdpSocket::kEntryOverhead);

constexpr std::uint32_t padded(std::uint32_t n) noexcept { return (n + 3u) & ~3u; }

std::span<std::byte> align_buffer(std::span<std::byte> b) noexcept {
  const auto addr = reinterpret_cast<std::uintptr_t>(b.data());
  const std::size_t skip = (4 - addr % 4) % 4;
  if (b.size() < skip + sizeof(EntryHeader) + 4) MOTE_PANIC("mote::net::UdpSocket: receive buffer under 12 bytes");
  const std::size_t len = std::min<std::size_t>((b.size() - skip) & ~std::size_t{3}, 0x7FFFFFFCu);
  return b.subspan(skip, len);
}
}  // namespace

struct UdpSocket::Callbacks {
  static void recv(void* arg, struct udp_pcb*, struct pbuf* p, const ip_addr_t* addr, u16_t port) {
    auto* s = static_cast<UdpSocket*>(arg);
    if (s != nullptr && p != nullptr) {
      if (s->push(p, detail::endpoint(*addr, port))) {
        s->rx_waker_.wake();
      } else {
        ++s->dropped_;
      }
    }
    if (p != nullptr) pbuf_free(p);
  }
};

UdpSocket::UdpSocket(Stack& stack, std::span<std::byte> rx_buffer) noexcept
    : stack_(&stack), rx_(align_buffer(rx_buffer)) {
  if (!stack.take_socket()) MOTE_PANIC("mote::net::UdpSocket: StackResources has no socket left");
}

UdpSocket::~UdpSocket() {
  close();
  stack_->give_socket();
}

Result<void, Error> UdpSocket::bind(std::uint16_t port) noexcept {
  if (pcb_ != nullptr) return Err{Error::InvalidState};
  udp_pcb* pcb = udp_new_ip_type(IPADDR_TYPE_V4);
  if (pcb == nullptr) return Err{Error::NoMemory};
  const err_t e = udp_bind(pcb, IP4_ADDR_ANY, port);
  if (e != ERR_OK) {
    udp_remove(pcb);
    return Err{detail::from_lwip_err(e)};
  }
  pcb_ = pcb;
  head_ = tail_ = used_ = queued_ = 0;
  udp_recv(pcb, &Callbacks::recv, this);
  return {};
}

void UdpSocket::close() noexcept {
  if (pcb_ != nullptr) {
    udp_remove(pcb_);
    pcb_ = nullptr;
  }
  head_ = tail_ = used_ = queued_ = 0;
  rx_waker_.wake();  // a waiting recv_from sees the socket closed
}

std::uint16_t UdpSocket::local_port() const noexcept { return pcb_ != nullptr ? pcb_->local_port : 0; }

bool UdpSocket::push(const void* packet, Endpoint from) noexcept {
  const auto* p = static_cast<const pbuf*>(packet);
  const std::uint32_t size = static_cast<std::uint32_t>(rx_.size());
  const std::uint32_t entry = sizeof(EntryHeader) + padded(p->tot_len);
  if (used_ == 0) head_ = tail_ = 0;  // empty: the whole buffer is contiguous again
  const std::uint32_t to_end = size - head_;
  const std::uint32_t gap = entry <= to_end ? 0 : to_end;
  if (p->tot_len >= kSkip || used_ + gap + entry > size) return false;
  if (gap != 0) {
    if (gap >= sizeof(EntryHeader)) {
      const EntryHeader skip{kSkip, 0, {}};
      std::memcpy(rx_.data() + head_, &skip, sizeof skip);
    }
    used_ += gap;
    head_ = 0;
  }
  EntryHeader h{static_cast<std::uint16_t>(p->tot_len), from.port, {}};
  std::memcpy(h.address, from.address.octets.data(), 4);
  std::memcpy(rx_.data() + head_, &h, sizeof h);
  pbuf_copy_partial(p, rx_.data() + head_ + sizeof h, p->tot_len, 0);
  head_ = (head_ + entry) % size;
  used_ += entry;
  ++queued_;
  return true;
}

void UdpSocket::skip_tail_gap() noexcept {
  const std::uint32_t size = static_cast<std::uint32_t>(rx_.size());
  const std::uint32_t to_end = size - tail_;
  bool skip = to_end < sizeof(EntryHeader);
  if (!skip) {
    EntryHeader h;
    std::memcpy(&h, rx_.data() + tail_, sizeof h);
    skip = h.size == kSkip;
  }
  if (skip) {
    used_ -= to_end;
    tail_ = 0;
  }
}

bool UdpSocket::poll_recv(RecvFuture& f, Waker w) noexcept {
  if (queued_ != 0) {
    skip_tail_gap();
    EntryHeader h;
    std::memcpy(&h, rx_.data() + tail_, sizeof h);
    const std::uint32_t entry = sizeof(EntryHeader) + padded(h.size);
    if (h.size > f.buf_.size()) {
      f.out_ = Err{Error::Truncated};
    } else {
      std::memcpy(f.buf_.data(), rx_.data() + tail_ + sizeof h, h.size);
      Endpoint from{{h.address[0], h.address[1], h.address[2], h.address[3]}, h.port};
      f.out_ = Received{h.size, from};
    }
    tail_ = (tail_ + entry) % static_cast<std::uint32_t>(rx_.size());
    used_ -= entry;
    --queued_;
    return true;
  }
  if (pcb_ == nullptr) {
    f.out_ = Err{Error::InvalidState};
    return true;
  }
  if (f.deadline_ != Instant::max()) {
    if (Instant::now() >= f.deadline_) {
      f.out_ = Err{Error::Timeout};
      return true;
    }
    schedule_wake(f.deadline_, w);
  }
  rx_waker_ = w;
  return false;
}

Result<void, Error> UdpSocket::send_now(std::span<const std::byte> data, Endpoint to) noexcept {
  if (data.size() > kMaxPayload) return Err{Error::MessageTooLarge};
  if (pcb_ == nullptr) return Err{Error::InvalidState};
  pbuf* p = pbuf_alloc(PBUF_TRANSPORT, static_cast<u16_t>(data.size()), PBUF_RAM);
  if (p == nullptr) return Err{Error::NoMemory};
  if (!data.empty()) std::memcpy(p->payload, data.data(), data.size());  // PBUF_RAM: one piece
  const ip_addr_t dst = detail::to_lwip(to.address);
  const err_t e = udp_sendto(pcb_, p, &dst, to.port);
  pbuf_free(p);
  stack_->kick();  // an ARP request may have started a timer
  if (e != ERR_OK) return Err{detail::from_lwip_err(e)};
  return {};
}

}  // namespace mote::net
