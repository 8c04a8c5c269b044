// mote/lm3s6965/ethernet.hpp: the LM3S6965's Ethernet controller (MAC and PHY on chip, at
// 0x40048000, interrupt 42) as a mote::net::Driver. docs/net.md.
//
// Boards hand it out through mote::board::network(), which binds its interrupt:
//   MOTE_BIND_INTERRUPTS(NetIrqs, (ethernet, mote::lm3s6965::ethernet::InterruptHandler));
//   static mote::lm3s6965::Ethernet nic(NetIrqs{});
//
// Received frames wait in the controller's 2 KiB RX FIFO (up to 31 frames in QEMU's model,
// `stellaris_enet`); the interrupt (RXINT: a frame arrived) masks itself and wakes the runner,
// which copies frames out with receive(). Nothing is copied in the interrupt. Transmit writes
// the frame into the TX FIFO (the first word carries the payload length) and sets TR.NEWTX.
// Programmed I/O only (the chip has no DMA). What QEMU's model implements and what this driver
// relies on is listed in docs/net.md.
#pragma once

#include <cstdint>

#include "mote/hal/interrupts.hpp"
#include "mote/lm3s6965/interrupts.hpp"
#include "mote/net/driver.hpp"

namespace mote::lm3s6965 {

namespace ethernet {
/// The handler to bind to interrupt `ethernet`; on_interrupt() is interrupt context only.
struct InterruptHandler {
  using interrupt = ::mote::lm3s6965::interrupt::ethernet;
  static void on_interrupt() noexcept;
};
}  // namespace ethernet

class Ethernet final : public net::Driver {
 public:
  static constexpr std::uintptr_t kBase = 0x40048000u;

  /// The driver for the chip's Ethernet controller; `Irqs` must bind interrupt `ethernet` to
  /// ethernet::InterruptHandler (compile error otherwise). Not started: the stack calls
  /// start(). Thread mode; one per program.
  template <class Irqs>
  explicit Ethernet(const Irqs&) noexcept {
    static_assert(hal::Binds<Irqs, interrupt::ethernet, ethernet::InterruptHandler>,
                  "mote: lm3s6965::Ethernet needs interrupt ethernet bound to its handler. Add, once, at namespace "
                  "scope: MOTE_BIND_INTERRUPTS(Irqs, (ethernet, mote::lm3s6965::ethernet::InterruptHandler)); and "
                  "pass Irqs{} to the constructor");
  }

  // net::Driver: task context (the stack's runner), see mote/net/driver.hpp.
  void start() noexcept override;
  net::MacAddress mac_address() const noexcept override { return mac_; }
  bool link_up() noexcept override;
  std::size_t receive(std::span<std::byte> frame) noexcept override;
  bool transmit(std::span<const std::byte> frame) noexcept override;
  bool wait_receive(Waker waker) noexcept override;

  /// Frames dropped: malformed, too long for the caller's buffer, lost to a full RX FIFO
  /// (counted once per overrun event), or not sent (too long, TX busy). Task context.
  std::uint32_t dropped() const noexcept override { return dropped_; }

 private:
  net::MacAddress mac_{};
  std::uint32_t dropped_ = 0;
};

}  // namespace mote::lm3s6965
