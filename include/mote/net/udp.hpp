// mote/net/udp.hpp: an async UDP socket on the network stack (embassy-net's UdpSocket).
//
//   static std::byte rx[2048];                       // holds several datagrams
//   mote::net::UdpSocket socket(stack, rx);
//   socket.bind(7).unwrap();
//   std::byte buf[512];
//   auto r = co_await socket.recv_from(buf);          // Result<UdpSocket::Received, Error>
//   if (r) co_await socket.send_to(std::span(buf, r->size), r->from);
//
// Received datagrams wait in the caller's buffer, each with its sender and length (an 8-byte
// header, the payload padded to 4 bytes), in arrival order. A datagram that does not fit in
// the buffer's free space is dropped and counted (dropped()): UDP has no flow control, so the
// choice is which datagram to lose, and the ones already queued were first. recv_from with a
// span smaller than the next datagram fails with Error::Truncated and drops that datagram, so
// the next call returns the next one. send_to copies the datagram into one of lwIP's packets
// and sends it at once (nothing waits in the socket): a payload above kMaxPayload fails with
// Error::MessageTooLarge (no IP fragmentation).
//
// Every function is task context on the stack's executor (see mote/net/stack.hpp); none is
// ISR-safe. Cancelling a recv_from future loses nothing (the datagram stays queued); a send_to
// future does all its work in its first poll. A socket must outlive its futures.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "mote/net/stack.hpp"
#include "mote/net/types.hpp"
#include "mote/result.hpp"
#include "mote/time.hpp"
#include "mote/waker.hpp"

struct udp_pcb;  // lwIP's

namespace mote::net {

class UdpSocket {
 public:
  /// The largest payload send_to takes: a 1500-byte Ethernet MTU minus the IPv4 and UDP headers.
  static constexpr std::size_t kMaxPayload = 1472;
  /// Bytes each queued datagram takes in the receive buffer besides its payload (padded to 4).
  static constexpr std::size_t kEntryOverhead = 8;

  /// What recv_from returns: the datagram's length and its sender.
  struct Received {
    std::size_t size;
    Endpoint from;
  };

  /// A socket whose received datagrams queue in `rx_buffer` (at least 12 bytes; aligned to 4
  /// inside). Takes one socket of the stack's StackResources (panics if none is left). Task
  /// context.
  UdpSocket(Stack& stack, std::span<std::byte> rx_buffer) noexcept;
  ~UdpSocket();
  UdpSocket(const UdpSocket&) = delete;  // lwIP's callback holds its address
  UdpSocket& operator=(const UdpSocket&) = delete;

  /// Receives datagrams sent to `port` on any local address (0: a free port lwIP picks, see
  /// local_port()). Error::AddressInUse if another socket has the port, InvalidState if this
  /// one is bound already, NoMemory if lwIP's UDP PCB pool is empty. Task context.
  Result<void, Error> bind(std::uint16_t port) noexcept;
  /// Stops receiving and forgets queued datagrams; bind() may follow. Task context.
  void close() noexcept;
  /// A recv_from that waits longer than `t` fails with Error::Timeout (the socket stays
  /// usable). Duration::max() (the default): no limit. Task context.
  void set_timeout(Duration t) noexcept { timeout_ = t; }

  class [[nodiscard]] RecvFuture {
   public:
    using Output = Result<Received, Error>;
    bool poll(Waker w) noexcept { return s_->poll_recv(*this, w); }
    Output take() noexcept { return out_; }

   private:
    friend class UdpSocket;
    RecvFuture(UdpSocket* s, std::span<std::byte> b, Instant d) noexcept : s_(s), buf_(b), deadline_(d) {}
    UdpSocket* s_;
    std::span<std::byte> buf_;
    Instant deadline_;
    Output out_{Err{Error::InvalidState}};
  };
  class [[nodiscard]] SendFuture {
   public:
    using Output = Result<void, Error>;
    bool poll(Waker) noexcept {
      out_ = s_->send_now(data_, to_);
      return true;
    }
    Output take() noexcept { return out_; }

   private:
    friend class UdpSocket;
    SendFuture(UdpSocket* s, std::span<const std::byte> d, Endpoint to) noexcept : s_(s), data_(d), to_(to) {}
    UdpSocket* s_;
    std::span<const std::byte> data_;
    Endpoint to_;
    Output out_{Err{Error::InvalidState}};
  };

  /// The next datagram into `buf`: Result<Received, Error>. Error::Truncated if it is larger
  /// than `buf` (it is dropped), Timeout (see set_timeout), InvalidState if not bound.
  RecvFuture recv_from(std::span<std::byte> buf) noexcept {
    return RecvFuture(this, buf, timeout_ == Duration::max() ? Instant::max() : Instant::now() + timeout_);
  }
  RecvFuture recv_from(std::span<char> buf) noexcept { return recv_from(std::as_writable_bytes(buf)); }
  /// Sends `data` as one datagram to `to` from the bound port: Error::MessageTooLarge above
  /// kMaxPayload, InvalidState if not bound, NoMemory (lwIP's heap), NoRoute.
  SendFuture send_to(std::span<const std::byte> data, Endpoint to) noexcept { return SendFuture(this, data, to); }
  SendFuture send_to(std::string_view s, Endpoint to) noexcept {
    return send_to(std::as_bytes(std::span(s.data(), s.size())), to);
  }

  /// The bound port (0 if not bound). Task context.
  std::uint16_t local_port() const noexcept;
  /// Datagrams waiting in the receive buffer. Task context.
  std::size_t recv_queue() const noexcept { return queued_; }
  /// Datagrams dropped because the receive buffer had no room for them. Task context.
  std::uint32_t dropped() const noexcept { return dropped_; }

  struct Callbacks;  // lwIP's (src/net/udp.cpp); not for applications

 private:
  friend struct Callbacks;
  bool poll_recv(RecvFuture& f, Waker w) noexcept;
  Result<void, Error> send_now(std::span<const std::byte> data, Endpoint to) noexcept;
  /// Queues a received datagram (false: no room).
  bool push(const void* pbuf, Endpoint from) noexcept;
  /// Moves past the skip area at the end of the ring, if the next entry starts at 0.
  void skip_tail_gap() noexcept;

  Stack* stack_;
  std::span<std::byte> rx_;  // 4-aligned, a multiple of 4 long
  udp_pcb* pcb_ = nullptr;
  // Ring of entries: read at tail_, written at head_; used_ bytes in use (including a gap
  // skipped at the end when an entry did not fit there).
  std::uint32_t head_ = 0, tail_ = 0, used_ = 0;
  std::uint32_t queued_ = 0;
  std::uint32_t dropped_ = 0;
  Duration timeout_ = Duration::max();
  Waker rx_waker_;
};

}  // namespace mote::net
