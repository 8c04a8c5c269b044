// mote/net/tcp.hpp: an async TCP socket on the network stack (embassy-net's TcpSocket).
//
//   std::byte rx[1024], tx[1024];
//   mote::net::TcpSocket socket(stack, rx, tx);
//   socket.set_timeout(10_s);
//   if (auto a = co_await socket.accept(7); !a) { ... }
//   char buf[256];
//   auto n = co_await socket.read(std::as_writable_bytes(std::span(buf)));  // 0: peer closed
//   co_await socket.write_all(std::as_bytes(std::span(buf, *n)));
//   socket.close();            // FIN after what is buffered
//   co_await socket.flush();   // everything written has been acknowledged
//
// The buffers are the caller's. Received bytes wait in `rx` (and, when it is full, in lwIP's
// packets) until read; the window the peer sees shrinks with them, so a slow reader stalls
// the sender instead of losing data. Written bytes are copied into `tx` and sent from there
// without another copy (lwIP references them until the peer acknowledges them).
//
// Every function is task context on the stack's executor (see mote/net/stack.hpp); none is
// ISR-safe. Futures borrow the socket and their buffer. Cancelling (destroying) a future:
// read loses nothing (the bytes stay in the socket); write has sent, or will send, exactly the
// bytes it had copied into `tx`; flush, accept and connect leave the socket as it was (an
// accept keeps listening until the next accept, which gets a connection that arrived meanwhile,
// or close or abort; a connect in progress goes on).
// A socket must outlive its futures. Destroying a socket closes its connection gracefully if
// all it wrote has been acknowledged, and aborts it (RST) otherwise (lwIP would still read
// `tx`): flush() first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "mote/io.hpp"
#include "mote/net/stack.hpp"
#include "mote/net/types.hpp"
#include "mote/result.hpp"
#include "mote/time.hpp"
#include "mote/waker.hpp"

struct tcp_pcb;  // lwIP's
struct pbuf;

namespace mote::net {

class TcpSocket;

namespace detail {
/// Common part of the socket futures: the socket, the deadline, the result.
template <class T>
class SocketOp {
 public:
  using Output = Result<T, Error>;
  Output take() noexcept { return out_; }

 protected:
  SocketOp(TcpSocket* s, Instant deadline) noexcept : s_(s), deadline_(deadline) {}
  TcpSocket* s_;
  Instant deadline_;
  Output out_{Err{Error::InvalidState}};
};
}  // namespace detail

class TcpSocket {
 public:
  enum class State : std::uint8_t { Closed, Listen, SynSent, Established, Closing };

  /// A socket with caller-provided receive and transmit buffers (each 1 byte to 2 GiB).
  /// Panics if the stack's StackResources has no socket left. Task context.
  TcpSocket(Stack& stack, std::span<std::byte> rx_buffer, std::span<std::byte> tx_buffer) noexcept;
  ~TcpSocket();
  TcpSocket(const TcpSocket&) = delete;  // lwIP's callbacks hold its address
  TcpSocket& operator=(const TcpSocket&) = delete;

  /// Every later read, write, flush or connect that makes no progress for `t` fails with
  /// Error::Timeout and aborts the connection (RST). Duration::max() (the default): none.
  /// accept never times out (wrap it in mote::with_timeout). Task context.
  void set_timeout(Duration t) noexcept { timeout_ = t; }

  class [[nodiscard]] AcceptFuture : public detail::SocketOp<void> {
   public:
    bool poll(Waker w) noexcept;

   private:
    friend class TcpSocket;
    AcceptFuture(TcpSocket* s, std::uint16_t port) noexcept : SocketOp(s, Instant::max()), port_(port) {}
    std::uint16_t port_;
    bool started_ = false;
  };
  class [[nodiscard]] ConnectFuture : public detail::SocketOp<void> {
   public:
    bool poll(Waker w) noexcept;

   private:
    friend class TcpSocket;
    ConnectFuture(TcpSocket* s, Endpoint to, Instant d) noexcept : SocketOp(s, d), to_(to) {}
    Endpoint to_;
    bool started_ = false;
  };
  class [[nodiscard]] ReadFuture : public detail::SocketOp<std::size_t> {
   public:
    bool poll(Waker w) noexcept;

   private:
    friend class TcpSocket;
    ReadFuture(TcpSocket* s, std::span<std::byte> b, Instant d) noexcept : SocketOp(s, d), buf_(b) {}
    std::span<std::byte> buf_;
  };
  class [[nodiscard]] WriteFuture : public detail::SocketOp<std::size_t> {
   public:
    bool poll(Waker w) noexcept;

   private:
    friend class TcpSocket;
    WriteFuture(TcpSocket* s, std::span<const std::byte> b, Instant d) noexcept : SocketOp(s, d), data_(b) {}
    std::span<const std::byte> data_;
  };
  class [[nodiscard]] WriteAllFuture : public detail::SocketOp<void> {
   public:
    bool poll(Waker w) noexcept;

   private:
    friend class TcpSocket;
    WriteAllFuture(TcpSocket* s, std::span<const std::byte> b, Instant d) noexcept : SocketOp(s, d), data_(b) {}
    std::span<const std::byte> data_;
    std::size_t done_ = 0;
  };
  class [[nodiscard]] FlushFuture : public detail::SocketOp<void> {
   public:
    bool poll(Waker w) noexcept;

   private:
    friend class TcpSocket;
    FlushFuture(TcpSocket* s, Instant d) noexcept : SocketOp(s, d) {}
  };

  /// Listens on `port` and completes with a connection (Result<void, Error>). Sockets
  /// accepting on the same port at once share one lwIP listener and get connections in the
  /// order they started accepting; a connection arriving while no socket accepts on its port
  /// is refused (RST) and counted in Stack::counters().tcp_dropped. One connection per accept.
  AcceptFuture accept(std::uint16_t port) noexcept { return AcceptFuture(this, port); }
  /// Connects to `to` (Error::ConnectionRefused, Timeout, NoRoute...).
  ConnectFuture connect(Endpoint to) noexcept { return ConnectFuture(this, to, deadline()); }
  /// Reads at least one byte into `buf`: Result<count, Error>, 0 once the peer has closed its
  /// side and every byte has been read. Bytes buffered before a reset are still returned first.
  ReadFuture read(std::span<std::byte> buf) noexcept { return ReadFuture(this, buf, deadline()); }
  ReadFuture read(std::span<char> buf) noexcept { return read(std::as_writable_bytes(buf)); }
  /// Copies at least one byte of `data` into the transmit buffer (as many as fit) and sends:
  /// Result<count, Error>.
  WriteFuture write(std::span<const std::byte> data) noexcept { return WriteFuture(this, data, deadline()); }
  WriteFuture write(std::string_view s) noexcept { return write(std::as_bytes(std::span(s.data(), s.size()))); }
  /// Copies all of `data` into the transmit buffer, waiting for room as needed.
  WriteAllFuture write_all(std::span<const std::byte> data) noexcept { return WriteAllFuture(this, data, deadline()); }
  WriteAllFuture write_all(std::string_view s) noexcept { return write_all(std::as_bytes(std::span(s.data(), s.size()))); }
  /// Completes once everything written has been acknowledged by the peer.
  FlushFuture flush() noexcept { return FlushFuture(this, deadline()); }
  /// Closes the write side: a FIN follows the bytes already written. Reading goes on until the
  /// peer closes too. Also stops a listen.
  void close() noexcept;
  /// Drops the connection at once (RST), discarding buffered bytes.
  void abort() noexcept;

  State state() const noexcept { return state_; }
  /// The peer's address and port (valid once connected).
  Endpoint remote_endpoint() const noexcept { return remote_; }
  /// Bytes waiting to be read (in the receive buffer).
  std::size_t recv_queue() const noexcept { return rx_in_ - rx_out_; }
  /// Bytes written but not yet acknowledged.
  std::size_t send_queue() const noexcept { return tx_in_ - tx_acked_; }

  // lwIP's callbacks (src/net/tcp.cpp); not for applications.
  struct Callbacks;

 private:
  friend struct Callbacks;
  Instant deadline() const noexcept { return Instant::now() + timeout_; }
  bool poll_accept(AcceptFuture& f, Waker w) noexcept;
  bool poll_connect(ConnectFuture& f, Waker w) noexcept;
  bool poll_read(ReadFuture& f, Waker w) noexcept;
  bool poll_write(std::span<const std::byte> data, std::size_t& done, bool all, Instant deadline,
                  Result<std::size_t, Error>& out, Waker w) noexcept;
  bool poll_flush(FlushFuture& f, Waker w) noexcept;
  /// The end of every poll that must wait: if `deadline` has passed, aborts the connection,
  /// stores Error::Timeout in `out` and returns true (done); otherwise arranges a wake-up at the
  /// deadline, stores `w` in `waiter` (rx_waker_ or tx_waker_) and returns false.
  template <class T>
  bool wait_or_time_out(Result<T, Error>& out, Instant deadline, Waker w, Waker& waiter) noexcept;
  /// Forgets the previous connection's counters and flags (a new accept or connect).
  void reset_connection() noexcept;
  void attach(tcp_pcb* pcb) noexcept;
  void detach() noexcept;
  void fail(Error e) noexcept;
  void fill_rx() noexcept;
  void push_tx() noexcept;
  void maybe_finish() noexcept;
  /// Joins the listener shared by every socket accepting on `port` (creating it if needed).
  Result<void, Error> join_listener(std::uint16_t port) noexcept;
  /// Leaves it (closing it when no socket waits on it any more).
  void close_listener() noexcept;

  Stack* stack_;
  std::span<std::byte> rx_;
  std::span<std::byte> tx_;
  tcp_pcb* pcb_ = nullptr;
  struct Listener;                    // src/net/tcp.cpp: one lwIP listener per port, shared
  Listener* listener_ = nullptr;      // the port this socket accepts on
  TcpSocket* next_waiting_ = nullptr;  // the listener's queue of sockets waiting in accept
  pbuf* rx_pending_ = nullptr;  // received, not yet in rx_ (it was full)
  // Running byte counts (wrap harmlessly): ring positions are count % size.
  std::uint32_t rx_in_ = 0, rx_out_ = 0;
  std::uint32_t tx_in_ = 0, tx_queued_ = 0, tx_acked_ = 0;
  Duration timeout_ = Duration::max();
  Endpoint remote_{};
  Waker rx_waker_, tx_waker_;
  State state_ = State::Closed;
  Error error_ = Error::InvalidState;
  bool has_error_ = false;
  bool rx_closed_ = false;        // the peer's FIN has arrived
  bool close_requested_ = false;  // close(): FIN once tx_ is queued
  bool fin_sent_ = false;
};

// A connected socket is a byte stream: code written once against mote::io (an echo, a line
// reader, a protocol parser) serves a TCP client as it serves a UART.
static_assert(io::Read<TcpSocket> && io::Write<TcpSocket>);

}  // namespace mote::net
