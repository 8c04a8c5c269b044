// mote/riscv_virt/virtio_blk.hpp: async driver for a virtio block device (virtio-blk) on a
// virtio-mmio slot of QEMU's virt machine, as a hal::BlockDevice of 512-byte blocks: each
// request is a three-descriptor chain (header, data, status byte) the device reads and writes by
// DMA, and the completion interrupt (PLIC) wakes the task that posted it.
//
//   namespace rv = mote::riscv_virt;
//   MOTE_BIND_INTERRUPTS(Irqs, (virtio7, rv::VirtioBlk<rv::VirtioSlot<7>>::InterruptHandler));
//
//   MOTE_TASK(disk, 1) {
//     rv::VirtioBlk<rv::VirtioSlot<7>> blk(std::move(rv::Peripherals::take().virtio7), Irqs{});
//     std::byte block[512];
//     auto r = co_await blk.read(0, block);   // Result<void, hal::BlockError>
//   }
//
// QEMU: `-global virtio-mmio.force-legacy=false -drive if=none,format=raw,file=disk.img,id=blk
// -device virtio-blk-device,drive=blk` (the first -device goes to the highest slot, 7).
//
// An empty slot is not a panic: every operation then returns BlockError::NoDevice (a disk that
// is not plugged in is an expected condition, as an SD card's empty slot is). A slot holding
// another device, or a legacy transport, panics (a wrong QEMU command line).
//
// Cancellation is safe by construction: the device reads and writes only the driver's own
// buffers (static storage next to the rings, one block), never the caller's buffer, which may
// live in a coroutine frame. Blocks are copied in before a write request is posted and out when
// a read request completes. A future destroyed while its request is with the device abandons the
// request: it completes into the driver's buffer (a read's bytes are dropped, a write's block is
// written whole) and the next operation waits for it. One request is in flight at a time;
// other operations wait in a queue, and a multi-block one keeps the device until it is done.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "mote/hal/block.hpp"
#include "mote/hal/interrupts.hpp"
#include "mote/hal/peripheral.hpp"
#include "mote/riscv_virt/interrupts.hpp"
#include "mote/riscv_virt/peripherals.hpp"
#include "mote/riscv_virt/virtio_mmio.hpp"
#include "mote/sync/wait_queue.hpp"
#include "mote/waker.hpp"

namespace mote::riscv_virt {

namespace virtio_blk {

inline constexpr unsigned kQueueSize = 4;  // entries; a request takes three descriptors

/// The request header the device reads (virtio 1.1, 5.2.6).
struct Header {
  std::uint32_t type;  // kTypeIn (read) or kTypeOut (write)
  std::uint32_t reserved;
  std::uint64_t sector;  // in 512-byte sectors, whatever the device's block size
};
inline constexpr std::uint32_t kTypeIn = 0;
inline constexpr std::uint32_t kTypeOut = 1;
inline constexpr std::uint8_t kStatusOk = 0;
inline constexpr std::uint8_t kStatusIoErr = 1;
inline constexpr std::uint8_t kStatusUnsupported = 2;
inline constexpr std::uint32_t kFeatureReadOnly = 1u << 5;  // VIRTIO_BLK_F_RO

class TransferFuture;

/// What the interrupt handler and the futures share, with the ring and the DMA buffers: one per
/// slot, in static storage. Fields other than the DMA ones change only inside a critical section.
struct State {
  virtio::SplitQueue<kQueueSize> queue;
  alignas(16) Header header;
  alignas(16) std::byte buffer[hal::kBlockSize];
  std::uint8_t status = 0xFF;  // the device writes the request's status here
  std::uintptr_t base = 0;
  bool claimed = false;
  bool present = false;         // a modern virtio-blk is in the slot
  bool read_only = false;       // the device offered VIRTIO_BLK_F_RO
  bool in_flight = false;       // a request is with the device
  std::uint16_t used_seen = 0;  // used.idx the driver has collected up to
  std::uint64_t capacity = 0;   // in 512-byte blocks
  const TransferFuture* owner = nullptr;  // the future whose request is in flight; null: abandoned
  Waker owner_waker;                      // woken by the completion interrupt
  std::uint32_t interrupts = 0;           // completion interrupts taken (for tests)
  std::uint32_t abandoned = 0;            // requests whose future was destroyed in flight (for tests)
  ::mote::detail::WaitQueue waiters;      // operations waiting for the device
};

template <class Slot>
inline constinit State instance{};

/// The completion interrupt's work: acknowledges it and wakes the request's owner (or, if the
/// request was abandoned, the next waiting operation). Interrupt context only.
void on_interrupt(State& s) noexcept;
/// Claims the slot (panics if claimed twice) and, if a modern virtio-blk is there, sets it up and
/// reads its size; an empty slot leaves the driver answering NoDevice. Thread mode.
void start(State& s, std::uintptr_t base, unsigned irq, unsigned plic_priority) noexcept;
/// Resets the device (which drops any request in flight) and releases the slot. Thread mode.
void stop(State& s, unsigned irq) noexcept;

/// Future of read() or write(): Result<void, hal::BlockError>. Validates first (nothing reaches
/// the device on bad input), then moves one block per request through the driver's buffer.
/// Destroying it early is safe (see the header comment). Poll from tasks.
class [[nodiscard]] TransferFuture {
 public:
  TransferFuture(State* s, std::uint32_t first, std::byte* in, const std::byte* out, std::size_t size) noexcept
      : s_(s), first_(first), in_(in), out_(out), size_(size) {}
  TransferFuture(TransferFuture&&) noexcept = default;  // before the first poll only (WaitNode checks)
  TransferFuture& operator=(TransferFuture&&) = delete;
  /// Task context.
  ~TransferFuture();
  /// Task context.
  bool poll(Waker waker) noexcept;
  /// Task context, once poll returned true.
  hal::BlockResult take() const noexcept { return result_; }

 private:
  bool finish(hal::BlockResult r) noexcept;  // critical section held
  State* s_;
  std::uint32_t first_;
  std::byte* in_;         // read: the caller's buffer
  const std::byte* out_;  // write: the caller's bytes
  std::size_t size_;
  std::size_t done_ = 0;  // blocks completed
  bool checked_ = false;
  bool posted_ = false;  // this future's request is with the device
  hal::BlockResult result_{};
  ::mote::detail::WaitNode node_;
};

/// A future that is ready at once with a value (block_count()). Poll from tasks.
struct CountFuture {
  Result<std::uint32_t, hal::BlockError> value;
  bool poll(Waker) noexcept { return true; }
  Result<std::uint32_t, hal::BlockError> take() noexcept { return value; }
};
/// The driver class's shared part (the handler and the slot's ownership: virtio_mmio.hpp).
template <class Slot>
using Base = virtio::SlotDriver<Slot, State, instance<Slot>, on_interrupt, stop>;

}  // namespace virtio_blk

/// The virtio block device in virtio-mmio slot `Slot` (a VirtioSlot<N> token): a
/// hal::BlockDevice. Move-only; owns the slot until destroyed.
template <class Slot>
class VirtioBlk : public virtio_blk::Base<Slot> {
 public:
  using typename virtio_blk::Base<Slot>::InterruptHandler;

  /// Takes the slot, checks at compile time that `Irqs` binds its interrupt to InterruptHandler,
  /// and sets the device up. An empty slot gives a driver whose operations return NoDevice;
  /// another device or a legacy transport panics. Thread mode, not ISR-safe.
  template <class Irqs>
  VirtioBlk(Slot&& slot, const Irqs&, unsigned plic_priority = 1) noexcept {
    static_assert(hal::Binds<Irqs, typename Slot::Interrupt, InterruptHandler>,
                  "mote: riscv_virt::VirtioBlk<VirtioSlot<N>> needs interrupt virtio<N> bound to its handler. Add, "
                  "once, at namespace scope: MOTE_BIND_INTERRUPTS(Irqs, (virtio<N>, "
                  "mote::riscv_virt::VirtioBlk<mote::riscv_virt::VirtioSlot<N>>::InterruptHandler)); and pass "
                  "Irqs{} to the constructor");
    static_cast<void>(slot);
    virtio_blk::start(state(), Slot::kBase, Slot::Interrupt::number, plic_priority);
  }
  // Moves hand the slot over; the last owner's destruction resets the device and releases the
  // slot (thread mode; no operation may be pending then).

  /// Reads buffer.size() / 512 blocks from `first_block` (hal::BlockDevice). Task context.
  virtio_blk::TransferFuture read(std::uint32_t first_block, std::span<std::byte> buffer) noexcept {
    return {&state(), first_block, buffer.data(), nullptr, buffer.size()};
  }
  /// Writes bytes.size() / 512 blocks from `first_block` (hal::BlockDevice). Task context.
  virtio_blk::TransferFuture write(std::uint32_t first_block, std::span<const std::byte> bytes) noexcept {
    return {&state(), first_block, nullptr, bytes.data(), bytes.size()};
  }
  /// The device's size in 512-byte blocks (capped at 2^32 - 1), or NoDevice. Task context.
  virtio_blk::CountFuture block_count() const noexcept {
    const virtio_blk::State& s = state();
    if (!s.present) return {Err{hal::BlockError::NoDevice}};
    const std::uint64_t n = s.capacity > 0xFFFFFFFFu ? 0xFFFFFFFFu : s.capacity;
    return {Result<std::uint32_t, hal::BlockError>(static_cast<std::uint32_t>(n))};
  }
  /// Whether the device refuses writes (QEMU: readonly=on). ISR-safe.
  bool read_only() const noexcept { return state().read_only; }
  /// Completion interrupts taken so far. ISR-safe.
  std::uint32_t interrupts() const noexcept { return state().interrupts; }
  /// Requests abandoned in flight by a destroyed future so far. ISR-safe.
  std::uint32_t abandoned() const noexcept { return state().abandoned; }

 private:
  using virtio_blk::Base<Slot>::state;
};

static_assert(hal::BlockDevice<VirtioBlk<VirtioSlot<7>>>);

}  // namespace mote::riscv_virt
