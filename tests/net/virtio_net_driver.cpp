// The virtio-net driver on its own (riscv32-virt; virtio_net_driver.py is the whole network over
// QEMU's socket backend and drives it). No lwIP: the driver as the stack's runner uses it.
// - The MAC address comes from the device's configuration space (the test gives the device
//   52:54:00:ab:cd:ef, not QEMU's default), the link from VIRTIO_NET_F_STATUS.
// - transmit() refuses a 13-byte and a 1515-byte frame (counted in dropped()).
// - A full transmit ring: QEMU runs with `tx=timer,x-txtimer=500000000`, so the device takes
//   the frames only after 0.5 s of virtual time; 8 frames fill the ring, the 9th is refused
//   after the driver's bounded wait (tx_ring_full()); after 1 s they are all sent and the next
//   frame goes out. The script checks that exactly frames 0..7 and 9 arrive, in order.
// - Receive, woken by the interrupt: a 1514-byte frame arrives intact; a 1515-byte one is
//   dropped and counted; 40 frames sent while the firmware sleeps (more than the 16 receive
//   buffers: QEMU holds the rest until buffers come back) all arrive, in order.
// Exits 0 if all of it held.
#include <mote/mote.hpp>
#include <mote/net.hpp>

#include <cstdio>
#include <cstring>

#include "mote/riscv_virt/virtio_net.hpp"

namespace net = mote::net;
using namespace mote::literals;

static void fail(const char* what) {
  std::printf("virtio_net: FAILED: %s\n", what);
  mote::exit(1);
}

// Completes once the driver holds a received frame (wait_receive: the interrupt wakes it).
class FrameArrived {
 public:
  explicit FrameArrived(net::Driver& d) noexcept : d_(&d) {}
  bool poll(mote::Waker w) noexcept {
    ++polls_;
    return d_->wait_receive(w);
  }
  unsigned take() const noexcept { return polls_; }

 private:
  net::Driver* d_;
  unsigned polls_ = 0;
};

static constexpr std::uint16_t kTestType = 0x88B5;  // IEEE local experimental EtherType
static std::byte frame[1600];

// A 60-byte frame to the broadcast address, EtherType kTestType, payload byte `n`.
static std::span<const std::byte> numbered(const net::MacAddress& mac, unsigned n) {
  std::memset(frame, 0, 60);
  std::memset(frame, 0xFF, 6);
  std::memcpy(frame + 6, mac.data(), 6);
  frame[12] = std::byte{kTestType >> 8};
  frame[13] = std::byte{kTestType & 0xFF};
  frame[14] = static_cast<std::byte>(n);
  return {frame, 60};
}

MOTE_MAIN(spawner) {
  static_cast<void>(spawner);
  auto& nic = static_cast<mote::riscv_virt::VirtioNet&>(mote::board::network());
  nic.start();
  const net::MacAddress mac = nic.mac_address();
  std::printf("virtio_net: mac %02x:%02x:%02x:%02x:%02x:%02x, link status %s, link %s\n", mac[0], mac[1], mac[2],
              mac[3], mac[4], mac[5], nic.has_link_status() ? "yes" : "no", nic.link_up() ? "up" : "down");
  if (mac != net::MacAddress{0x52, 0x54, 0x00, 0xab, 0xcd, 0xef}) fail("not the device's MAC address");
  if (!nic.has_link_status() || !nic.link_up()) fail("link status");

  // Bad lengths.
  if (nic.transmit({frame, 13}) || nic.transmit({frame, 1515})) fail("a frame of 13 or 1515 bytes sent");
  if (nic.dropped() != 2) fail("bad lengths not counted");
  std::printf("virtio_net: 13- and 1515-byte frames refused\n");

  // The ring full while the device holds its transmit timer.
  for (unsigned i = 0; i < mote::riscv_virt::virtio_net::kTxQueueSize; ++i) {
    if (!nic.transmit(numbered(mac, i))) fail("a frame refused before the ring was full");
  }
  const mote::Instant t0 = mote::Instant::now();
  if (nic.transmit(numbered(mac, 8))) fail("a 9th frame taken while 8 are with the device");
  const auto waited = (mote::Instant::now() - t0).as_micros();
  if (nic.tx_ring_full() != 1 || nic.dropped() != 3) fail("the full ring not counted");
  std::printf("virtio_net: 8 frames in flight, the 9th refused after %lu us: ring full\n",
              static_cast<unsigned long>(waited));
  co_await mote::Timer::after(1_s);  // the device's 0.5 s transmit timer frees the ring
  if (!nic.transmit(numbered(mac, 9))) fail("the ring did not drain");
  std::printf("virtio_net: tx ok\n");

  // Receive: one full-size frame, checked byte by byte.
  static std::byte rx[net::Driver::kMaxFrame];
  std::size_t n = 0;
  while ((n = nic.receive(rx)) == 0) co_await FrameArrived(nic);
  if (n != 1514) fail("the 1514-byte frame's length");
  for (std::size_t i = 14; i < n; ++i) {
    if (rx[i] != static_cast<std::byte>(i * 7 + 3)) fail("the 1514-byte frame's bytes");
  }
  std::printf("virtio_net: 1514-byte frame intact\n");

  // The script now sends a 1515-byte frame and 40 numbered ones; reading none of them for a
  // while leaves the device with no buffers and QEMU with the rest.
  co_await mote::Timer::after(500_ms);
  const std::uint32_t dropped = nic.dropped();
  unsigned got = 0, waits = 0;
  while (got < 40) {
    n = nic.receive(rx);
    if (n == 0) {
      FrameArrived wait(nic);
      co_await wait;
      ++waits;
      continue;
    }
    if (n < 15 || rx[12] != std::byte{kTestType >> 8} || rx[13] != std::byte{kTestType & 0xFF}) continue;
    if (rx[14] != static_cast<std::byte>(got)) fail("the burst out of order");
    ++got;
  }
  if (nic.dropped() != dropped + 1) fail("the 1515-byte frame not counted");
  std::printf("virtio_net: 40 frames in order, the 1515-byte one dropped and counted (%u waits)\n", waits);
  std::printf("virtio_net: ok\n");
  mote::exit(0);
}
