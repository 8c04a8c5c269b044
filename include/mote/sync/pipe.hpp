// mote/sync/pipe.hpp: a bounded byte stream with async reads and writes.
//
//   static mote::Pipe<64> rx_bytes;
//   rx_bytes.try_write(std::span(&byte, 1));            // in the UART interrupt: 0 if full
//   std::uint8_t buf[16];
//   std::size_t n = co_await rx_bytes.read(buf);        // in a task: at least one byte
//   co_await tx_bytes.write_all(std::span(msg));        // waits until every byte is in
//
// `write` completes once at least one byte went in, `read` once at least one came out (both
// complete at once, with 0, for an empty span). Bytes stay in the pipe until read, so a
// cancelled read loses nothing; a cancelled write_all leaves the bytes it wrote so far in the
// pipe. Waiting writers and waiting readers are each served in FIFO order. Bytes of writers
// running at the same time may interleave (each write's bytes stay in order).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

#include "mote/critical_section.hpp"
#include "mote/sync/wait_queue.hpp"

namespace mote {

template <std::size_t N, class RawMutex = CriticalSectionRawMutex>
class Pipe {
  static_assert(N > 0, "mote::Pipe needs a capacity of at least 1 byte");

 public:
  constexpr Pipe() noexcept = default;
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;

  /// Future of writing some of `data`: completes with the count written (at least 1, or 0
  /// for an empty span) once there is room.
  class [[nodiscard]] WriteFuture {
   public:
    bool poll(Waker waker) noexcept {
      return p_->mutex_.lock([&] {
        p_->writer_turn_used(node_);
        if (data_.empty()) {
          p_->writers_.done(node_);
          return true;
        }
        written_ = p_->copy_in(data_);
        if (written_ == 0) {
          p_->writers_.wait(node_, waker);
          return false;
        }
        p_->writers_.done(node_);
        p_->wrote();
        return true;
      });
    }
    std::size_t take() const noexcept { return written_; }
    WriteFuture(WriteFuture&&) noexcept = default;
    ~WriteFuture() { p_->cancel_writer(node_); }

   private:
    friend class Pipe;
    WriteFuture(Pipe* p, std::span<const std::uint8_t> d) noexcept : p_(p), data_(d) {}
    Pipe* p_;
    std::span<const std::uint8_t> data_;
    std::size_t written_ = 0;
    detail::WaitNode node_;
  };

  /// Future of writing all of `data`, waiting for room as often as needed.
  class [[nodiscard]] WriteAllFuture {
   public:
    bool poll(Waker waker) noexcept {
      return p_->mutex_.lock([&] {
        p_->writer_turn_used(node_);
        const std::size_t n = p_->copy_in(rest_);
        rest_ = rest_.subspan(n);
        if (n > 0) p_->wake_reader();
        if (rest_.empty()) {
          p_->writers_.done(node_);
          if (p_->len_ < N) p_->wake_writer();
          return true;
        }
        p_->writers_.wait(node_, waker);  // keeps its turn if it was woken
        return false;
      });
    }
    void take() const noexcept {}
    /// Bytes still to write (for a caller that cancels it part-way).
    std::size_t remaining() const noexcept { return rest_.size(); }
    WriteAllFuture(WriteAllFuture&&) noexcept = default;
    ~WriteAllFuture() { p_->cancel_writer(node_); }

   private:
    friend class Pipe;
    WriteAllFuture(Pipe* p, std::span<const std::uint8_t> d) noexcept : p_(p), rest_(d) {}
    Pipe* p_;
    std::span<const std::uint8_t> rest_;
    detail::WaitNode node_;
  };

  /// Future of reading into `buf`: completes with the count read (at least 1, or 0 for an
  /// empty span) once there are bytes.
  class [[nodiscard]] ReadFuture {
   public:
    bool poll(Waker waker) noexcept {
      return p_->mutex_.lock([&] {
        p_->reader_turn_used(node_);
        if (buf_.empty()) {
          p_->readers_.done(node_);
          return true;
        }
        read_ = p_->copy_out(buf_);
        if (read_ == 0) {
          p_->readers_.wait(node_, waker);
          return false;
        }
        p_->readers_.done(node_);
        p_->was_read();
        return true;
      });
    }
    std::size_t take() const noexcept { return read_; }
    ReadFuture(ReadFuture&&) noexcept = default;
    ~ReadFuture() { p_->cancel_reader(node_); }

   private:
    friend class Pipe;
    ReadFuture(Pipe* p, std::span<std::uint8_t> b) noexcept : p_(p), buf_(b) {}
    Pipe* p_;
    std::span<std::uint8_t> buf_;
    std::size_t read_ = 0;
    detail::WaitNode node_;
  };

  /// Writes as much of `data` as fits, waiting while the pipe is full; yields the count
  /// (at least 1 unless `data` is empty). Task context only.
  WriteFuture write(std::span<const std::uint8_t> data) noexcept { return WriteFuture(this, data); }
  /// Writes all of `data`, waiting for room as often as needed. Task context only.
  WriteAllFuture write_all(std::span<const std::uint8_t> data) noexcept { return WriteAllFuture(this, data); }
  /// Reads up to `buf.size()` bytes, waiting while the pipe is empty; yields the count
  /// (at least 1 unless `buf` is empty). Task context only.
  ReadFuture read(std::span<std::uint8_t> buf) noexcept { return ReadFuture(this, buf); }

  /// Writes as much of `data` as fits without waiting; returns the count (0 if full). ISR-safe.
  std::size_t try_write(std::span<const std::uint8_t> data) noexcept {
    return mutex_.lock([&] {
      const std::size_t n = copy_in(data);
      if (n > 0) wake_reader();
      return n;
    });
  }
  /// Reads up to `buf.size()` bytes without waiting; returns the count (0 if empty). ISR-safe.
  std::size_t try_read(std::span<std::uint8_t> buf) noexcept {
    return mutex_.lock([&] {
      const std::size_t n = copy_out(buf);
      if (n > 0) wake_writer();
      return n;
    });
  }

  /// Bytes in the pipe. ISR-safe (a snapshot).
  std::size_t len() const noexcept {
    return mutex_.lock([&] { return len_; });
  }
  /// Room left, in bytes. ISR-safe (a snapshot).
  std::size_t free_capacity() const noexcept { return N - len(); }
  static constexpr std::size_t capacity() noexcept { return N; }
  bool is_empty() const noexcept { return len() == 0; }
  bool is_full() const noexcept { return len() == N; }

  /// Drops every byte in the pipe and wakes a waiting writer. ISR-safe.
  void clear() noexcept {
    mutex_.lock([&] {
      head_ = 0;
      len_ = 0;
      wake_writer();
    });
  }

 private:
  // All of these run with the mutex held.
  std::size_t copy_in(std::span<const std::uint8_t> d) noexcept {
    const std::size_t n = std::min(d.size(), N - len_);
    const std::size_t tail = (head_ + len_) % N;
    const std::size_t first = std::min(n, N - tail);
    if (first > 0) std::memcpy(buf_ + tail, d.data(), first);
    if (n > first) std::memcpy(buf_, d.data() + first, n - first);
    len_ += n;
    return n;
  }
  std::size_t copy_out(std::span<std::uint8_t> b) noexcept {
    const std::size_t n = std::min(b.size(), len_);
    const std::size_t first = std::min(n, N - head_);
    if (first > 0) std::memcpy(b.data(), buf_ + head_, first);
    if (n > first) std::memcpy(b.data() + first, buf_, n - first);
    head_ = (head_ + n) % N;
    len_ -= n;
    if (len_ == 0) head_ = 0;
    return n;
  }
  // Wake-ups are handed out one at a time per side, like a baton: at most one woken waiter
  // per side has not polled yet. Waking several at once would let a later waiter run before
  // an earlier one that found the room (or the bytes) taken and went back to the front.
  // The waiter that got something passes the baton on if something is left for its side.
  void wake_writer() noexcept {
    if (writer_woken_ || writers_.empty()) return;
    writer_woken_ = true;
    writers_.wake_one();
  }
  void wake_reader() noexcept {
    if (reader_woken_ || readers_.empty()) return;
    reader_woken_ = true;
    readers_.wake_one();
  }
  void writer_turn_used(const detail::WaitNode& node) noexcept {
    if (node.state == detail::WaitNode::State::Woken) writer_woken_ = false;
  }
  void reader_turn_used(const detail::WaitNode& node) noexcept {
    if (node.state == detail::WaitNode::State::Woken) reader_woken_ = false;
  }
  void wrote() noexcept {
    wake_reader();
    if (len_ < N) wake_writer();
  }
  void was_read() noexcept {
    wake_writer();
    if (len_ > 0) wake_reader();
  }
  // A cancelled waiter that held the baton passes it on if there is something to take.
  void cancel_writer(detail::WaitNode& node) noexcept {
    if (node.state == detail::WaitNode::State::Idle) return;
    mutex_.lock([&] {
      writer_turn_used(node);
      writers_.done(node);
      if (len_ < N) wake_writer();
    });
  }
  void cancel_reader(detail::WaitNode& node) noexcept {
    if (node.state == detail::WaitNode::State::Idle) return;
    mutex_.lock([&] {
      reader_turn_used(node);
      readers_.done(node);
      if (len_ > 0) wake_reader();
    });
  }

  [[no_unique_address]] RawMutex mutex_;
  std::size_t head_ = 0;
  std::size_t len_ = 0;
  bool writer_woken_ = false;  // a woken writer has not polled yet
  bool reader_woken_ = false;
  detail::WaitQueue writers_;
  detail::WaitQueue readers_;
  std::uint8_t buf_[N];
};

}  // namespace mote
