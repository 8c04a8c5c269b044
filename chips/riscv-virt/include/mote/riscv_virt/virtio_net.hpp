// mote/riscv_virt/virtio_net.hpp: a virtio network device (virtio-net) on a virtio-mmio slot of
// QEMU's virt machine as a mote::net::Driver: bus-master DMA through two split virtqueues (0:
// receive, 1: transmit), the used-buffer interrupt (PLIC) waking the stack's runner. docs/net.md.
//
// Boards hand it out through mote::board::network(), which binds its interrupt:
//   MOTE_BIND_INTERRUPTS(NetIrqs, (virtio7, mote::riscv_virt::virtio_net::InterruptHandler<7>));
//   static auto nic = mote::riscv_virt::VirtioNet::in_slot<7>(NetIrqs{});
//
// QEMU: `-global virtio-mmio.force-legacy=false -netdev user,id=n0 -device
// virtio-net-device,netdev=n0` (the first -device goes to the highest slot, 7, PLIC source 8;
// `-nic ...,model=virtio-net-device` is refused by virt: it only wires on-board NICs).
//
// Receive: the receive queue is kept full of the driver's own buffers (static storage), each
// large enough for a 12-byte virtio_net_hdr and a 2036-byte frame, so a frame beyond the MTU
// still arrives whole and is dropped and counted here rather than lost unseen. receive() copies
// a frame out into lwIP's packet and gives the buffer back at once. Transmit: transmit() copies
// the frame behind a zeroed header into a free transmit buffer and rings the doorbell; the
// device's completions (the used ring) free the buffers, collected by the next transmit. Only
// VIRTIO_NET_F_MAC and VIRTIO_NET_F_STATUS are negotiated (no checksum offload, no merged
// buffers, no control queue): QEMU then stays promiscuous and hands over every frame as is.
#pragma once

#include <cstddef>
#include <cstdint>

#include "mote/hal/interrupts.hpp"
#include "mote/net/driver.hpp"
#include "mote/riscv_virt/interrupts.hpp"
#include "mote/riscv_virt/peripherals.hpp"

namespace mote::riscv_virt {

namespace virtio_net {

inline constexpr unsigned kRxQueueSize = 16;  // receive buffers kept with the device
inline constexpr unsigned kTxQueueSize = 8;   // frames in flight to the device
inline constexpr std::size_t kHeaderBytes = 12;  // struct virtio_net_hdr with VIRTIO_F_VERSION_1
inline constexpr std::size_t kRxBufferBytes = 2048;
inline constexpr std::size_t kTxBufferBytes = kHeaderBytes + net::Driver::kMaxFrame;

/// The interrupt's work: acknowledges the device's interrupt (used buffer or configuration
/// change: the link) and wakes the runner. Interrupt context only.
void on_interrupt() noexcept;

/// The handler to bind to the interrupt of virtio-mmio slot N (virtio<N>); on_interrupt() is
/// interrupt context only.
template <unsigned N>
struct InterruptHandler {
  using interrupt = typename VirtioSlot<N>::Interrupt;
  static void on_interrupt() noexcept { virtio_net::on_interrupt(); }
};

}  // namespace virtio_net

class VirtioNet final : public net::Driver {
 public:
  /// The driver for the virtio-net device in virtio-mmio slot N; `Irqs` must bind interrupt
  /// virtio<N> to virtio_net::InterruptHandler<N> (compile error otherwise). Not started: the
  /// stack calls start(), which panics if the slot holds no modern virtio-net device. One per
  /// program (the rings are static). Thread mode.
  template <unsigned N, class Irqs>
  static VirtioNet in_slot(const Irqs&) noexcept {
    static_assert(hal::Binds<Irqs, typename VirtioSlot<N>::Interrupt, virtio_net::InterruptHandler<N>>,
                  "mote: riscv_virt::VirtioNet::in_slot<N> needs interrupt virtio<N> bound to its handler. Add, once, "
                  "at namespace scope: MOTE_BIND_INTERRUPTS(Irqs, (virtio<N>, "
                  "mote::riscv_virt::virtio_net::InterruptHandler<N>)); and pass Irqs{} to in_slot");
    return VirtioNet(VirtioSlot<N>::kBase, VirtioSlot<N>::Interrupt::number);
  }

  // net::Driver: task context (the stack's runner), see mote/net/driver.hpp.
  void start() noexcept override;
  net::MacAddress mac_address() const noexcept override { return mac_; }
  /// The device's VIRTIO_NET_S_LINK_UP; always up if the device does not offer
  /// VIRTIO_NET_F_STATUS. Task context.
  bool link_up() noexcept override;
  std::size_t receive(std::span<std::byte> frame) noexcept override;
  /// False, counted in dropped(), for a frame shorter than an Ethernet header or longer than
  /// kMaxFrame, or when all kTxQueueSize buffers are still with the device after a bounded wait
  /// (100,000 polls, 1.4-2.3 ms; none while the link is down, when QEMU keeps them until it
  /// is back); tx_ring_full() counts those. Task context.
  bool transmit(std::span<const std::byte> frame) noexcept override;
  bool wait_receive(Waker waker) noexcept override;

  /// Frames dropped: received shorter than an Ethernet header or longer than kMaxFrame (or
  /// than the caller's buffer), and frames not sent (bad length, ring full). Task context.
  std::uint32_t dropped() const noexcept override { return dropped_; }
  /// Of those, frames not sent because the transmit ring stayed full. Task context.
  std::uint32_t tx_ring_full() const noexcept { return tx_full_; }
  /// Frames still with the device (QEMU sends from a bottom half of its main loop, after
  /// transmit() returned). Task context.
  std::size_t transmit_pending() noexcept override;
  /// Whether the device offered VIRTIO_NET_F_STATUS (a link state); valid after start(). Task context.
  bool has_link_status() const noexcept { return has_status_; }

 private:
  VirtioNet(std::uintptr_t base, unsigned irq) noexcept : base_(base), irq_(irq) {}
  void reclaim_tx() noexcept;

  std::uintptr_t base_;
  unsigned irq_;
  net::MacAddress mac_{};
  bool has_status_ = false;
  std::uint32_t dropped_ = 0;
  std::uint32_t tx_full_ = 0;
};

}  // namespace mote::riscv_virt
