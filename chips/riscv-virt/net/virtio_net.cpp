// The virtio-net driver (mote/riscv_virt/virtio_net.hpp), after the virtio 1.1 specification
// (section 5.1, the network device) over the modern virtio-mmio transport (virtio_mmio.hpp).
// What QEMU 7.2's model (hw/net/virtio-net.c) does that the driver relies on:
// - With VIRTIO_F_VERSION_1 every buffer starts with the 12-byte struct virtio_net_hdr
//   (flags, gso_type, hdr_len, gso_size, csum_start, csum_offset, num_buffers), whether or not
//   VIRTIO_NET_F_MRG_RXBUF is negotiated. Without offloads the device writes it zeroed on
//   receive and the driver sends it zeroed.
// - Without merged buffers a received frame must fit one buffer (header included): a larger one
//   is given back unused and dropped by the device. Without VIRTIO_NET_F_CTRL_RX the device
//   stays promiscuous (its reset state): every frame arrives, whatever its address.
// - While the receive queue is empty QEMU holds further frames (its net layer queues them) and
//   resumes once the driver adds buffers and rings the doorbell.
// - The MAC address is in the configuration space (offset 0, 6 bytes) with VIRTIO_NET_F_MAC;
//   the link state in `status` (offset 6, bit 0 VIRTIO_NET_S_LINK_UP) with
//   VIRTIO_NET_F_STATUS, whose changes (QMP set_link) raise a configuration-change interrupt.
// - Transmit is handled in a bottom half of QEMU's main loop, not synchronously with the
//   doorbell: buffers come back a little later, in order.
#include "mote/riscv_virt/virtio_net.hpp"

#include <cstring>

#include <mote/platform/port.hpp>

#include "mote/panic.hpp"
#include "mote/riscv.hpp"
#include "mote/riscv_virt/virtio_mmio.hpp"

namespace mote::riscv_virt {

namespace {

using riscv::reg32;
using namespace virtio_net;

constexpr std::uint32_t kFeatureMac = 1u << 5;      // VIRTIO_NET_F_MAC
constexpr std::uint32_t kFeatureStatus = 1u << 16;  // VIRTIO_NET_F_STATUS
constexpr std::uintptr_t kConfigMac = virtio::kConfig + 0;
constexpr std::uintptr_t kConfigStatus = virtio::kConfig + 6;
constexpr std::uint16_t kStatusLinkUp = 1;
constexpr unsigned kRxQueue = 0;
constexpr unsigned kTxQueue = 1;
constexpr std::size_t kEthHeader = 14;
// How long transmit() waits for the device to return a buffer when all are in flight: QEMU's
// bottom half normally frees them within microseconds; this bounds a stuck device (100,000
// polls of the used ring: 1.4-2.3 ms of virtual time under QEMU's -icount shift=0).
constexpr unsigned kTxWaitSpins = 100000;

// The rings and buffers the device reads and writes by DMA: static (one NIC per program), in
// .bss, never in a coroutine frame.
struct Dma {
  virtio::SplitQueue<kRxQueueSize> rx;
  virtio::SplitQueue<kTxQueueSize> tx;
  alignas(16) std::byte rx_buffers[kRxQueueSize][kRxBufferBytes];
  alignas(16) std::byte tx_buffers[kTxQueueSize][(kTxBufferBytes + 15) / 16 * 16];
};
Dma g_dma;

std::uintptr_t g_base = 0;
bool g_started = false;
std::uint16_t g_rx_seen = 0;  // rx.used.idx collected up to
std::uint16_t g_tx_seen = 0;  // tx.used.idx collected up to
std::uint16_t g_tx_free[kTxQueueSize];  // transmit descriptors not with the device
unsigned g_tx_free_count = 0;
// The runner's waker: written by the task, read by the interrupt (critical section).
Waker g_waker;

using virtio::fence;
using virtio::load;

// Offers descriptor `id` on a queue (the shared virtqueue code, mote/riscv_virt/virtio_mmio.hpp).
template <unsigned N>
void offer(virtio::SplitQueue<N>& q, unsigned queue, std::uint16_t id) noexcept {
  virtio::offer(q, g_base, queue, id);
}

}  // namespace

void virtio_net::on_interrupt() noexcept {
  // Used buffers (a frame arrived, or a transmit completed) or a configuration change (the
  // link): acknowledging drops the PLIC line; the runner does the rest.
  static_cast<void>(virtio::acknowledge(g_base));
  const platform::CsState cs = platform::cs_enter();
  const Waker w = g_waker;
  platform::cs_exit(cs);
  w.wake();
}

void VirtioNet::start() noexcept {
  if (g_started) MOTE_PANIC("virtio-net: started twice");
  g_started = true;
  riscv::plic::disable(irq_);
  g_base = base_;
  const std::uint32_t features =
      virtio::begin(base_, virtio::DeviceId::Network, "virtio-net", kFeatureMac | kFeatureStatus);
  has_status_ = (features & kFeatureStatus) != 0;
  if ((features & kFeatureMac) != 0) {
    for (unsigned i = 0; i < mac_.size(); ++i) {
      mac_[i] = *reinterpret_cast<const volatile std::uint8_t*>(base_ + kConfigMac + i);
    }
  } else {
    mac_ = {0x02, 0x00, 0x00, 0x76, 0x6E, 0x00};  // a locally administered one
  }

  // Receive: every buffer with the device from the start, descriptor i for buffer i for good.
  auto& rx = g_dma.rx;
  for (std::uint16_t i = 0; i < kRxQueueSize; ++i) {
    rx.desc[i] = virtio::Desc{reinterpret_cast<std::uintptr_t>(g_dma.rx_buffers[i]), kRxBufferBytes,
                              virtio::kDescWrite, 0};
    rx.avail.ring[i] = i;
  }
  rx.avail.idx = kRxQueueSize;
  // Transmit: descriptor i for buffer i; no interrupt for completions (transmit() collects them).
  auto& tx = g_dma.tx;
  for (std::uint16_t i = 0; i < kTxQueueSize; ++i) {
    tx.desc[i] = virtio::Desc{reinterpret_cast<std::uintptr_t>(g_dma.tx_buffers[i]), 0, 0, 0};
    g_tx_free[i] = i;
  }
  g_tx_free_count = kTxQueueSize;
  tx.avail.flags = virtio::kAvailNoInterrupt;
  fence();
  virtio::setup_queue(base_, "virtio-net", kRxQueue, rx.desc, &rx.avail, &rx.used, kRxQueueSize);
  virtio::setup_queue(base_, "virtio-net", kTxQueue, tx.desc, &tx.avail, &tx.used, kTxQueueSize);
  virtio::finish(base_);
  reg32(base_ + virtio::kQueueNotify) = kRxQueue;  // the buffers are there
  riscv::plic::enable(irq_, 1);
}

bool VirtioNet::link_up() noexcept {
  if (!has_status_) return true;
  return (*reinterpret_cast<const volatile std::uint16_t*>(base_ + kConfigStatus) & kStatusLinkUp) != 0;
}

bool VirtioNet::wait_receive(Waker waker) noexcept {
  const platform::CsState cs = platform::cs_enter();
  g_waker = waker;
  platform::cs_exit(cs);
  // A frame the device adds after this check raises the interrupt, which wakes the new waker.
  fence();
  return load(g_dma.rx.used.idx) != g_rx_seen;
}

std::size_t VirtioNet::receive(std::span<std::byte> frame) noexcept {
  auto& rx = g_dma.rx;
  for (;;) {
    virtio::SplitQueue<kRxQueueSize>::UsedElem elem;
    if (!virtio::take_used(rx, g_rx_seen, elem)) return 0;
    const std::uint32_t id = elem.id;
    const std::uint32_t len = elem.len;  // header included
    if (id >= kRxQueueSize) MOTE_PANIC("virtio-net: the device returned descriptor {}", static_cast<unsigned long>(id));
    const std::size_t n = len > kHeaderBytes ? len - kHeaderBytes : 0;
    const bool ok = n >= kEthHeader && n <= kMaxFrame && n <= frame.size();
    if (ok) {
      std::memcpy(frame.data(), g_dma.rx_buffers[id] + kHeaderBytes, n);
    } else {
      ++dropped_;  // a runt, or a frame beyond the MTU
    }
    offer(rx, kRxQueue, static_cast<std::uint16_t>(id));  // the buffer goes straight back
    if (ok) return n;
  }
}

void VirtioNet::reclaim_tx() noexcept {
  virtio::SplitQueue<kTxQueueSize>::UsedElem elem;
  while (virtio::take_used(g_dma.tx, g_tx_seen, elem)) {
    const std::uint32_t id = elem.id;
    if (id >= kTxQueueSize || g_tx_free_count >= kTxQueueSize) {
      MOTE_PANIC("virtio-net: the device returned transmit descriptor {}", static_cast<unsigned long>(id));
    }
    g_tx_free[g_tx_free_count++] = static_cast<std::uint16_t>(id);
  }
}

std::size_t VirtioNet::transmit_pending() noexcept {
  reclaim_tx();
  return kTxQueueSize - g_tx_free_count;
}

bool VirtioNet::transmit(std::span<const std::byte> frame) noexcept {
  if (frame.size() < kEthHeader || frame.size() > kMaxFrame) {
    ++dropped_;
    return false;
  }
  reclaim_tx();
  // With the link down QEMU holds transmit buffers until it comes back: no use waiting then.
  const unsigned spins = g_tx_free_count == 0 && !link_up() ? 0 : kTxWaitSpins;
  for (unsigned i = 0; g_tx_free_count == 0; ++i) {
    if (i == spins) {
      ++dropped_;
      ++tx_full_;
      return false;
    }
    reclaim_tx();
  }
  const std::uint16_t id = g_tx_free[--g_tx_free_count];
  std::byte* buffer = g_dma.tx_buffers[id];
  std::memset(buffer, 0, kHeaderBytes);  // no offload: flags 0, GSO none
  std::memcpy(buffer + kHeaderBytes, frame.data(), frame.size());
  g_dma.tx.desc[id].len = static_cast<std::uint32_t>(kHeaderBytes + frame.size());
  offer(g_dma.tx, kTxQueue, id);
  return true;
}

}  // namespace mote::riscv_virt
