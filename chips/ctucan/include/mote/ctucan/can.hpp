// mote/ctucan/can.hpp: one CTU CAN FD core as an interrupt-driven hal::Can (classic and FD
// frames, acceptance filters, errors), for every bus that carries the IP: today the two cores
// of QEMU's ctucan_pci card on riscv32-virt (mote/riscv_virt/ctucan_pci.hpp, which finds the card,
// binds its interrupt and hands out the cores).
//
//   mote::ctucan::Can& can = card.core(0);
//   hal::CanFrame f{.id = 0x123, .length = 2, .data = {std::byte{1}, std::byte{2}}};
//   auto sent = co_await can.transmit(f);       // Result<void, hal::CanError>
//   auto got = co_await can.receive();          // Result<hal::CanFrame, hal::CanError>
//   can.set_filters(filters);                   // Result<void, hal::CanError>, at once
//
// Transmit: one frame at a time goes through TXT buffer 1; transmit futures take turns in FIFO
// order (hal::BusTurn), so frames leave in the order they were awaited. A transmit completes when
// the core reports the buffer's outcome: sent (acknowledged), error (BusOff if the core went
// bus-off, else the error type the core captured: Bit, Crc, Form, Acknowledge, Stuff) or aborted.
// A malformed frame (hal::CanFrame::valid) fails with FrameTooLong before touching the core.
// Cancelling a transmit: before its turn, it just leaves the queue; while its frame waits in the
// buffer (not on the bus yet) it is withdrawn (TXCA: the buffer goes to "aborted", nothing is
// sent); while the frame is on the wire the abort is requested but the frame may still complete,
// and the next transmit waits for that outcome before reusing the buffer.
//
// Receive: frames stay in the core's receive FIFO (8 KiB in QEMU: 102 64-byte FD frames, 341
// classic 8-byte ones) until a receive future takes one, whole, inside one poll; so a receive
// destroyed at any point loses no frame. The interrupt handler only wakes receivers (it masks
// the "FIFO not empty" interrupt until a receiver finds the FIFO empty again). Frames that no
// filter accepts are read out and dropped (counted: frames_filtered()). When the FIFO overflowed,
// the frames it held when the driver noticed are handed out first, then one receive fails with
// Overrun; frames received after that follow. BusOff is reported once the FIFO is empty.
//
// Filters are applied by the driver to each frame it reads, not by the core's filter registers:
// QEMU 7.2's model ignores those (it accepts every frame), and software filters give exactly
// hal::CanFilter's semantics (id/mask, standard or extended), up to kMaxFilters of them.
// set_filters applies to frames not yet handed out, including those already in the FIFO.
//
// Every core's interrupt output may share one interrupt line with others (a Line: the cores of
// a PCI card share its INTx). QEMU 7.2's ctucan_pci sets that line from each core's own state,
// so a register write to one core can lower the line while another core still has a request
// (the last writer wins). After each register write from a future, if the core written raises
// no request (so the line may be low), the driver serves the line's other cores itself, inside
// its critical section: no request is ever lost. On hardware with a wired OR this costs two
// register reads per core and serves a request a little before its interrupt would.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "mote/hal/bus_turn.hpp"
#include "mote/hal/can.hpp"
#include "mote/result.hpp"
#include "mote/sync/wait_queue.hpp"
#include "mote/waker.hpp"

namespace mote::ctucan {

/// Acceptance filters a core holds (hal::Can::set_filters; more: BadFilter).
inline constexpr std::size_t kMaxFilters = 8;
/// Cores that may share one interrupt line.
inline constexpr std::size_t kMaxCoresPerLine = 4;

/// A BTR or BTR_FD value: segments in time quanta, `brp` core clocks per quantum. ISR-safe.
constexpr std::uint32_t bit_timing(unsigned prop, unsigned ph1, unsigned ph2, unsigned brp, unsigned sjw) noexcept {
  return prop | ph1 << 7 | ph2 << 13 | brp << 19 | sjw << 27;
}

/// How a core is set up. QEMU ignores the bit timing (its CAN bus moves whole frames); the
/// defaults are 500 kbit/s nominal and 2 Mbit/s data for the 100 MHz core clock of the PCIe
/// card's FPGA (untested on hardware).
struct Config {
  std::uint32_t btr = bit_timing(8, 6, 5, 10, 3);     // 1 + 8 + 6 + 5 = 20 quanta of 100 ns
  std::uint32_t btr_fd = bit_timing(10, 8, 6, 2, 3);  // 1 + 10 + 8 + 6 = 25 quanta of 20 ns
};

struct Line;

/// What a core's futures and the interrupt handler share: one per core, in static storage.
/// Changes only inside a critical section.
struct State {
  std::uintptr_t base = 0;
  Line* line = nullptr;
  bool claimed = false;
  hal::BusTurn tx_turn;       // who may use TXT buffer 1; the others wait in FIFO order
  Waker tx_waker;             // the holder, waiting for its frame's outcome
  std::uint32_t tx_withdrawn = 0;  // frames cancelled before they went on the bus
  ::mote::detail::WaitQueue receivers;
  bool overrun = false;             // an overrun was noticed and not reported yet
  std::uint32_t before_overrun = 0;  // frames that were in the FIFO then: handed out first
  hal::CanFilter filters[kMaxFilters]{};
  std::uint8_t filter_count = 0;  // 0: every frame passes
  std::uint32_t filtered = 0;     // frames dropped by the filters
  std::uint32_t interrupts = 0;   // requests of this core served (by the handler or a resync)
};

/// The cores whose interrupt outputs share one interrupt line.
struct Line {
  State* cores[kMaxCoresPerLine] = {};
  unsigned count = 0;
  std::uint32_t interrupts = 0;  // runs of the line's interrupt handler (service)
};

/// Resets the core at `base` (panics if no CTU CAN FD answers there, or it has a driver), sets
/// it up with `config`, adds it to `line` and enables it. Thread mode, not ISR-safe.
void start(State& s, std::uintptr_t base, Line& line, const Config& config) noexcept;
/// Resets the core (off the bus) and takes it off its line. No future of it may exist. Thread
/// mode, not ISR-safe.
void stop(State& s) noexcept;
/// The line's interrupt handler: serves every core on it (masks what it raised, wakes the
/// futures waiting for it). Interrupt context, or inside a critical section.
void service(Line& line) noexcept;

/// Future of Can::transmit. Destroying it early is safe (see the header comment). Poll from tasks.
class [[nodiscard]] TransmitFuture : public hal::BusFuture<hal::CanError> {
 public:
  /// Stores the state and a copy of the frame; touches nothing. Task context.
  TransmitFuture(State* s, const hal::CanFrame& frame) noexcept : s_(s), frame_(frame) {}
  TransmitFuture(TransmitFuture&&) noexcept = default;  // before the first poll only
  /// Task context.
  ~TransmitFuture();
  /// Task context.
  bool poll(Waker waker) noexcept;

 private:
  void finish(int error) noexcept;
  State* s_;
  hal::CanFrame frame_;  // a copy: the caller's frame may go away once transmit() returned
  bool submitted_ = false;
};

/// Future of Can::receive. Destroying it at any point loses no frame. Poll from tasks.
class [[nodiscard]] ReceiveFuture {
 public:
  /// Stores the state; touches nothing. Task context.
  explicit ReceiveFuture(State* s) noexcept : s_(s) {}
  ReceiveFuture(ReceiveFuture&&) noexcept = default;  // before the first poll only (WaitNode checks)
  ReceiveFuture& operator=(ReceiveFuture&&) = delete;
  /// Task context.
  ~ReceiveFuture();
  /// Task context.
  bool poll(Waker waker) noexcept;
  /// The frame, or why none came. Task context, once poll returned true.
  Result<hal::CanFrame, hal::CanError> take() const noexcept {
    if (error_ >= 0) return Err{static_cast<hal::CanError>(error_)};
    return frame_;
  }

 private:
  State* s_;
  hal::CanFrame frame_{};
  int error_ = -1;
  ::mote::detail::WaitNode node_;
};

/// One CTU CAN FD core (hal::Can). A handle to the core's State: whoever started the core (a
/// card driver) owns it and must outlive its Can.
class Can {
 public:
  /// A handle to a started core (the card driver makes them). Thread mode.
  explicit Can(State& s) noexcept : s_(&s) {}
  Can(const Can&) = delete;
  Can& operator=(const Can&) = delete;

  /// Sends `frame` (copied): completes when it is on the bus or failed. Task context.
  TransmitFuture transmit(const hal::CanFrame& frame) noexcept { return TransmitFuture(s_, frame); }
  /// The next frame the filters accept. Task context.
  ReceiveFuture receive() noexcept { return ReceiveFuture(s_); }
  /// Replaces the acceptance filters at once (an empty list accepts every frame). BadFilter,
  /// filters unchanged, for more than kMaxFilters or an id or mask wider than its kind
  /// (11 bits standard, 29 extended). Task context (takes a critical section).
  Result<void, hal::CanError> set_filters(std::span<const hal::CanFilter> filters) noexcept;
  /// Frames the filters dropped so far. ISR-safe.
  std::uint32_t frames_filtered() const noexcept { return s_->filtered; }
  /// Transmits withdrawn before their frame went on the bus. ISR-safe.
  std::uint32_t transmits_withdrawn() const noexcept { return s_->tx_withdrawn; }
  /// Requests of this core served so far (by the interrupt handler or after a register write). ISR-safe.
  std::uint32_t interrupts() const noexcept { return s_->interrupts; }

 private:
  State* s_;
};

static_assert(hal::Can<Can>);

}  // namespace mote::ctucan
