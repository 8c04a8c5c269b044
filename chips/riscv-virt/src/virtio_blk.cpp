// The virtio-blk driver's non-template part (mote/riscv_virt/virtio_blk.hpp), after the virtio
// 1.1 specification (section 5.2, the block device) over the modern virtio-mmio transport.
// What QEMU 7.2's model (hw/block/virtio-blk.c) does that the driver relies on:
// - capacity (configuration offset 0, 64 bits) counts 512-byte sectors, and request headers
//   address 512-byte sectors whatever the logical block size;
// - a request is handed to QEMU's block layer on the doorbell and completes later, from its
//   main loop (asynchronous I/O), so a request really is in flight across polls;
// - a drive opened with readonly=on offers VIRTIO_BLK_F_RO and fails writes with IOERR;
// - without VIRTIO_BLK_F_FLUSH negotiated the device writes through (no cache to flush).
#include "mote/riscv_virt/virtio_blk.hpp"

#include <cstring>
#include <utility>

#include <mote/platform/port.hpp>

#include "mote/critical_section.hpp"
#include "mote/panic.hpp"
#include "mote/riscv.hpp"

namespace mote::riscv_virt::virtio_blk {
namespace {

using riscv::reg32;
using Error = hal::BlockError;
using Used = virtio::SplitQueue<kQueueSize>::UsedElem;

// Posts one block's request: header, the driver's buffer, the status byte. Critical section
// held, nothing in flight; a write's bytes are in the buffer already.
void post(State& s, bool write, std::uint64_t sector) noexcept {
  auto& q = s.queue;
  s.header = Header{write ? kTypeOut : kTypeIn, 0, sector};
  virtio::store(s.status, std::uint8_t{0xFF});  // overwritten by the device on completion
  q.desc[0] = virtio::Desc{reinterpret_cast<std::uintptr_t>(&s.header), sizeof(Header), virtio::kDescNext, 1};
  q.desc[1] = virtio::Desc{reinterpret_cast<std::uintptr_t>(s.buffer), hal::kBlockSize,
                           static_cast<std::uint16_t>(virtio::kDescNext | (write ? 0 : virtio::kDescWrite)), 2};
  q.desc[2] = virtio::Desc{reinterpret_cast<std::uintptr_t>(&s.status), 1, virtio::kDescWrite, 0};
  s.in_flight = true;
  virtio::offer(q, s.base, 0, 0);
}

}  // namespace

void start(State& s, std::uintptr_t base, unsigned irq, unsigned plic_priority) noexcept {
  virtio::claim(s, base, irq, "virtio-blk");
  s.owner = nullptr;
  s.present = virtio::device_id(base) != 0;
  if (!s.present) return;  // an empty slot: every operation answers NoDevice
  const std::uint32_t features = virtio::begin(base, virtio::DeviceId::Block, "virtio-blk", kFeatureReadOnly);
  s.read_only = (features & kFeatureReadOnly) != 0;
  virtio::setup_queue(base, "virtio-blk", 0, s.queue.desc, &s.queue.avail, &s.queue.used, kQueueSize);
  // Read as two words (the configuration space is little-endian, the high word second).
  s.capacity = reg32(base + virtio::kConfig) | (std::uint64_t{reg32(base + virtio::kConfig + 4)} << 32);
  virtio::finish(base);
  riscv::plic::enable(irq, plic_priority);
}

void stop(State& s, unsigned irq) noexcept {
  riscv::plic::disable(irq);
  // A reset makes the device forget the queue: no DMA into the driver's buffers after this.
  if (s.present) reg32(s.base + virtio::kStatus) = 0;
  critical_section([&] {
    s.in_flight = false;
    s.owner = nullptr;
    s.present = false;
    s.claimed = false;
  });
}

void on_interrupt(State& s) noexcept {
  const std::uint32_t status = virtio::acknowledge(s.base);
  const platform::CsState cs = platform::cs_enter();
  s.interrupts = s.interrupts + 1;
  if ((status & virtio::kInterruptUsedBuffer) != 0) {
    if (s.owner != nullptr) {
      s.owner_waker.wake();
    } else {
      s.waiters.wake_one();  // an abandoned request finished: the device is free for the next
    }
  }
  platform::cs_exit(cs);
}

bool TransferFuture::finish(hal::BlockResult r) noexcept {
  result_ = r;
  s_->waiters.done(node_);
  if (!s_->in_flight) s_->waiters.wake_one();  // the device is free: the next operation's turn
  return true;
}

bool TransferFuture::poll(Waker waker) noexcept {
  CriticalSection cs;
  State& s = *s_;
  const std::size_t blocks = size_ / hal::kBlockSize;
  if (!checked_) {  // bad input never reaches the device
    checked_ = true;
    if (!s.present) return finish(Err{Error::NoDevice});
    if (size_ == 0 || size_ % hal::kBlockSize != 0) return finish(Err{Error::BadBufferSize});
    if (std::uint64_t{first_} + blocks > s.capacity) return finish(Err{Error::OutOfRange});
    if (out_ != nullptr && s.read_only) return finish(Err{Error::WriteFailed});
  }
  for (;;) {
    if (posted_) {
      Used used;
      if (!virtio::take_used(s.queue, s.used_seen, used)) {
        s.owner_waker = waker;  // the completion interrupt wakes this task
        return false;
      }
      posted_ = false;
      s.in_flight = false;
      s.owner = nullptr;
      const std::uint8_t status = virtio::load(s.status);
      if (status != kStatusOk) {
        // IOERR on a write is a refused write (a read-only or failing medium); on a read, the
        // medium or the path to it failed. UNSUPP (or garbage) breaks the protocol.
        const Error e = status == kStatusIoErr ? (out_ != nullptr ? Error::WriteFailed : Error::Bus) : Error::Response;
        return finish(Err{e});
      }
      if (in_ != nullptr) std::memcpy(in_ + done_ * hal::kBlockSize, s.buffer, hal::kBlockSize);
      ++done_;
    }
    if (done_ == blocks) return finish({});
    if (s.in_flight && s.owner == nullptr) {
      // An abandoned request: the device is free once it has completed.
      Used used;
      if (virtio::take_used(s.queue, s.used_seen, used)) s.in_flight = false;
    }
    if (s.in_flight) {
      s.waiters.wait(node_, waker);
      return false;
    }
    s.waiters.done(node_);
    if (out_ != nullptr) std::memcpy(s.buffer, out_ + done_ * hal::kBlockSize, hal::kBlockSize);
    s.owner = this;
    s.owner_waker = waker;
    posted_ = true;
    post(s, out_ != nullptr, std::uint64_t{first_} + done_);
  }
}

TransferFuture::~TransferFuture() {
  critical_section([&] {
    State& s = *s_;
    if (posted_) {
      // The request stays with the device and completes into the driver's buffers; the next
      // operation waits for it. If its completion interrupt already came (and woke this future),
      // a waiter must still hear that the device may be free.
      s.owner = nullptr;
      s.owner_waker = Waker{};
      s.abandoned = s.abandoned + 1;
      s.waiters.wake_one();
    }
    if (node_.state != ::mote::detail::WaitNode::State::Idle) s.waiters.cancel(node_, true);
  });
}

}  // namespace mote::riscv_virt::virtio_blk
