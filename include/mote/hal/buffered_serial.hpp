// mote/hal/buffered_serial.hpp: the chip-independent half of every interrupt-driven serial driver.
//
// Each chip's BufferedUart (chips/<chip>/include/mote/<chip>/uart.hpp) is a thin class over
// serial::Driver below, joined to its registers by a small port, uart::detail::Chip (state kind,
// Config, TxPort, binding check, start<P>, stop<P>; see Driver). The chip keeps only register
// access: set-up and release, its interrupt handler, and (for an interrupt-driven transmitter)
// TxPort's fill and arm.
//
//   receive   the chip's handler, inside its critical section, passes every received byte to
//             serial::rx_byte and every line error to serial::rx_error, then wakes one reader
//             (s.readers.wake_one()). The ring, the error latching and the read futures are here.
//   transmit  serial::WriteFuture<TxPort> fills the hardware with TxPort::fill, and when it is
//             full arms the chip's TX interrupt with TxPort::arm; the chip's handler masks that
//             interrupt and calls serial::tx_ready. (nrf51, whose transmit is polled, keeps its
//             own WriteFuture and leaves TxPort void.)
//
// Everything here compiles on the host too; src/buffered_serial.cpp holds the read future's poll
// and destructor (one copy in flash for all UARTs of all chips in a program).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>

#include "mote/critical_section.hpp"
#include "mote/hal/serial.hpp"
#include "mote/result.hpp"
#include "mote/sync/wait_queue.hpp"
#include "mote/waker.hpp"

namespace mote::serial {

/// The bit of SerialError `e` in RxState::errors. ISR-safe.
constexpr std::uint8_t error_bit(SerialError e) noexcept {
  return static_cast<std::uint8_t>(1u << static_cast<unsigned>(e));
}

/// What a UART's interrupt handler and its read futures share: one per UART, in static storage
/// (serial::instance). Every field is read and written inside a critical section (the handler's
/// included), so none needs to be atomic.
struct RxState {
  std::byte* ring = nullptr;    // RxBytes bytes of the driver's static storage
  std::uint32_t ring_mask = 0;  // RxBytes - 1 (a power of two)
  std::uint32_t head = 0;       // bytes stored by the handler (free-running; head - tail = buffered)
  std::uint32_t tail = 0;       // bytes taken by readers
  std::uint32_t lost = 0;       // bytes dropped because the ring was full, since start
  std::uint8_t errors = 0;      // pending errors: bit n is SerialError(n)
  bool claimed = false;         // a driver owns the UART
  ::mote::detail::WaitQueue readers;
};

/// RxState plus what an interrupt-driven transmitter needs: the UART's register base and the
/// writers waiting for room.
struct State : RxState {
  std::uintptr_t base = 0;
  ::mote::detail::WaitQueue writers;
};

/// The state of UART `P` (its token type), of kind `S` (RxState or State).
template <class P, class S>
inline constinit S instance{};

/// Claims the UART for a driver: false if one already has it (the caller panics with its chip's
/// message). Thread mode or ISR (takes the critical section).
inline bool try_claim(RxState& s) noexcept {
  return !critical_section([&] { return std::exchange(s.claimed, true); });
}

/// Points the state at an empty ring of `ring_bytes` (a power of two) and forgets counts and
/// errors. Critical section held, with the UART's receive interrupt off.
inline void reset(RxState& s, std::byte* ring, std::uint32_t ring_bytes) noexcept {
  s.ring = ring;
  s.ring_mask = ring_bytes - 1;
  s.head = s.tail = s.lost = 0;
  s.errors = 0;
}

/// Stores one received byte, or counts it lost (and latches Overrun) when the ring is full.
/// Interrupt context, critical section held; the caller then wakes one reader.
inline void rx_byte(RxState& s, std::byte b) noexcept {
  if (s.head - s.tail > s.ring_mask) {
    s.errors |= error_bit(SerialError::Overrun);
    ++s.lost;
  } else {
    s.ring[s.head & s.ring_mask] = b;
    ++s.head;
  }
}

/// Latches a line error for the next read. Interrupt context, critical section held; the
/// caller then wakes one reader.
inline void rx_error(RxState& s, SerialError e) noexcept { s.errors |= error_bit(e); }

/// The transmitter has room again (the chip's handler has masked its TX interrupt): wakes every
/// writer. Interrupt context, critical section held.
inline void tx_ready(State& s) noexcept { s.writers.wake_all(); }

template <class P, class Chip, std::size_t RxBytes>
class Driver;

/// An interrupt handler for MOTE_BIND_INTERRUPTS (or any binding that calls
/// `Handler::on_interrupt()` from interrupt `Irq`): runs the chip's `Work` on UART P's state.
/// Each chip names its own, e.g. `template <class P> using InterruptHandler =
/// serial::Handler<P, typename P::Interrupt, detail::State, detail::on_interrupt>;`.
template <class P, class Irq, class S, void (*Work)(S&) noexcept>
struct Handler {
  using interrupt = Irq;
  /// Called by the bound interrupt's handler. Interrupt context only.
  static void on_interrupt() noexcept { Work(instance<P, S>); }
};

/// The text of a chip's binding check for a driver on UART `token` of `chip` that needs its one
/// interrupt `irq` bound to `chip::uart::InterruptHandler<token>` (a string literal, for the
/// chip's static_assert).
#define MOTE_SERIAL_BINDING_MESSAGE(chip, token, irq)                                                   \
  "mote: " #chip "::BufferedUart<" #token "> needs interrupt " #irq " bound to its handler. Add, once, " \
  "at namespace scope: MOTE_BIND_INTERRUPTS(Irqs, (" #irq ", mote::" #chip "::uart::InterruptHandler<"   \
  "mote::" #chip "::" #token ">)); and pass Irqs{} to the constructor"

/// Future of a read: Result<count, SerialError>. Destroying it before it completes cancels the
/// read and loses no byte (bytes leave the ring only when a read completes). Poll from tasks.
class [[nodiscard]] ReadFuture {
 public:
  using Output = Result<std::size_t, SerialError>;

  ReadFuture(ReadFuture&&) noexcept = default;  // before the first poll only (WaitNode checks)
  ReadFuture& operator=(ReadFuture&&) = delete;
  /// Cancels a pending read, passing an unused wake-up on to the next reader. Task context.
  ~ReadFuture();

  /// Task context.
  bool poll(Waker waker) noexcept;
  /// Task context, once poll returned true.
  Output take() noexcept {
    if (error_ >= 0) return Err{static_cast<SerialError>(error_)};
    return Output(static_cast<std::size_t>(count_));
  }

 private:
  template <class, class, std::size_t>
  friend class Driver;
  static constexpr std::int16_t kAny = -1;  // a plain read: no delimiter
  ReadFuture(RxState* s, std::span<std::byte> buffer, std::int16_t delimiter) noexcept
      : s_(s), buffer_(buffer), delimiter_(delimiter) {}
  void finish() noexcept;

  RxState* s_;
  std::span<std::byte> buffer_;
  std::int16_t delimiter_;
  std::int8_t error_ = -1;  // SerialError, or -1
  std::uint32_t count_ = 0;
  ::mote::detail::WaitNode node_;
};

/// Future of a write on an interrupt-driven transmitter: completes (with the byte count) once
/// every byte has been handed to the hardware. Destroying it early stops after the bytes already
/// handed over. Poll from tasks. `TxPort` is the chip's, with two static functions:
///   std::size_t fill(State&, std::span<const std::byte> data, std::size_t sent)
///       hands data[sent..] to the hardware while it has room, returns the new `sent`; called
///       outside the critical section.
///   bool arm(State&)
///       enables the TX interrupt; true if it will come (the writer then waits for tx_ready),
///       false if room appeared meanwhile without one (fill is tried again). Critical section.
/// Its members are instantiated once, in the chip's uart.cpp (`template class
/// serial::WriteFuture<TxPort>;`, with `extern template` in the chip's header), where fill and
/// arm are defined and inline into poll.
template <class TxPort>
class [[nodiscard]] WriteFuture {
 public:
  WriteFuture(WriteFuture&&) noexcept = default;  // before the first poll only (WaitNode checks)
  WriteFuture& operator=(WriteFuture&&) = delete;
  /// Task context.
  ~WriteFuture();

  /// Task context.
  bool poll(Waker waker) noexcept;
  /// Task context, once poll returned true.
  std::size_t take() const noexcept { return data_.size(); }

 private:
  template <class, class, std::size_t>
  friend class Driver;
  WriteFuture(State* s, std::span<const std::byte> data) noexcept : s_(s), data_(data) {}

  State* s_;
  std::span<const std::byte> data_;
  std::size_t sent_ = 0;
  ::mote::detail::WaitNode node_;
};

// Out of the class and not inline: instantiated in the chip's uart.cpp only (see above).
template <class TxPort>
WriteFuture<TxPort>::~WriteFuture() {
  if (node_.state == ::mote::detail::WaitNode::State::Idle) return;
  // Every writer is woken together (tx_ready), so there is no turn to pass on.
  critical_section([&] { s_->writers.cancel(node_, false); });
}

template <class TxPort>
bool WriteFuture<TxPort>::poll(Waker waker) noexcept {
  for (;;) {
    // Outside the critical section: interrupts stay open while the hardware is filled.
    sent_ = TxPort::fill(*s_, data_, sent_);
    CriticalSection cs;
    if (sent_ == data_.size()) {
      s_->writers.done(node_);
      return true;
    }
    if (TxPort::arm(*s_)) {
      s_->writers.wait(node_, waker);
      return false;
    }
  }
}

/// What every chip's BufferedUart<P, RxBytes> is: the receive ring (RxBytes, a power of two
/// from 2 to 32768, static storage per UART), set-up and release, the reads, the counters,
/// ownership, and, unless the chip's TxPort is void, the writes. The chip's BufferedUart derives
/// from it and inherits its constructors. Move-only. Futures borrow the buffers given to them and
/// must not outlive the driver. `Chip` is the chip's port:
///   using State, Config, TxPort      its state kind (RxState or State), line settings, TxPort
///   template <class P, class Irqs> using Binding
///       a class whose static_assert names the binding UART P needs, and with `ok` true
///   template <class P> static void start(State&, std::byte* ring, std::uint32_t bytes, const Config&)
///       claims the UART (panics if a driver has it; try_claim), reset()s the ring, sets the
///       line up, enables the interrupt(s)
///   template <class P> static void stop(State&)
///       masks the interrupt(s), releases the claim
/// Removes the oldest pending error from `s` and returns it, or -1 if none. Critical section
/// held. ISR-safe.
inline std::int8_t take_error(RxState& s) noexcept {
  if (s.errors == 0) return -1;
  // One error per read, oldest kind first (the order of SerialError), like ReadFuture.
  unsigned e = 0;
  while ((s.errors & (1u << e)) == 0) ++e;
  s.errors = static_cast<std::uint8_t>(s.errors & ~(1u << e));
  return static_cast<std::int8_t>(e);
}

/// Future of fill_buf(): Result<span of buffered bytes, SerialError>. The span points into the
/// receive ring: at least one byte, and as many as lie contiguously there (a ring that wraps
/// yields its two parts in two fill_buf/consume rounds). The bytes stay in the ring until
/// consume(): the handler never overwrites them, and a fill_buf() that is cancelled or whose
/// bytes are not consumed loses nothing. Poll from tasks.
class [[nodiscard]] FillBufFuture {
 public:
  using Output = Result<std::span<const std::byte>, SerialError>;

  FillBufFuture(FillBufFuture&&) noexcept = default;  // before the first poll only (WaitNode checks)
  FillBufFuture& operator=(FillBufFuture&&) = delete;
  /// Cancels a pending fill_buf, passing an unused wake-up on to the next reader. Task context.
  ~FillBufFuture() {
    if (node_.state == ::mote::detail::WaitNode::State::Idle) return;
    critical_section([&] { s_->readers.cancel(node_, s_->head != s_->tail || s_->errors != 0); });
  }

  /// Task context.
  bool poll(Waker waker) noexcept {
    CriticalSection cs;
    RxState& s = *s_;
    error_ = take_error(s);
    if (error_ < 0) {
      const std::uint32_t buffered = s.head - s.tail;
      if (buffered == 0) {
        s.readers.wait(node_, waker);
        return false;
      }
      const std::uint32_t start = s.tail & s.ring_mask;
      const std::uint32_t to_end = s.ring_mask + 1 - start;
      bytes_ = std::span<const std::byte>(s.ring + start, buffered < to_end ? buffered : to_end);
    }
    s.readers.done(node_);
    // An error was taken and bytes wait behind it: the next reader may have them. (Bytes shown
    // by fill_buf are passed on by consume().)
    if (error_ >= 0 && (s.head != s.tail || s.errors != 0)) s.readers.wake_one();
    return true;
  }
  /// Task context, once poll returned true.
  Output take() const noexcept {
    if (error_ >= 0) return Err{static_cast<SerialError>(error_)};
    return Output(bytes_);
  }

 private:
  template <class, class, std::size_t>
  friend class Driver;
  explicit FillBufFuture(RxState* s) noexcept : s_(s) {}

  RxState* s_;
  std::span<const std::byte> bytes_;
  std::int8_t error_ = -1;
  ::mote::detail::WaitNode node_;
};

/// Drops the first `n` buffered bytes (at most as many as are buffered) and, if more remain,
/// wakes the next reader. Any context (a critical section). ISR-safe.
inline void consume(RxState& s, std::size_t n) noexcept {
  critical_section([&] {
    const std::uint32_t buffered = s.head - s.tail;
    s.tail += n < buffered ? static_cast<std::uint32_t>(n) : buffered;
    if (s.head != s.tail || s.errors != 0) s.readers.wake_one();
  });
}

template <class P, class Chip, std::size_t RxBytes>
class Driver {
  static_assert(RxBytes >= 2 && RxBytes <= 32768 && (RxBytes & (RxBytes - 1)) == 0,
                "mote: BufferedUart's receive ring size must be a power of two from 2 to 32768");
  using S = typename Chip::State;
  using TxPort = typename Chip::TxPort;

 public:
  /// Takes the UART (its token), checks at compile time that `Irqs` binds its interrupt(s) to
  /// the chip's handler(s), applies `config` and starts receiving. Panics if another driver owns
  /// the UART or the config is out of range. Thread mode, not ISR-safe.
  template <class Irqs>
  Driver(P&& peripheral, const Irqs&, const typename Chip::Config& config = {}) noexcept {
    static_assert(Chip::template Binding<P, Irqs>::ok);
    static_cast<void>(peripheral);  // consumed: the driver stands for the UART from now on
    Chip::template start<P>(state(), ring_, RxBytes, config);
  }
  /// Moves the ownership; the moved-from driver releases nothing. Thread mode.
  Driver(Driver&& o) noexcept : owner_(std::exchange(o.owner_, false)) {}
  Driver(const Driver&) = delete;
  Driver& operator=(Driver&&) = delete;
  /// Masks the UART's interrupts and releases it (the console keeps working). Thread mode, not
  /// ISR-safe.
  ~Driver() {
    if (owner_) Chip::template stop<P>(state());
  }

  /// Reads at least one byte (up to buffer.size()) and yields the count; or yields a pending
  /// error first. An empty buffer yields 0 at once. Task context.
  ReadFuture read(std::span<std::byte> buffer) noexcept { return ReadFuture(&state(), buffer, ReadFuture::kAny); }
  ReadFuture read(std::span<char> buffer) noexcept { return read(std::as_writable_bytes(buffer)); }

  /// Reads through the first `delimiter` (included in the count). Yields fewer bytes without
  /// the delimiter only when `buffer` is full or the receive ring is full (a line longer than
  /// RxBytes). A pending error is yielded first. Task context.
  ReadFuture read_until(std::span<std::byte> buffer, std::byte delimiter) noexcept {
    return ReadFuture(&state(), buffer, static_cast<std::int16_t>(delimiter));
  }
  ReadFuture read_until(std::span<char> buffer, char delimiter) noexcept {
    return read_until(std::as_writable_bytes(buffer), static_cast<std::byte>(delimiter));
  }

  /// The bytes received and not yet consumed, without copying them (io::BufRead): at least one,
  /// as a span into the receive ring valid until consume(); or a pending error first. Task
  /// context.
  FillBufFuture fill_buf() noexcept { return FillBufFuture(&state()); }
  /// Drops the first `n` bytes that fill_buf() showed. ISR-safe.
  void consume(std::size_t n) noexcept { serial::consume(state(), n); }

  /// Writes every byte of `data` (yields data.size()) once all have been handed to the
  /// hardware. The bytes must stay valid until the future completes. Task context.
  WriteFuture<TxPort> write(std::span<const std::byte> data) noexcept
    requires(!std::is_void_v<TxPort>)
  {
    return WriteFuture<TxPort>(&state(), data);
  }
  WriteFuture<TxPort> write(std::string_view text) noexcept
    requires(!std::is_void_v<TxPort>)
  {
    return write(std::as_bytes(std::span(text)));
  }

  /// Bytes received and not read yet. ISR-safe.
  std::size_t available() const noexcept {
    return critical_section([] { return static_cast<std::size_t>(state().head - state().tail); });
  }
  /// Whether an error waits to be reported by the next read. ISR-safe.
  bool error_pending() const noexcept {
    return critical_section([] { return state().errors != 0; });
  }
  /// Received bytes dropped because the ring was full, since the driver started. ISR-safe.
  std::uint32_t lost_bytes() const noexcept {
    return critical_section([] { return state().lost; });
  }
  /// Size of the receive ring. ISR-safe.
  static constexpr std::size_t capacity() noexcept { return RxBytes; }

 protected:
  /// This UART's state. ISR-safe (no access is made).
  static S& state() noexcept { return instance<P, S>; }

 private:
  alignas(4) static inline std::byte ring_[RxBytes]{};
  bool owner_ = true;
};

}  // namespace mote::serial
