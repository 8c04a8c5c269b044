// mote/cmsdk/lan9118.hpp: the SMSC LAN9118 Ethernet controller of the MPS2 boards (AN385/AN386:
// at 0x40200000, interrupt 13), as a mote::net::Driver. docs/net.md.
//
// Boards hand it out through mote::board::network(), which binds its interrupt:
//   MOTE_BIND_INTERRUPTS(NetIrqs, (ethernet, mote::cmsdk::lan9118::InterruptHandler));
//   static mote::cmsdk::Lan9118 nic(NetIrqs{});
//
// The controller keeps received frames in its own FIFO (about 10 KiB in QEMU's model) with a
// status word per frame; the driver copies a frame out when the runner asks for it, so nothing
// is lost or copied in the interrupt. The interrupt (RX status FIFO level: a frame arrived)
// acknowledges itself and wakes the runner. Transmit writes a frame into the TX data FIFO with
// its two command words; the controller sends it once the last word is in. PIO only (the chip
// has no bus-master DMA). What QEMU's model (hw/net/lan9118.c) implements and what this driver
// relies on is listed in docs/net.md.
#pragma once

#include <cstdint>

#include "mote/cmsdk/interrupts.hpp"
#include "mote/hal/interrupts.hpp"
#include "mote/net/driver.hpp"

namespace mote::cmsdk {

namespace lan9118 {
/// The handler to bind to interrupt `ethernet`; on_interrupt() is interrupt context only.
struct InterruptHandler {
  using interrupt = ::mote::cmsdk::interrupt::ethernet;
  static void on_interrupt() noexcept;
};
}  // namespace lan9118

class Lan9118 final : public net::Driver {
 public:
  static constexpr std::uintptr_t kBase = 0x40200000u;

  /// The driver for the board's LAN9118; `Irqs` must bind interrupt `ethernet` to
  /// lan9118::InterruptHandler (compile error otherwise). Not started: the stack calls start().
  /// Thread mode; one per program.
  template <class Irqs>
  explicit Lan9118(const Irqs&) noexcept {
    static_assert(hal::Binds<Irqs, interrupt::ethernet, lan9118::InterruptHandler>,
                  "mote: cmsdk::Lan9118 needs interrupt ethernet bound to its handler. Add, once, at namespace "
                  "scope: MOTE_BIND_INTERRUPTS(Irqs, (ethernet, mote::cmsdk::lan9118::InterruptHandler)); and "
                  "pass Irqs{} to the constructor");
  }

  // net::Driver: task context (the stack's runner), see mote/net/driver.hpp.
  void start() noexcept override;
  net::MacAddress mac_address() const noexcept override { return mac_; }
  bool link_up() noexcept override;
  std::size_t receive(std::span<std::byte> frame) noexcept override;
  bool transmit(std::span<const std::byte> frame) noexcept override;
  bool wait_receive(Waker waker) noexcept override;

  /// Frames dropped: bad status, too long for the caller's buffer, or no room in the TX FIFO.
  std::uint32_t dropped() const noexcept override { return dropped_; }

 private:
  net::MacAddress mac_{};
  std::uint32_t dropped_ = 0;
};

}  // namespace mote::cmsdk
