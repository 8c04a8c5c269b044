// The LM3S6965 Ethernet driver (mote/lm3s6965/ethernet.hpp). Register offsets and bits are
// those of the TI Stellaris LM3S6965 data sheet (Ethernet Controller chapter). QEMU's model
// (hw/net/stellaris_enet.c) implements: RIS/IACK, IM, RCTL (RXEN, RSTFIFO), TCTL, the DATA FIFO
// in both directions, IA0/IA1 (the -nic's MAC address), NP (frames in the RX FIFO) and TR
// (NEWTX). It does not model the PHY: MII reads (MCTL/MRXD) return 0, which no real PHY's
// status register does, so that value means "no PHY model: the link is up".
#include "mote/lm3s6965/ethernet.hpp"

#include <cstring>

#include <mote/platform/port.hpp>

#include "mote/cortex_m.hpp"
#include "mote/cortex_m/nvic_priority.hpp"
#include "mote/lm3s6965/regs.hpp"
#include "mote/panic.hpp"

namespace mote::lm3s6965 {

namespace {
// ---- registers (offsets from Ethernet::kBase) ----
constexpr std::uintptr_t kRis = 0x00;  // read: raw interrupt status; write: IACK
constexpr std::uintptr_t kIm = 0x04;
constexpr std::uintptr_t kRctl = 0x08;
constexpr std::uintptr_t kTctl = 0x0C;
constexpr std::uintptr_t kData = 0x10;
constexpr std::uintptr_t kIa0 = 0x14;
constexpr std::uintptr_t kIa1 = 0x18;
constexpr std::uintptr_t kMctl = 0x20;
constexpr std::uintptr_t kMdv = 0x24;
constexpr std::uintptr_t kMrxd = 0x30;
constexpr std::uintptr_t kNp = 0x34;
constexpr std::uintptr_t kTr = 0x38;

constexpr std::uint32_t kIntRx = 1u << 0;   // a frame arrived
constexpr std::uint32_t kIntFov = 1u << 3;  // RX FIFO overrun: a frame was lost
constexpr std::uint32_t kRctlRxEn = 1u << 0;
constexpr std::uint32_t kRctlBadCrc = 1u << 3;  // reject frames with a bad FCS
constexpr std::uint32_t kRctlRstFifo = 1u << 4;
constexpr std::uint32_t kTctlTxEn = 1u << 0;
constexpr std::uint32_t kTctlPadEn = 1u << 1;  // pad short frames to 60 bytes
constexpr std::uint32_t kTctlCrc = 1u << 2;    // append the FCS
constexpr std::uint32_t kTctlDuplex = 1u << 3;
constexpr std::uint32_t kTrNewTx = 1u << 0;
constexpr std::uint32_t kMctlStart = 1u << 0;
constexpr unsigned kMctlRegAdrShift = 3;
constexpr unsigned kPhyStatus = 1;  // MR1
constexpr std::uint32_t kPhyLinkUp = 1u << 2;
// RCGC2: the MAC's and the PHY's clocks.
constexpr std::uint32_t kRcgc2Emac0 = 1u << 28;
constexpr std::uint32_t kRcgc2Ephy0 = 1u << 30;
// The RX FIFO holds 2 KiB: a frame length (2 bytes, FCS and length field included) above it is
// a corrupted FIFO.
constexpr std::uint32_t kFifoBytes = 2048;

constexpr unsigned kIrq = interrupt::ethernet::number;

volatile std::uint32_t& reg(std::uintptr_t offset) noexcept { return reg32(Ethernet::kBase + offset); }
std::uint32_t pop() noexcept { return reg(kData); }

// The runner's waker: written by the task, read by the interrupt (critical section).
Waker g_waker;
bool g_started = false;

void reset_rx_fifo() noexcept {
  reg(kRctl) = kRctlBadCrc | kRctlRstFifo;
  reg(kRctl) = kRctlBadCrc | kRctlRxEn;
}
}  // namespace

void ethernet::InterruptHandler::on_interrupt() noexcept {
  // A frame arrived: mask the source (the line stays high while RIS & IM) and hand the work to
  // the runner; wait_receive unmasks it.
  reg(kIm) = 0;
  reg(kRis) = kIntRx;
  const platform::CsState cs = platform::cs_enter();
  const Waker w = g_waker;
  platform::cs_exit(cs);
  w.wake();
}

void Ethernet::start() noexcept {
  if (g_started) MOTE_PANIC("lm3s6965 Ethernet: started twice");
  g_started = true;
  cortex_m::nvic::disable(kIrq);
  reg32(sysctl::kRcgc2) = reg32(sysctl::kRcgc2) | kRcgc2Emac0 | kRcgc2Ephy0;
  static_cast<void>(std::uint32_t{reg32(sysctl::kRcgc2)});  // a gated-on peripheral needs a few cycles
  reg(kIm) = 0;  // reset enables every source
  reg(kRis) = 0x7Fu;
  // MDC at most 2.5 MHz: the divider is (system clock / (2 x 2.5 MHz)) - 1 ~ 10 at 50 MHz.
  reg(kMdv) = 10;
  // The address QEMU's -nic gives (52:54:00:12:34:56 by default); on silicon the boot code
  // programs it from the USER0/USER1 flash registers, which are erased (all ones) on a blank part.
  const std::uint32_t lo = reg(kIa0), hi = reg(kIa1);
  mac_ = {static_cast<std::uint8_t>(lo), static_cast<std::uint8_t>(lo >> 8), static_cast<std::uint8_t>(lo >> 16),
          static_cast<std::uint8_t>(lo >> 24), static_cast<std::uint8_t>(hi), static_cast<std::uint8_t>(hi >> 8)};
  if ((lo == 0 && (hi & 0xFFFFu) == 0) || (lo == 0xFFFFFFFFu && (hi & 0xFFFFu) == 0xFFFFu)) {
    mac_ = {0x02, 0x00, 0x00, 0x00, 0x69, 0x65};  // a locally administered one
    reg(kIa0) = 0x00000002u;
    reg(kIa1) = 0x6569u;
  }
  reg(kTctl) = kTctlTxEn | kTctlPadEn | kTctlCrc | kTctlDuplex;
  reset_rx_fifo();  // our address, broadcast; no multicast, not promiscuous
  cortex_m::set_priority_level(kIrq, 1);
  cortex_m::nvic::clear_pending(kIrq);
  cortex_m::nvic::enable(kIrq);
}

bool Ethernet::link_up() noexcept {
  reg(kMctl) = (kPhyStatus << kMctlRegAdrShift) | kMctlStart;
  for (unsigned i = 0; (reg(kMctl) & kMctlStart) != 0; ++i) {
    if (i > 100000) MOTE_PANIC("lm3s6965 Ethernet: PHY access does not complete");
  }
  const std::uint32_t status = reg(kMrxd) & 0xFFFFu;
  return status == 0 || (status & kPhyLinkUp) != 0;  // 0: QEMU models no PHY (see the top)
}

bool Ethernet::wait_receive(Waker waker) noexcept {
  const platform::CsState cs = platform::cs_enter();
  g_waker = waker;
  platform::cs_exit(cs);
  // Acknowledge first: a frame arriving after the check below sets RXINT again and, once
  // unmasked, interrupts.
  reg(kRis) = kIntRx;
  if ((reg(kNp) & 0x3Fu) != 0) return true;
  reg(kIm) = kIntRx;
  return false;
}

std::size_t Ethernet::receive(std::span<std::byte> frame) noexcept {
  if ((reg(kRis) & kIntFov) != 0) {  // the FIFO was full: the frame is gone
    reg(kRis) = kIntFov;
    ++dropped_;
  }
  while ((reg(kNp) & 0x3Fu) != 0) {
    // First word: the frame length in bits 15:0 (the 2-byte length field, the frame and its
    // 4-byte FCS), then the frame's first two bytes.
    const std::uint32_t first = pop();
    const std::uint32_t len = first & 0xFFFFu;
    if (len > kFifoBytes) {  // not a length: the FIFO is out of step; start it afresh
      reset_rx_fifo();
      ++dropped_;
      return 0;
    }
    const std::uint32_t words = len <= 4 ? 1 : (len + 3) / 4;
    const bool bad = len < 2 + 14 + 4 || len - 6 > frame.size();
    if (bad) {
      for (std::uint32_t i = 1; i < words; ++i) pop();
      ++dropped_;
      continue;
    }
    const std::uint32_t n = len - 6;
    std::byte* out = frame.data();
    out[0] = static_cast<std::byte>(first >> 16);
    out[1] = static_cast<std::byte>(first >> 24);
    for (std::uint32_t i = 1, at = 2; i < words; ++i, at += 4) {
      const std::uint32_t w = pop();  // little-endian: the first byte in bits 7..0
      if (at + 4 <= n) {
        std::memcpy(out + at, &w, 4);
      } else if (at < n) {
        std::memcpy(out + at, &w, n - at);
      }
    }
    return n;
  }
  return 0;
}

bool Ethernet::transmit(std::span<const std::byte> frame) noexcept {
  const std::uint32_t len = static_cast<std::uint32_t>(frame.size());
  if (len < 14 || len > kMaxFrame) {
    ++dropped_;
    return false;
  }
  // The previous frame must have left the FIFO (QEMU sends at once; silicon at line rate,
  // about 120 us for a full frame at 100 Mbit/s).
  for (unsigned i = 0; (reg(kTr) & kTrNewTx) != 0; ++i) {
    if (i > 200000) {
      ++dropped_;
      return false;
    }
  }
  const std::byte* in = frame.data();
  // First word: the payload length (the frame without its 14-byte header), then the first two
  // bytes of the frame.
  reg(kData) = (len - 14) | static_cast<std::uint32_t>(in[0]) << 16 | static_cast<std::uint32_t>(in[1]) << 24;
  for (std::uint32_t at = 2; at < len; at += 4) {
    std::uint32_t w = 0;
    std::memcpy(&w, in + at, len - at >= 4 ? 4 : len - at);
    reg(kData) = w;
  }
  reg(kTr) = kTrNewTx;
  return true;
}

}  // namespace mote::lm3s6965
