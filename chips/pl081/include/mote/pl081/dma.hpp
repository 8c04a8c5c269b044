// mote/pl081/dma.hpp: Arm's PrimeCell PL081 DMA controller as an asynchronous memory-to-memory
// copy engine (a mote::hal::Dma), for every chip that has one: the MPS2 AN505 image's four
// (mote/sse200/dma.hpp).
//
//   MOTE_BIND_INTERRUPTS(Irqs, (dma0, mote::sse200::dma::InterruptHandler<mote::sse200::Dma0>));
//
//   mote::sse200::Dma<mote::sse200::Dma0> dma(std::move(p.dma0), Irqs{});
//   auto r = co_await dma.copy(destination, source);   // Result<void, hal::DmaError>
//
// A chip makes its controllers available with a token each (kBase, Interrupt: the line where
// the controller's terminal-count and error interrupts are ORed, DMACINTR), an alias of Dma and
// a specialisation of dma::detail::RequireBinding whose static_assert names the binding to add.
//
// How a copy runs: on channel 0, in transfers of at most 4095 items (the channel's 12-bit
// count): words where both addresses are 4-byte aligned (16380 bytes a transfer), halfwords
// where they are 2-byte aligned, bytes otherwise (4095 bytes); a tail shorter than one item goes
// as bytes. The first poll programs the first transfer; its terminal-count interrupt wakes the
// task, whose next poll programs the next. So a long copy is a chain of transfers driven by the
// task (one interrupt and one poll per 16 KiB when aligned), not a hardware linked list: no list
// items to keep anywhere, and other tasks run between the transfers. Any alignment works; the
// only errors are sizes that differ (SizeMismatch), memory the controller cannot reach
// (Unaligned: the Cortex-M private peripheral bus and system region from 0xE0000000 up) and a bus
// error the controller reports (Bus). An empty copy completes at once.
//
// Copies on one controller run one at a time, in FIFO order (mote::hal::BusTurn); channel 1 is
// not used. Destroying a copy in flight halts the channel, waits until its FIFO is empty and
// disables it before the destructor returns: the controller never writes into the destination
// afterwards (its contents are then partly copied). Buffers must stay alive while the copy
// future exists; the CPU must not write the source or read the destination meanwhile.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>

#include "mote/hal/bus_turn.hpp"
#include "mote/hal/dma.hpp"
#include "mote/hal/interrupts.hpp"
#include "mote/waker.hpp"

namespace mote::pl081 {

template <class P>
class Dma;

namespace dma {

/// Driver settings.
struct Config {
  /// NVIC priority level of the controller's interrupt (mote/cortex_m/nvic_priority.hpp; 0 is
  /// the most urgent and the time base's). The handler is short.
  unsigned priority_level = 1;
};

namespace detail {

/// What the interrupt handler and the futures share: one per controller, static storage. Every
/// field is read and written inside a critical section (the handler's included).
struct State {
  std::uintptr_t base = 0;
  unsigned irq = 0;
  bool claimed = false;
  hal::BusTurn turn;  // the copy that runs, and those waiting
  Waker waker;
  bool running = false;    // a transfer is programmed on channel 0
  bool done = false;       // the handler saw it end (terminal count or error)
  std::int8_t error = -1;  // hal::DmaError, or -1
};

template <class P>
inline constinit State instance{};

/// The interrupt's work. Interrupt context only.
void on_interrupt(State& s) noexcept;
/// Claims the controller (panics if a driver has it), enables it and its interrupt line.
/// Thread mode.
void start(State& s, std::uintptr_t base, unsigned irq, const Config& config) noexcept;
/// Disables the controller and its interrupt, releases the claim. Thread mode; no future may exist.
void stop(State& s) noexcept;

/// Specialised by each chip for its tokens, with a static_assert naming the binding to add and
/// `static constexpr bool ok = true`.
template <class P, class Irqs>
struct RequireBinding {
  static_assert(sizeof(P) == 0, "mote: pl081::Dma: P must be a PL081 controller's token (sse200::Dma0...)");
};

}  // namespace detail

/// The handler to bind to controller P's interrupt (see MOTE_BIND_INTERRUPTS).
template <class P>
struct InterruptHandler {
  using interrupt = typename P::Interrupt;
  /// Called by the bound interrupt's handler. Interrupt context only.
  static void on_interrupt() noexcept { detail::on_interrupt(detail::instance<P>); }
};

/// Future of one copy: Result<void, hal::DmaError>. Destroying it before it completes stops the
/// channel first (see above). Poll from tasks; must not outlive the driver or its buffers.
class [[nodiscard]] CopyFuture : public hal::BusFuture<hal::DmaError> {
 public:
  CopyFuture(CopyFuture&&) noexcept = default;  // before the first poll only (WaitNode checks)
  /// Cancels: leaves the queue, or stops the transfer in flight before returning. Task context.
  ~CopyFuture();

  /// Task context.
  bool poll(Waker waker) noexcept;

 private:
  template <class>
  friend class ::mote::pl081::Dma;
  CopyFuture(detail::State* s, std::span<std::byte> to, std::span<const std::byte> from) noexcept;
  void start_transfer() noexcept;  // critical section held

  detail::State* s_;
  std::byte* to_;
  const std::byte* from_;
  std::size_t remaining_;  // bytes not yet copied by a finished transfer
  std::size_t chunk_ = 0;  // bytes of the transfer in flight
};

}  // namespace dma

/// PL081 controller `P` (a chip's token) as a hal::Dma copy engine, interrupt driven. Move-only;
/// owns the controller until destroyed. Futures borrow the driver and their buffers.
template <class P>
class Dma {
 public:
  /// Takes the controller (its token), checks at compile time that `Irqs` binds its interrupt to
  /// dma::InterruptHandler<P>, and enables it. Panics if another driver owns it. Thread mode,
  /// not ISR-safe.
  template <class Irqs>
  Dma(P&& peripheral, const Irqs&, const dma::Config& config = {}) noexcept {
    static_assert(dma::detail::RequireBinding<P, Irqs>::ok);
    static_cast<void>(peripheral);  // consumed: the driver stands for the controller from now on
    dma::detail::start(state(), P::kBase, P::Interrupt::number, config);
  }
  Dma(Dma&& o) noexcept : owner_(std::exchange(o.owner_, false)) {}
  Dma(const Dma&) = delete;
  Dma& operator=(Dma&&) = delete;
  /// Disables the controller and releases it. No future may still exist. Thread mode.
  ~Dma() {
    if (owner_) dma::detail::stop(state());
  }

  /// Copies `from` into `to` (same size; any alignment; the regions must not overlap). The
  /// future yields hal::DmaError::SizeMismatch or ::Unaligned (nothing moved) without waiting
  /// its turn, ::Bus if the controller reports a bus error. Task context.
  dma::CopyFuture copy(std::span<std::byte> to, std::span<const std::byte> from) noexcept {
    return {&state(), to, from};
  }

  /// Whether the controller's channel 0 is enabled now (a transfer in flight): for tests and
  /// diagnostics. ISR-safe (one register read).
  bool channel_busy() const noexcept;

 private:
  static dma::detail::State& state() noexcept { return dma::detail::instance<P>; }
  bool owner_ = true;
};

namespace dma::detail {
/// Channel 0's enable bit of the controller at `base`. ISR-safe.
bool channel_enabled(std::uintptr_t base) noexcept;
}  // namespace dma::detail

template <class P>
bool Dma<P>::channel_busy() const noexcept {
  return dma::detail::channel_enabled(P::kBase);
}

}  // namespace mote::pl081
