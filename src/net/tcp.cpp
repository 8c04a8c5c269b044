// TcpSocket on lwIP's raw TCP API.
//
// lwIP calls back (recv, sent, err, accept, connected, poll) from inside tcp_input, its timers
// or a socket call, always on the runner's executor in thread mode. The callbacks only move
// bytes and counters and wake the socket's futures; the futures make the lwIP calls. Each call
// that may start a TCP timer kicks the runner, so it recomputes how long it may sleep.
#include "mote/net/tcp.hpp"

#include <algorithm>
#include <cstring>

#include "lwip/ip_addr.h"
#include "lwip/pbuf.h"
#include "lwip/stats.h"
#include "lwip/tcp.h"
#include "mote/panic.hpp"
#include "mote/time_driver.hpp"
#include "lwip_conv.hpp"

namespace mote::net {

using detail::from_lwip_err;

// One lwIP listener per port, shared by the sockets accepting on it (lwIP refuses a second
// listener on a port, ERR_USE), with their queue in accept order. The listener stays open while
// a socket waits, so concurrent accepts on one port each get a connection.
struct TcpSocket::Listener {
  tcp_pcb* pcb = nullptr;
  std::uint16_t port = 0;
  TcpSocket* waiting = nullptr;  // singly linked through next_waiting_
  std::uint8_t members = 0;      // sockets joined (waiting, or accepted but not yet polled)
};


struct TcpSocket::Callbacks {
  static err_t recv(void* arg, struct tcp_pcb*, struct pbuf* p, err_t err) {
    auto* s = static_cast<TcpSocket*>(arg);
    if (s == nullptr) {
      if (p != nullptr) pbuf_free(p);
      return ERR_OK;
    }
    if (p == nullptr) {  // the peer's FIN
      s->rx_closed_ = true;
      s->rx_waker_.wake();
      s->maybe_finish();
      return ERR_OK;
    }
    if (err != ERR_OK) {
      pbuf_free(p);
      return ERR_OK;
    }
    if (s->rx_pending_ != nullptr) {
      pbuf_cat(s->rx_pending_, p);
    } else {
      s->rx_pending_ = p;
    }
    s->fill_rx();
    s->rx_waker_.wake();
    return ERR_OK;
  }

  static err_t sent(void* arg, struct tcp_pcb*, u16_t len) {
    auto* s = static_cast<TcpSocket*>(arg);
    if (s == nullptr) return ERR_OK;
    s->tx_acked_ += len;
    s->push_tx();
    s->tx_waker_.wake();
    s->maybe_finish();
    return ERR_OK;
  }

  // The pcb is gone (freed by lwIP) when this is called.
  static void error(void* arg, err_t err) {
    auto* s = static_cast<TcpSocket*>(arg);
    if (s == nullptr) return;
    const bool connecting = s->state_ == State::SynSent;
    s->pcb_ = nullptr;
    s->state_ = State::Closed;
    s->fail(connecting && err == ERR_RST ? Error::ConnectionRefused : from_lwip_err(err));
  }

  // The connection goes to the socket that has waited longest on the port; with none waiting
  // it is refused (ERR_VAL: lwIP aborts it, RST).
  static err_t accept(void* arg, struct tcp_pcb* pcb, err_t err) {
    auto* l = static_cast<Listener*>(arg);
    if (l == nullptr || pcb == nullptr || err != ERR_OK) return ERR_VAL;
    TcpSocket* s = l->waiting;
    if (s == nullptr) {
      TCP_STATS_INC(tcp.drop);  // refused: counted as lwIP counts a SYN to a closed port
      return ERR_VAL;
    }
    l->waiting = s->next_waiting_;  // out of the queue; it leaves the listener when polled
    s->next_waiting_ = nullptr;
    if (s->pcb_ != nullptr || s->state_ != State::Listen) return ERR_VAL;  // cannot happen: queued sockets listen
    s->attach(pcb);
    s->state_ = State::Established;
    s->rx_waker_.wake();
    return ERR_OK;
  }

  static err_t connected(void* arg, struct tcp_pcb*, err_t err) {
    auto* s = static_cast<TcpSocket*>(arg);
    if (s == nullptr) return ERR_OK;
    if (err == ERR_OK) s->state_ = State::Established;
    s->rx_waker_.wake();
    return ERR_OK;
  }

  // Every 500 ms while connected: retries sending what lwIP had no memory for.
  static err_t poll(void* arg, struct tcp_pcb*) {
    auto* s = static_cast<TcpSocket*>(arg);
    if (s != nullptr) s->push_tx();
    return ERR_OK;
  }
};

TcpSocket::TcpSocket(Stack& stack, std::span<std::byte> rx_buffer, std::span<std::byte> tx_buffer) noexcept
    : stack_(&stack), rx_(rx_buffer), tx_(tx_buffer) {
  if (rx_.empty() || tx_.empty()) MOTE_PANIC("mote::net::TcpSocket: empty buffer");
  if (!stack.take_socket()) MOTE_PANIC("mote::net::TcpSocket: StackResources has no socket left");
}

TcpSocket::~TcpSocket() {
  close_listener();
  if (pcb_ != nullptr) {
    if (tx_acked_ == tx_in_) {
      detach();  // graceful: lwIP no longer needs tx_
    } else {
      abort();
    }
  }
  if (rx_pending_ != nullptr) pbuf_free(rx_pending_);
  stack_->give_socket();
  stack_->kick();
}

void TcpSocket::attach(tcp_pcb* pcb) noexcept {
  pcb_ = pcb;
  tcp_arg(pcb, this);
  tcp_recv(pcb, &Callbacks::recv);
  tcp_sent(pcb, &Callbacks::sent);
  tcp_err(pcb, &Callbacks::error);
  tcp_poll(pcb, &Callbacks::poll, 1);
  tcp_nagle_disable(pcb);  // an echo's small replies go out at once
  remote_ = detail::endpoint(pcb->remote_ip, pcb->remote_port);
}

// Hands the pcb back to lwIP for a graceful close (it finishes the FIN exchange and TIME_WAIT
// alone). Only when nothing unacknowledged references tx_.
void TcpSocket::detach() noexcept {
  tcp_pcb* pcb = pcb_;
  pcb_ = nullptr;
  tcp_arg(pcb, nullptr);
  tcp_recv(pcb, nullptr);
  tcp_sent(pcb, nullptr);
  tcp_err(pcb, nullptr);
  tcp_poll(pcb, nullptr, 0);
  if (tcp_close(pcb) != ERR_OK) tcp_abort(pcb);
  stack_->kick();
}

Result<void, Error> TcpSocket::join_listener(std::uint16_t port) noexcept {
  static Listener listeners[MEMP_NUM_TCP_PCB_LISTEN];
  Listener* l = nullptr;
  Listener* free = nullptr;
  for (Listener& each : listeners) {
    if (each.pcb != nullptr && each.port == port) l = &each;
    if (each.pcb == nullptr && free == nullptr) free = &each;
  }
  if (l == nullptr) {
    if (free == nullptr) return Err{Error::NoMemory};
    tcp_pcb* pcb = tcp_new_ip_type(IPADDR_TYPE_V4);
    if (pcb == nullptr) return Err{Error::NoMemory};
    ip_set_option(pcb, SOF_REUSEADDR);  // the previous connection on the port may still be closing
    const err_t e = tcp_bind(pcb, IP4_ADDR_ANY, port);
    if (e != ERR_OK) {
      tcp_close(pcb);
      return Err{from_lwip_err(e)};
    }
    tcp_pcb* lp = tcp_listen(pcb);  // frees pcb, returns a smaller listening pcb
    if (lp == nullptr) {
      tcp_close(pcb);
      return Err{Error::NoMemory};
    }
    l = free;
    *l = Listener{lp, port, nullptr, 0};
    tcp_arg(lp, l);
    tcp_accept(lp, &Callbacks::accept);
  }
  TcpSocket** tail = &l->waiting;
  while (*tail != nullptr) tail = &(*tail)->next_waiting_;
  *tail = this;
  next_waiting_ = nullptr;
  ++l->members;
  listener_ = l;
  return {};
}

void TcpSocket::close_listener() noexcept {
  Listener* l = listener_;
  if (l == nullptr) return;
  listener_ = nullptr;
  for (TcpSocket** at = &l->waiting; *at != nullptr; at = &(*at)->next_waiting_) {
    if (*at == this) {
      *at = next_waiting_;
      break;
    }
  }
  next_waiting_ = nullptr;
  if (--l->members == 0) {
    tcp_arg(l->pcb, nullptr);
    tcp_accept(l->pcb, nullptr);
    tcp_close(l->pcb);  // a listener's close cannot fail
    *l = Listener{};
  }
}

void TcpSocket::fail(Error e) noexcept {
  if (!has_error_) {
    has_error_ = true;
    error_ = e;
  }
  rx_waker_.wake();
  tx_waker_.wake();
}

// Moves what fits from the pending packets into the receive ring.
void TcpSocket::fill_rx() noexcept {
  const std::uint32_t size = static_cast<std::uint32_t>(rx_.size());
  while (rx_pending_ != nullptr && rx_in_ - rx_out_ < size) {
    const std::uint32_t at = rx_in_ % size;
    const std::uint32_t room = std::min(size - (rx_in_ - rx_out_), size - at);
    const u16_t n = pbuf_copy_partial(rx_pending_, rx_.data() + at, static_cast<u16_t>(std::min<std::uint32_t>(room, 0xFFFF)), 0);
    rx_in_ += n;
    const bool all = n == rx_pending_->tot_len;
    rx_pending_ = pbuf_free_header(rx_pending_, n);  // frees the packets emptied
    if (all) rx_pending_ = nullptr;
    if (stack_->rx_blocked_) {  // packets freed: the runner may take frames again
      stack_->rx_blocked_ = false;
      stack_->kick();
    }
  }
}

// Queues the transmit ring's unsent bytes to lwIP (no copy: lwIP references tx_ until
// they are acknowledged), then the FIN if close() asked for one.
void TcpSocket::push_tx() noexcept {
  if (pcb_ == nullptr) return;
  const std::uint32_t size = static_cast<std::uint32_t>(tx_.size());
  bool queued = false;
  while (tx_queued_ != tx_in_) {
    const std::uint32_t at = tx_queued_ % size;
    std::uint32_t n = std::min(tx_in_ - tx_queued_, size - at);
    n = std::min<std::uint32_t>(n, tcp_sndbuf(pcb_));
    n = std::min<std::uint32_t>(n, 0xFFFF);
    if (n == 0) break;
    const u8_t more = tx_queued_ + n != tx_in_ ? TCP_WRITE_FLAG_MORE : 0;
    if (tcp_write(pcb_, tx_.data() + at, static_cast<u16_t>(n), more) != ERR_OK) break;  // retried by poll/sent
    tx_queued_ += n;
    queued = true;
  }
  if (close_requested_ && !fin_sent_ && tx_queued_ == tx_in_) {
    if (tcp_shutdown(pcb_, 0, 1) == ERR_OK) {
      fin_sent_ = true;
      queued = true;
    }
  }
  if (queued) {
    tcp_output(pcb_);
    stack_->kick();
  }
}

// Both sides closed and nothing of tx_ referenced: lwIP finishes alone.
void TcpSocket::maybe_finish() noexcept {
  if (pcb_ != nullptr && rx_closed_ && fin_sent_ && tx_acked_ == tx_in_) {
    state_ = State::Closed;
    detach();
  }
}

template <class T>
bool TcpSocket::wait_or_time_out(Result<T, Error>& out, Instant deadline, Waker w, Waker& waiter) noexcept {
  if (deadline != Instant::max()) {
    if (Instant::now() >= deadline) {
      abort();
      out = Err{Error::Timeout};
      return true;
    }
    schedule_wake(deadline, w);
  }
  waiter = w;
  return false;
}

void TcpSocket::reset_connection() noexcept {
  rx_in_ = rx_out_ = 0;
  tx_in_ = tx_queued_ = tx_acked_ = 0;
  has_error_ = rx_closed_ = close_requested_ = fin_sent_ = false;
}

void TcpSocket::close() noexcept {
  close_listener();
  if (state_ == State::Listen) state_ = State::Closed;
  if (pcb_ == nullptr) return;
  close_requested_ = true;
  if (state_ == State::Established) state_ = State::Closing;
  push_tx();
  maybe_finish();
}

void TcpSocket::abort() noexcept {
  close_listener();
  if (pcb_ != nullptr) {
    tcp_pcb* pcb = pcb_;
    pcb_ = nullptr;
    tcp_arg(pcb, nullptr);  // no error callback into this socket
    tcp_abort(pcb);
    stack_->kick();
  }
  state_ = State::Closed;
}

// ---- the futures ---------------------------------------------------------------------------

bool TcpSocket::poll_accept(AcceptFuture& f, Waker w) noexcept {
  if (!f.started_) {
    f.started_ = true;
    // A cancelled accept leaves the socket on its listener (and perhaps with the connection
    // that came meanwhile): this accept takes over from it.
    if (listener_ == nullptr) {
      if (pcb_ != nullptr || state_ != State::Closed) {
        f.out_ = Err{Error::InvalidState};
        return true;
      }
      if (auto joined = join_listener(f.port_); !joined) {
        f.out_ = Err{joined.error()};
        return true;
      }
      reset_connection();
      state_ = State::Listen;
    }
  }
  if (state_ == State::Established && pcb_ != nullptr) {
    close_listener();  // one connection per accept
    f.out_ = {};
    return true;
  }
  if (state_ != State::Listen) {  // close() or abort() stopped it
    f.out_ = Err{Error::InvalidState};
    return true;
  }
  rx_waker_ = w;
  return false;
}

bool TcpSocket::poll_connect(ConnectFuture& f, Waker w) noexcept {
  if (!f.started_) {
    f.started_ = true;
    if (pcb_ != nullptr || state_ != State::Closed) {
      f.out_ = Err{Error::InvalidState};
      return true;
    }
    tcp_pcb* pcb = tcp_new_ip_type(IPADDR_TYPE_V4);
    if (pcb == nullptr) {
      f.out_ = Err{Error::NoMemory};
      return true;
    }
    reset_connection();
    attach(pcb);
    const ip_addr_t to = detail::to_lwip(f.to_.address);
    state_ = State::SynSent;
    const err_t e = tcp_connect(pcb, &to, f.to_.port, &Callbacks::connected);
    if (e != ERR_OK) {
      abort();
      f.out_ = Err{from_lwip_err(e)};
      return true;
    }
    remote_ = f.to_;
    stack_->kick();
  }
  if (state_ == State::Established) {
    f.out_ = {};
    return true;
  }
  if (has_error_ || pcb_ == nullptr) {
    f.out_ = Err{has_error_ ? error_ : Error::InvalidState};
    return true;
  }
  return wait_or_time_out(f.out_, f.deadline_, w, rx_waker_);
}

bool TcpSocket::poll_read(ReadFuture& f, Waker w) noexcept {
  if (f.buf_.empty()) {
    f.out_ = std::size_t{0};
    return true;
  }
  const std::uint32_t size = static_cast<std::uint32_t>(rx_.size());
  if (rx_in_ != rx_out_) {
    std::size_t n = 0;
    while (n < f.buf_.size() && rx_in_ != rx_out_) {
      const std::uint32_t at = rx_out_ % size;
      const std::uint32_t chunk =
          std::min<std::uint32_t>({rx_in_ - rx_out_, size - at, static_cast<std::uint32_t>(f.buf_.size() - n)});
      std::memcpy(f.buf_.data() + n, rx_.data() + at, chunk);
      rx_out_ += chunk;
      n += chunk;
    }
    fill_rx();
    // The window opens by what the application took (lwIP counts in u16 steps).
    if (pcb_ != nullptr) {
      for (std::size_t left = n; left > 0;) {
        const u16_t step = static_cast<u16_t>(std::min<std::size_t>(left, 0xFFFF));
        tcp_recved(pcb_, step);
        left -= step;
      }
      stack_->kick();
    }
    f.out_ = n;
    return true;
  }
  if (has_error_) {
    f.out_ = Err{error_};
    return true;
  }
  if (rx_closed_) {
    f.out_ = std::size_t{0};
    return true;
  }
  if (pcb_ == nullptr) {
    f.out_ = Err{Error::InvalidState};
    return true;
  }
  return wait_or_time_out(f.out_, f.deadline_, w, rx_waker_);
}

bool TcpSocket::poll_write(std::span<const std::byte> data, std::size_t& done, bool all, Instant deadline,
                           Result<std::size_t, Error>& out, Waker w) noexcept {
  if (has_error_) {
    out = Err{error_};
    return true;
  }
  if (pcb_ == nullptr || close_requested_ || state_ != State::Established) {
    out = Err{Error::InvalidState};
    return true;
  }
  const std::uint32_t size = static_cast<std::uint32_t>(tx_.size());
  while (done < data.size() && tx_in_ - tx_acked_ < size) {
    const std::uint32_t at = tx_in_ % size;
    const std::uint32_t chunk = std::min<std::uint32_t>(
        {size - (tx_in_ - tx_acked_), size - at, static_cast<std::uint32_t>(data.size() - done)});
    std::memcpy(tx_.data() + at, data.data() + done, chunk);
    tx_in_ += chunk;
    done += chunk;
  }
  push_tx();
  if (done == data.size() || (!all && done > 0)) {
    out = done;
    return true;
  }
  return wait_or_time_out(out, deadline, w, tx_waker_);
}

bool TcpSocket::poll_flush(FlushFuture& f, Waker w) noexcept {
  push_tx();
  if (tx_acked_ == tx_in_) {
    f.out_ = {};
    return true;
  }
  if (has_error_ || pcb_ == nullptr) {
    f.out_ = Err{has_error_ ? error_ : Error::InvalidState};
    return true;
  }
  return wait_or_time_out(f.out_, f.deadline_, w, tx_waker_);
}

bool TcpSocket::AcceptFuture::poll(Waker w) noexcept { return s_->poll_accept(*this, w); }
bool TcpSocket::ConnectFuture::poll(Waker w) noexcept { return s_->poll_connect(*this, w); }
bool TcpSocket::ReadFuture::poll(Waker w) noexcept { return s_->poll_read(*this, w); }
bool TcpSocket::FlushFuture::poll(Waker w) noexcept { return s_->poll_flush(*this, w); }
bool TcpSocket::WriteFuture::poll(Waker w) noexcept {
  std::size_t done = 0;
  return s_->poll_write(data_, done, false, deadline_, out_, w);
}
bool TcpSocket::WriteAllFuture::poll(Waker w) noexcept {
  Result<std::size_t, Error> r{Err{Error::InvalidState}};
  if (!s_->poll_write(data_, done_, true, deadline_, r, w)) return false;
  if (r) {
    out_ = {};
  } else {
    out_ = Err{r.error()};
  }
  return true;
}

}  // namespace mote::net
