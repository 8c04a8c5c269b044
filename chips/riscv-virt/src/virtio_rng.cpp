// The virtio-rng driver's non-template part: set-up, the interrupt, the read future.
#include "mote/riscv_virt/virtio_rng.hpp"

#include <algorithm>
#include <utility>

#include <mote/platform/port.hpp>

#include "mote/critical_section.hpp"
#include "mote/panic.hpp"
#include "mote/riscv.hpp"

namespace mote::riscv_virt::virtio_rng {
namespace {

using riscv::reg32;

// Takes a completed request, if the device has returned one: its bytes become `ready`.
// Critical section held.
void collect(State& s) noexcept {
  if (!s.in_flight) return;
  virtio::SplitQueue<kQueueSize>::UsedElem elem;
  if (!virtio::take_used(s.queue, s.used_seen, elem)) return;
  s.ready = std::min<std::uint32_t>(elem.len, kBufferBytes);
  s.offset = 0;
  s.in_flight = false;
}

// Offers the driver's buffer to the device. Critical section held, nothing in flight.
void post(State& s) noexcept {
  auto& q = s.queue;
  q.desc[0] = virtio::Desc{reinterpret_cast<std::uintptr_t>(s.buffer), kBufferBytes, virtio::kDescWrite, 0};
  s.in_flight = true;
  virtio::offer(q, s.base, 0, 0);
}

}  // namespace

void start(State& s, std::uintptr_t base, unsigned irq, unsigned plic_priority) noexcept {
  virtio::claim(s, base, irq, "virtio-rng");
  s.ready = s.offset = 0;
  virtio::setup(base, virtio::DeviceId::Entropy, "virtio-rng", s.queue.desc, &s.queue.avail, &s.queue.used,
                kQueueSize);
  riscv::plic::enable(irq, plic_priority);
}

void stop(State& s, unsigned irq) noexcept {
  riscv::plic::disable(irq);
  // A reset makes the device forget the queue: no DMA into the buffer after this.
  reg32(s.base + virtio::kStatus) = 0;
  critical_section([&] {
    s.in_flight = false;
    s.ready = 0;
    s.claimed = false;
  });
}

void on_interrupt(State& s) noexcept {
  const std::uint32_t status = virtio::acknowledge(s.base);
  const platform::CsState cs = platform::cs_enter();
  s.interrupts = s.interrupts + 1;
  if ((status & virtio::kInterruptUsedBuffer) != 0) s.readers.wake_one();
  platform::cs_exit(cs);
}

bool ReadFuture::poll(Waker waker) noexcept {
  CriticalSection cs;
  State& s = *s_;
  if (out_.empty()) {
    s.readers.done(node_);
    return true;
  }
  collect(s);
  if (s.ready != 0) {
    const std::uint32_t n = std::min<std::uint32_t>(s.ready, static_cast<std::uint32_t>(out_.size()));
    std::copy_n(s.buffer + s.offset, n, out_.data());
    s.offset += n;
    s.ready -= n;
    count_ = n;
    s.readers.done(node_);
    if (s.ready != 0) s.readers.wake_one();  // bytes left for the next reader
    return true;
  }
  if (!s.in_flight) post(s);
  s.readers.wait(node_, waker);
  return false;
}

ReadFuture::~ReadFuture() {
  if (node_.state == ::mote::detail::WaitNode::State::Idle) return;
  // The request (if any) stays with the device and completes into the driver's buffer; a
  // wake-up this reader did not use goes to the next one.
  critical_section([&] { s_->readers.cancel(node_, true); });
}

}  // namespace mote::riscv_virt::virtio_rng
