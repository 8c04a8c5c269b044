// mote/net/driver.hpp: what the network stack needs from an Ethernet NIC driver.
//
// A board's `mote::board::network()` returns its NIC as a net::Driver with the NIC's interrupt
// already bound. The stack's runner task is the driver's only user: every function below is
// called from that task (thread mode, the runner's executor), never from an interrupt. The
// driver's interrupt handler does no more than note the event and wake the waker the runner
// registered, so lwIP never runs in an interrupt.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "mote/net/types.hpp"
#include "mote/waker.hpp"

namespace mote::net {

class Driver {
 public:
  /// The largest frame (Ethernet header and payload, no FCS) receive() and transmit() handle.
  static constexpr std::size_t kMaxFrame = 1514;

  /// Resets and enables the NIC (receive, transmit, its interrupt). Called once, by the runner.
  virtual void start() noexcept = 0;
  /// The NIC's Ethernet address (valid after start()).
  virtual MacAddress mac_address() const noexcept = 0;
  /// Whether the PHY reports a link.
  virtual bool link_up() noexcept = 0;
  /// Copies the next received frame (without FCS) into `frame` and returns its length; 0 if no
  /// frame is waiting. A frame that is bad or longer than `frame` is dropped and the next one
  /// returned.
  virtual std::size_t receive(std::span<std::byte> frame) noexcept = 0;
  /// Sends one frame (at most kMaxFrame bytes, no FCS). False if the NIC cannot take it.
  virtual bool transmit(std::span<const std::byte> frame) noexcept = 0;
  /// Arranges for `waker` to be woken when a frame arrives; returns true if one is waiting
  /// already (then nothing is armed).
  virtual bool wait_receive(Waker waker) noexcept = 0;
  /// Frames the NIC or the driver dropped (malformed, too long, overrun): Stack::counters().
  virtual std::uint32_t dropped() const noexcept { return 0; }
  /// Frames transmit() accepted that the NIC has not sent yet. A FIFO NIC has sent a frame when
  /// transmit() returns (0); a DMA NIC (virtio-net) sends from its ring a little later, so a
  /// program about to stop (or reset) waits for 0 first, or its last frames are lost.
  virtual std::size_t transmit_pending() noexcept { return 0; }

 protected:
  Driver() = default;
  ~Driver() = default;  // drivers live in static storage; never deleted through this interface
};

}  // namespace mote::net
