// The LAN9118 driver (mote/cmsdk/lan9118.hpp). Register offsets and bits are those of the SMSC
// LAN9118 data sheet; QEMU's model (hw/net/lan9118.c) implements the subset used here: the RX
// data and status FIFOs, the TX data FIFO with command words A/B, MAC CSRs through
// MAC_CSR_CMD/DATA, PHY registers through MII_ACC/DATA, and INT_STS/INT_EN/IRQ_CFG. Its
// interrupt output is active low unless IRQ_CFG selects push-pull, active high (IRQ_TYPE |
// IRQ_POL), which is what the NVIC line needs.
#include "mote/cmsdk/lan9118.hpp"

#include <cstring>

#include <mote/platform/port.hpp>

#include "mote/cmsdk/regs.hpp"
#include "mote/cortex_m.hpp"
#include "mote/cortex_m/nvic_priority.hpp"
#include "mote/panic.hpp"

namespace mote::cmsdk {

namespace {
// ---- registers (offsets from Lan9118::kBase) ----
constexpr std::uintptr_t kRxData = 0x00;
constexpr std::uintptr_t kTxData = 0x20;
constexpr std::uintptr_t kRxStatus = 0x40;
constexpr std::uintptr_t kTxStatus = 0x48;
constexpr std::uintptr_t kIrqCfg = 0x54;
constexpr std::uintptr_t kIntSts = 0x58;
constexpr std::uintptr_t kIntEn = 0x5C;
constexpr std::uintptr_t kByteTest = 0x64;
constexpr std::uintptr_t kFifoInt = 0x68;
constexpr std::uintptr_t kRxCfg = 0x6C;
constexpr std::uintptr_t kTxCfg = 0x70;
constexpr std::uintptr_t kHwCfg = 0x74;
constexpr std::uintptr_t kRxFifoInf = 0x7C;
constexpr std::uintptr_t kTxFifoInf = 0x80;
constexpr std::uintptr_t kPmtCtrl = 0x84;
constexpr std::uintptr_t kMacCsrCmd = 0xA4;
constexpr std::uintptr_t kMacCsrData = 0xA8;

constexpr std::uint32_t kIrqEn = 1u << 8;
constexpr std::uint32_t kIrqPol = 1u << 4;   // active high
constexpr std::uint32_t kIrqType = 1u << 0;  // push-pull
constexpr std::uint32_t kIntRsfl = 1u << 3;  // RX status FIFO above its level (a frame arrived)
constexpr std::uint32_t kHwCfgSrst = 1u << 0;
constexpr std::uint32_t kPmtReady = 1u << 0;
constexpr std::uint32_t kTxCfgTxOn = 1u << 1;
constexpr std::uint32_t kTxCfgTxSao = 1u << 2;  // the TX status FIFO may overrun (nobody needs it)
constexpr std::uint32_t kRxStatusError = 1u << 15;
constexpr std::uint32_t kTxCmdAFirst = 1u << 13;
constexpr std::uint32_t kTxCmdALast = 1u << 12;
constexpr std::uint32_t kCsrBusy = 1u << 31;
constexpr std::uint32_t kCsrRead = 1u << 30;
// MAC CSRs
constexpr unsigned kMacCr = 1, kMacAddrH = 2, kMacAddrL = 3, kMacMiiAcc = 6, kMacMiiData = 7;
constexpr std::uint32_t kMacCrRxEn = 1u << 2, kMacCrTxEn = 1u << 3, kMacCrFdpx = 1u << 20;
constexpr unsigned kPhyAddr = 1, kPhyBasicStatus = 1;
constexpr std::uint32_t kPhyLinkUp = 1u << 2;

constexpr unsigned kIrq = interrupt::ethernet::number;

volatile std::uint32_t& reg(std::uintptr_t offset) noexcept { return reg32(Lan9118::kBase + offset); }
// Reads a FIFO register for its side effect (pops a word). A cast to void of a volatile lvalue
// would not read it.
void pop(std::uintptr_t offset) noexcept {
  const std::uint32_t v = reg(offset);
  (void)v;
}

// The runner's waker: written by the task, read by the interrupt (critical section).
Waker g_waker;
bool g_started = false;

// The controller answers at once in QEMU; on silicon a CSR access takes well under 1 us. The
// bound turns a dead controller into a panic instead of a hang.
void wait_csr() noexcept {
  for (unsigned i = 0; (reg(kMacCsrCmd) & kCsrBusy) != 0; ++i) {
    if (i > 100000) MOTE_PANIC("LAN9118: MAC CSR access does not complete");
  }
}
std::uint32_t mac_read(unsigned r) noexcept {
  wait_csr();
  reg(kMacCsrCmd) = kCsrBusy | kCsrRead | r;
  wait_csr();
  return reg(kMacCsrData);
}
void mac_write(unsigned r, std::uint32_t v) noexcept {
  wait_csr();
  reg(kMacCsrData) = v;
  reg(kMacCsrCmd) = kCsrBusy | r;
  wait_csr();
}
std::uint32_t phy_read(unsigned r) noexcept {
  mac_write(kMacMiiAcc, (kPhyAddr << 11) | (r << 6) | 1u /* MIIBZY */);
  for (unsigned i = 0; (mac_read(kMacMiiAcc) & 1u) != 0; ++i) {
    if (i > 100000) MOTE_PANIC("LAN9118: PHY access does not complete");
  }
  return mac_read(kMacMiiData) & 0xFFFFu;
}
}  // namespace

void lan9118::InterruptHandler::on_interrupt() noexcept {
  // A frame arrived: mask the source (the line is level-triggered and stays high while
  // INT_STS & INT_EN), and hand the work to the runner. wait_receive unmasks it.
  reg(kIntEn) = 0;
  reg(kIntSts) = kIntRsfl;
  const platform::CsState cs = platform::cs_enter();
  const Waker w = g_waker;
  platform::cs_exit(cs);
  w.wake();
}

void Lan9118::start() noexcept {
  if (g_started) MOTE_PANIC("LAN9118: started twice");
  g_started = true;
  if (reg(kByteTest) != 0x87654321u) MOTE_PANIC("LAN9118: no controller at {:010x}", static_cast<unsigned long>(kBase));
  cortex_m::nvic::disable(kIrq);
  reg(kHwCfg) = kHwCfgSrst;
  for (unsigned i = 0; (reg(kHwCfg) & kHwCfgSrst) != 0 || (reg(kPmtCtrl) & kPmtReady) == 0; ++i) {
    if (i > 1000000) MOTE_PANIC("LAN9118: does not come out of reset");
  }
  // The address the EEPROM loaded (QEMU: the -nic's, 52:54:00:12:34:56 by default).
  const std::uint32_t lo = mac_read(kMacAddrL), hi = mac_read(kMacAddrH);
  mac_ = {static_cast<std::uint8_t>(lo), static_cast<std::uint8_t>(lo >> 8), static_cast<std::uint8_t>(lo >> 16),
          static_cast<std::uint8_t>(lo >> 24), static_cast<std::uint8_t>(hi), static_cast<std::uint8_t>(hi >> 8)};
  if ((lo == 0 && (hi & 0xFFFFu) == 0) || (lo == 0xFFFFFFFFu && (hi & 0xFFFFu) == 0xFFFFu)) {
    mac_ = {0x02, 0x00, 0x00, 0x00, 0x91, 0x18};  // no EEPROM: a locally administered one
    mac_write(kMacAddrL, 0x00000002u);
    mac_write(kMacAddrH, 0x1891u);
  }
  reg(kIntEn) = 0;
  reg(kIntSts) = 0xFFFFFFFFu;
  reg(kFifoInt) = 0x48000000u;  // RX status level 0: one frame raises RSFL
  reg(kIrqCfg) = kIrqEn | kIrqPol | kIrqType;
  reg(kRxCfg) = 0;  // no offset, 4-byte end alignment
  reg(kTxCfg) = kTxCfgTxOn | kTxCfgTxSao;
  // Our address and broadcast only (reset leaves it promiscuous), full duplex.
  mac_write(kMacCr, kMacCrTxEn | kMacCrRxEn | kMacCrFdpx);
  cortex_m::set_priority_level(kIrq, 1);
  cortex_m::nvic::clear_pending(kIrq);
  cortex_m::nvic::enable(kIrq);
}

bool Lan9118::link_up() noexcept { return (phy_read(kPhyBasicStatus) & kPhyLinkUp) != 0; }

bool Lan9118::wait_receive(Waker waker) noexcept {
  const platform::CsState cs = platform::cs_enter();
  g_waker = waker;
  platform::cs_exit(cs);
  // Clear the latched event first: a frame arriving after the check below latches it again
  // and, once unmasked, interrupts.
  reg(kIntSts) = kIntRsfl;
  if (((reg(kRxFifoInf) >> 16) & 0xFFu) != 0) return true;
  reg(kIntEn) = kIntRsfl;
  return false;
}

std::size_t Lan9118::receive(std::span<std::byte> frame) noexcept {
  while (((reg(kRxFifoInf) >> 16) & 0xFFu) != 0) {
    const std::uint32_t status = reg(kRxStatus);
    const std::uint32_t len = (status >> 16) & 0x3FFFu;  // with the 4-byte FCS
    const std::uint32_t words = (len + 3) / 4;
    const bool bad = (status & kRxStatusError) != 0 || len < 14 + 4 || len - 4 > frame.size();
    if (bad) {
      for (std::uint32_t i = 0; i < words; ++i) pop(kRxData);
      ++dropped_;
      continue;
    }
    const std::uint32_t n = len - 4;
    std::byte* out = frame.data();
    for (std::uint32_t i = 0, at = 0; i < words; ++i, at += 4) {
      const std::uint32_t w = reg(kRxData);  // little-endian: first byte in bits 7..0
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

bool Lan9118::transmit(std::span<const std::byte> frame) noexcept {
  const std::uint32_t len = static_cast<std::uint32_t>(frame.size());
  if (len == 0 || len > kMaxFrame) {
    ++dropped_;
    return false;
  }
  const std::uint32_t words = (len + 3) / 4;
  // Room for the command words and the data. QEMU sends a frame as its last word arrives, so
  // the FIFO is empty between frames; on silicon it drains at line rate (about 1.3 ms for a
  // full FIFO at 100 Mbit/s), so the wait is bounded.
  for (unsigned i = 0; (reg(kTxFifoInf) & 0xFFFFu) < words * 4 + 8; ++i) {
    if (i > 200000) {
      ++dropped_;
      return false;
    }
  }
  reg(kTxData) = kTxCmdAFirst | kTxCmdALast | len;
  reg(kTxData) = (len << 16) | len;  // tag = length, then the packet length
  const std::byte* in = frame.data();
  for (std::uint32_t at = 0; at < len; at += 4) {
    std::uint32_t w = 0;
    std::memcpy(&w, in + at, len - at >= 4 ? 4 : len - at);
    reg(kTxData) = w;
  }
  while (((reg(kTxFifoInf) >> 16) & 0xFFu) != 0) pop(kTxStatus);  // not needed: discard
  return true;
}

}  // namespace mote::cmsdk
