// mote/riscv_virt/virtio_rng.hpp: async driver for a virtio entropy device (virtio-rng) on a
// virtio-mmio slot of QEMU's virt machine: real bus-master DMA through a split virtqueue, with
// the completion interrupt (PLIC) waking the reading task.
//
//   namespace rv = mote::riscv_virt;
//   MOTE_BIND_INTERRUPTS(Irqs, (virtio7, rv::VirtioRng<rv::VirtioSlot<7>>::InterruptHandler));
//
//   MOTE_TASK(seed, 1) {
//     rv::VirtioRng<rv::VirtioSlot<7>> rng(std::move(rv::Peripherals::take().virtio7), Irqs{});
//     std::byte key[16];
//     auto n = co_await rng.read(key);   // 1 .. 16 random bytes
//   }
//
// QEMU: `-global virtio-mmio.force-legacy=false -device virtio-rng-device` (the first -device
// goes to the highest slot, 7, PLIC source 8).
//
// Cancellation is safe by construction: the device writes only into a buffer the driver owns
// (static storage, next to the rings), never into the reader's buffer, which may live in a
// coroutine frame. A read copies out of the driver's buffer when it completes. A read destroyed
// while its request is with the device leaves the request in flight: its bytes, when they come,
// stay in the driver's buffer for the next read, so nothing is written into a dead frame and no
// entropy is wasted. One request is in flight at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "mote/hal/interrupts.hpp"
#include "mote/hal/peripheral.hpp"
#include "mote/hal/rng.hpp"
#include "mote/riscv_virt/interrupts.hpp"
#include "mote/riscv_virt/peripherals.hpp"
#include "mote/riscv_virt/virtio_mmio.hpp"
#include "mote/sync/wait_queue.hpp"
#include "mote/waker.hpp"

namespace mote::riscv_virt {

namespace virtio_rng {

inline constexpr unsigned kQueueSize = 4;      // entries (one is used at a time)
inline constexpr std::size_t kBufferBytes = 64;  // bytes asked of the device per request

/// What the interrupt handler and the read futures share, with the rings and the DMA buffer:
/// one per slot, in static storage. Fields other than the rings and buffer change only inside
/// a critical section.
struct State {
  virtio::SplitQueue<kQueueSize> queue;
  alignas(16) std::byte buffer[kBufferBytes];
  std::uintptr_t base = 0;
  bool claimed = false;
  bool in_flight = false;      // a request is with the device
  std::uint16_t used_seen = 0;  // used.idx the driver has collected up to
  std::uint32_t ready = 0;      // completed bytes not handed out yet, from buffer[offset]
  std::uint32_t offset = 0;
  std::uint32_t interrupts = 0;  // completion interrupts taken (for tests)
  ::mote::detail::WaitQueue readers;
};

template <class Slot>
inline constinit State instance{};

/// The completion interrupt's work: acknowledges it and wakes a reader. Interrupt context only.
void on_interrupt(State& s) noexcept;
/// Claims and sets the device up (panics if it is missing, legacy or claimed). Thread mode.
void start(State& s, std::uintptr_t base, unsigned irq, unsigned plic_priority) noexcept;
/// Resets the device (which drops any request in flight) and releases it. Thread mode.
void stop(State& s, unsigned irq) noexcept;

/// Future of a read: the number of random bytes copied (1 .. buffer size; 0 for an empty
/// buffer). Destroying it early is safe (see the header comment). Poll from tasks.
class [[nodiscard]] ReadFuture {
 public:
  ReadFuture(State* s, std::span<std::byte> out) noexcept : s_(s), out_(out) {}
  ReadFuture(ReadFuture&&) noexcept = default;  // before the first poll only (WaitNode checks)
  ReadFuture& operator=(ReadFuture&&) = delete;
  /// Task context.
  ~ReadFuture();
  /// Task context.
  bool poll(Waker waker) noexcept;
  /// Task context, once poll returned true.
  std::size_t take() const noexcept { return count_; }

 private:
  State* s_;
  std::span<std::byte> out_;
  std::size_t count_ = 0;
  ::mote::detail::WaitNode node_;
};

/// Future of fill_bytes: reads until every byte of the buffer holds entropy (hal::Rng):
/// Result<void, hal::RngError>. Destroying it early cancels the read in flight as ReadFuture
/// does; the bytes already filled stay. Poll from tasks.
class [[nodiscard]] FillFuture {
 public:
  FillFuture(State* s, std::span<std::byte> out) noexcept : s_(s), out_(out) {}
  FillFuture(FillFuture&& o) noexcept : s_(o.s_), out_(o.out_), filled_(o.filled_) {}  // before the first poll
  FillFuture& operator=(FillFuture&&) = delete;
  /// Task context.
  bool poll(Waker waker) noexcept {
    while (filled_ < out_.size()) {
      if (!read_) read_.emplace(s_, out_.subspan(filled_));
      if (!read_->poll(waker)) return false;
      const std::size_t n = read_->take();
      read_.reset();
      if (n == 0) {  // the device returned nothing for a non-empty request: a device fault
        failed_ = true;
        return true;
      }
      filled_ += n;
    }
    return true;
  }
  /// Task context, once poll returned true.
  hal::RngResult take() const noexcept {
    if (failed_) return Err{hal::RngError::Failed};
    return {};
  }

 private:
  State* s_;
  std::span<std::byte> out_;
  std::size_t filled_ = 0;
  bool failed_ = false;
  std::optional<ReadFuture> read_;
};

/// The driver class's shared part (the handler and the slot's ownership: virtio_mmio.hpp).
template <class Slot>
using Base = virtio::SlotDriver<Slot, State, instance<Slot>, on_interrupt, stop>;

}  // namespace virtio_rng

/// The virtio entropy device in virtio-mmio slot `Slot` (a VirtioSlot<N> token). Move-only;
/// owns the device until destroyed.
template <class Slot>
class VirtioRng : public virtio_rng::Base<Slot> {
 public:
  using typename virtio_rng::Base<Slot>::InterruptHandler;

  /// Takes the slot, checks at compile time that `Irqs` binds its interrupt to InterruptHandler,
  /// and sets the device up. Panics if the slot holds no modern virtio-rng or has a driver.
  /// Thread mode, not ISR-safe.
  template <class Irqs>
  VirtioRng(Slot&& slot, const Irqs&, unsigned plic_priority = 1) noexcept {
    static_assert(hal::Binds<Irqs, typename Slot::Interrupt, InterruptHandler>,
                  "mote: riscv_virt::VirtioRng<VirtioSlot<N>> needs interrupt virtio<N> bound to its handler. Add, "
                  "once, at namespace scope: MOTE_BIND_INTERRUPTS(Irqs, (virtio<N>, "
                  "mote::riscv_virt::VirtioRng<mote::riscv_virt::VirtioSlot<N>>::InterruptHandler)); and pass "
                  "Irqs{} to the constructor");
    static_cast<void>(slot);
    virtio_rng::start(state(), Slot::kBase, Slot::Interrupt::number, plic_priority);
  }
  // Moves hand the device over; the last owner's destruction resets it and releases it
  // (thread mode).

  /// Reads up to out.size() random bytes (at least one). Task context.
  virtio_rng::ReadFuture read(std::span<std::byte> out) noexcept { return virtio_rng::ReadFuture(&state(), out); }
  /// Fills all of `out` with random bytes (as many device requests as it takes): hal::Rng.
  /// Task context.
  virtio_rng::FillFuture fill_bytes(std::span<std::byte> out) noexcept { return virtio_rng::FillFuture(&state(), out); }
  /// Completion interrupts taken so far. ISR-safe.
  std::uint32_t interrupts() const noexcept { return state().interrupts; }

 private:
  using virtio_rng::Base<Slot>::state;
};

static_assert(hal::Rng<VirtioRng<VirtioSlot<7>>>);

}  // namespace mote::riscv_virt
