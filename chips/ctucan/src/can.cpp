// The CTU CAN FD driver's code: set-up, the line's interrupt service, the futures
// (mote/ctucan/can.hpp).
#include "mote/ctucan/can.hpp"

#include <algorithm>
#include <utility>

#include <mote/platform/port.hpp>

#include "mote/critical_section.hpp"
#include "mote/panic.hpp"
#include "mote/ctucan/regs.hpp"

namespace mote::ctucan {
namespace {

inline volatile std::uint32_t& reg(const State& s, std::uintptr_t offset) noexcept {
  return *reinterpret_cast<volatile std::uint32_t*>(s.base + offset);
}

std::uint32_t frames_waiting(const State& s) noexcept {
  return reg(s, regs::kRxStatus) >> regs::kRxStatusFrcShift & regs::kRxStatusFrcMask;
}

// Whether the core is bus-off. If it is, also asks it to rejoin the bus (ERCRST: the core does
// not recover on its own) once it has seen 128 x 11 recessive bits; until then every call
// reports it again.
bool bus_off(const State& s) noexcept {
  if ((reg(s, regs::kFault) & regs::kFaultBof) == 0) return false;
  reg(s, regs::kCommand) = regs::kCommandErcrst;
  return true;
}

unsigned tx_state(const State& s) noexcept { return reg(s, regs::kTxStatus) & 0xf; }  // TXT buffer 1

// The data length code of an FD length (hal::CanFrame::fd_length_ok), and back.
std::uint32_t length_to_dlc(std::uint8_t n) noexcept {
  if (n <= 8) return n;
  constexpr std::uint8_t kLengths[] = {12, 16, 20, 24, 32, 48, 64};
  return 9 + static_cast<std::uint32_t>(std::find(std::begin(kLengths), std::end(kLengths), n) - std::begin(kLengths));
}
std::uint8_t dlc_to_length(std::uint32_t dlc, bool fd) noexcept {
  constexpr std::uint8_t kLengths[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 20, 24, 32, 48, 64};
  return fd ? kLengths[dlc & 0xf] : static_cast<std::uint8_t>(std::min<std::uint32_t>(dlc & 0xf, 8));
}

// Reads the frame at the head of the FIFO, all its words (the FIFO advances per word read).
// Inside the critical section, with at least one frame waiting.
hal::CanFrame read_frame(const State& s) noexcept {
  volatile std::uint32_t& data = reg(s, regs::kRxData);
  const std::uint32_t form = data;
  const std::uint32_t words = form >> regs::kFrameRwcntShift & 0x1f;  // after FRAME_FORMAT_W
  const std::uint32_t id = data;
  // The two timestamp words: read (each read advances the FIFO), not kept.
  [[maybe_unused]] const std::uint32_t timestamp_low = data;
  [[maybe_unused]] const std::uint32_t timestamp_high = data;
  hal::CanFrame f;
  f.extended = (form & regs::kFrameIde) != 0;
  f.id = f.extended ? (id & 0x1fff'ffffu) : (id >> regs::kIdBaseShift & 0x7ffu);
  f.remote = (form & regs::kFrameRtr) != 0;
  f.fd = (form & regs::kFrameFdf) != 0;
  f.bit_rate_switch = f.fd && (form & regs::kFrameBrs) != 0;
  f.length = dlc_to_length(form & regs::kFrameDlcMask, f.fd);
  const std::uint32_t data_words = words >= 3 ? words - 3 : 0;
  for (std::uint32_t w = 0; w < data_words; ++w) {
    const std::uint32_t v = data;
    for (unsigned b = 0; b < 4 && 4 * w + b < f.data.size(); ++b) f.data[4 * w + b] = std::byte(v >> (8 * b));
  }
  if (f.remote) f.data = {};  // a remote frame carries no data, only the length it asks for
  return f;
}

// Puts `f` (valid) into TXT buffer 1. Inside the critical section, the buffer not in use.
void write_frame(const State& s, const hal::CanFrame& f) noexcept {
  const std::uint32_t data_words = f.remote ? 0 : (f.length + 3u) / 4u;
  std::uint32_t form = length_to_dlc(f.length) | (3u + data_words) << regs::kFrameRwcntShift;
  if (f.remote) form |= regs::kFrameRtr;
  if (f.extended) form |= regs::kFrameIde;
  if (f.fd) form |= regs::kFrameFdf;
  if (f.bit_rate_switch) form |= regs::kFrameBrs;
  const std::uint32_t id = f.extended ? f.id : f.id << regs::kIdBaseShift;
  reg(s, regs::kTxtb1 + 0x0) = form;
  reg(s, regs::kTxtb1 + 0x4) = id;
  reg(s, regs::kTxtb1 + 0x8) = 0;  // timestamp: send at once (time-triggered mode is off)
  reg(s, regs::kTxtb1 + 0xc) = 0;
  for (std::uint32_t w = 0; w < data_words; ++w) {
    std::uint32_t v = 0;
    for (unsigned b = 0; b < 4; ++b) v |= std::to_integer<std::uint32_t>(f.data[4 * w + b]) << (8 * b);
    reg(s, regs::kTxtb1 + 0x10 + 4 * w) = v;
  }
}

// Why the frame in TXT buffer 1 failed: bus-off, else the error type the core captured.
hal::CanError tx_error(const State& s) noexcept {
  if (bus_off(s)) return hal::CanError::BusOff;
  switch (reg(s, regs::kErrCapt) >> 5 & 0x7) {
    case 0: return hal::CanError::Bit;
    case 1: return hal::CanError::Crc;
    case 2: return hal::CanError::Form;
    case 3: return hal::CanError::Acknowledge;
    case 4: return hal::CanError::Stuff;
    default: return hal::CanError::Other;
  }
}

bool accepts(const State& s, const hal::CanFrame& f) noexcept {
  if (s.filter_count == 0) return true;
  for (std::uint8_t i = 0; i < s.filter_count; ++i) {
    const hal::CanFilter& c = s.filters[i];
    if (c.extended == f.extended && (f.id & c.mask) == (c.id & c.mask)) return true;
  }
  return false;
}

// Serves one core: masks each enabled request it raised (the futures re-enable what they wait
// for) and wakes who waits for it. Interrupt context or critical section.
void service_core(State& s) noexcept {
  const std::uint32_t pending = reg(s, regs::kIntStat) & reg(s, regs::kIntEnaClr);
  if (pending == 0) return;
  reg(s, regs::kIntEnaClr) = pending;
  reg(s, regs::kIntStat) = pending & ~regs::kIntRbnei;  // RBNEI is a level: it clears itself
  s.interrupts = s.interrupts + 1;
  if ((pending & (regs::kIntRbnei | regs::kIntDoi | regs::kIntFcsi)) != 0) s.receivers.wake_one();
  if ((pending & (regs::kIntTxbhci | regs::kIntFcsi)) != 0) s.tx_waker.wake();
}

// After a register write from task context (critical section held): if this core raises no
// request now, QEMU's last-writer-wins INTx line is low even if another core on it has one
// (the header comment), so serve the others here. If it does raise one, the line is up and the
// handler serves every core once the critical section ends.
void resync(State& s) noexcept {
  if ((reg(s, regs::kIntStat) & reg(s, regs::kIntEnaClr)) != 0) return;
  Line& line = *s.line;
  for (unsigned i = 0; i < line.count; ++i) {
    if (line.cores[i] != &s) service_core(*line.cores[i]);
  }
}

}  // namespace

void service(Line& line) noexcept {
  const platform::CsState cs = platform::cs_enter();
  line.interrupts = line.interrupts + 1;
  for (unsigned i = 0; i < line.count; ++i) service_core(*line.cores[i]);
  platform::cs_exit(cs);
}

void start(State& s, std::uintptr_t base, Line& line, const Config& config) noexcept {
  const bool taken = critical_section([&] { return std::exchange(s.claimed, true); });
  if (taken) MOTE_PANIC("ctucan: the core at {:010x} already has a driver", static_cast<unsigned long>(base));
  const std::uint32_t id = *reinterpret_cast<volatile std::uint32_t*>(base + regs::kDeviceId);
  if ((id & 0xffff) != regs::kDeviceIdValue) {
    MOTE_PANIC("ctucan: no CTU CAN FD core at {:010x} (device id {:06x}, not 0xcafd)", static_cast<unsigned long>(base),
                static_cast<unsigned long>(id & 0xffff));
  }
  s.base = base;
  reg(s, regs::kMode) = regs::kModeRst;  // off the bus, FIFOs and buffers emptied
  reg(s, regs::kIntEnaClr) = regs::kIntAll;
  reg(s, regs::kIntMaskClr) = regs::kIntAll;
  reg(s, regs::kIntStat) = regs::kIntAll;
  reg(s, regs::kBtr) = config.btr;
  reg(s, regs::kBtrFd) = config.btr_fd;
  // Buffer 1 at priority 1: the core sends the ready buffer of highest priority, and QEMU 7.2's
  // model never sends one of priority 0 (its TX_PRIORITY starts at 0 for every buffer).
  reg(s, regs::kTxPriority) = 1;
  critical_section([&] {
    s.tx_turn.reset();
    s.tx_waker = Waker{};
    s.overrun = false;
    s.before_overrun = 0;
    s.filter_count = 0;
    s.line = &line;
    if (line.count == kMaxCoresPerLine) MOTE_PANIC("ctucan: more than {} cores on one line", unsigned(kMaxCoresPerLine));
    line.cores[line.count++] = &s;
  });
  reg(s, regs::kMode) = regs::kModeFde | regs::kSettingsEna;  // FD frames allowed (ISO), on the bus
}

void stop(State& s) noexcept {
  critical_section([&] {
    reg(s, regs::kIntEnaClr) = regs::kIntAll;
    reg(s, regs::kMode) = regs::kModeRst;
    Line& line = *s.line;
    auto* end = std::remove(line.cores, line.cores + line.count, &s);
    line.count = static_cast<unsigned>(end - line.cores);
    s.line = nullptr;
    s.claimed = false;
  });
}

void TransmitFuture::finish(int error) noexcept {
  error_ = static_cast<std::int8_t>(error);
  finished_ = true;
  State& s = *s_;
  if (submitted_) reg(s, regs::kTxCommand) = regs::kTxCommandEmpty | regs::kTxCommandBuffer1;
  s.tx_waker = Waker{};
  s.tx_turn.release();  // the next transmit may start
}

bool TransmitFuture::poll(Waker waker) noexcept {
  CriticalSection cs;
  State& s = *s_;
  if (!started_) {
    if (!frame_.valid()) {  // refused before it queues: nothing reaches the core
      error_ = static_cast<std::int8_t>(hal::CanError::FrameTooLong);
      finished_ = true;
      return true;
    }
    if (!s.tx_turn.try_take(this, node_, waker)) return false;
    started_ = true;
  }
  if (!submitted_) {
    const unsigned st = tx_state(s);
    if (st == regs::kTxtReady || st == regs::kTxtTransmitting || st == regs::kTxtAbortPending) {
      // A cancelled transmit's frame is still on its way: wait for its outcome first.
      s.tx_waker = waker;
      reg(s, regs::kIntEnaSet) = regs::kIntTxbhci;
      resync(s);
      return false;
    }
    if (bus_off(s)) {
      finish(static_cast<int>(hal::CanError::BusOff));
      return true;
    }
    if (st != regs::kTxtEmpty) reg(s, regs::kTxCommand) = regs::kTxCommandEmpty | regs::kTxCommandBuffer1;
    write_frame(s, frame_);
    // The "buffer changed" request is enabled before the frame goes: in QEMU the frame reaches
    // the other cores inside the TX_COMMAND write, and this core's request then keeps the shared
    // line up for theirs (resync).
    reg(s, regs::kIntStat) = regs::kIntTxbhci;  // a change before this one is not ours
    s.tx_waker = waker;
    reg(s, regs::kIntEnaSet) = regs::kIntTxbhci | regs::kIntFcsi;
    reg(s, regs::kTxCommand) = regs::kTxCommandReady | regs::kTxCommandBuffer1;
    submitted_ = true;
  }
  switch (tx_state(s)) {  // QEMU sends at once: the outcome is often there already
    case regs::kTxtOk: finish(-1); return true;
    case regs::kTxtError: finish(static_cast<int>(tx_error(s))); return true;
    case regs::kTxtAborted: finish(static_cast<int>(hal::CanError::Other)); return true;
    default: break;
  }
  s.tx_waker = waker;
  reg(s, regs::kIntEnaSet) = regs::kIntTxbhci | regs::kIntFcsi;
  resync(s);
  return false;
}

TransmitFuture::~TransmitFuture() {
  CriticalSection cs;
  State& s = *s_;
  if (!started_) {
    s.tx_turn.leave(node_);
    return;
  }
  if (finished_) return;
  if (submitted_) {
    const unsigned st = tx_state(s);
    if (st == regs::kTxtReady || st == regs::kTxtTransmitting) {
      // Ready: withdrawn, never on the bus. On the wire: the abort is pending and the frame
      // may still complete; the next transmit waits for the outcome (poll above).
      reg(s, regs::kTxCommand) = regs::kTxCommandAbort | regs::kTxCommandBuffer1;
      if (tx_state(s) == regs::kTxtAborted) s.tx_withdrawn = s.tx_withdrawn + 1;
    }
    const unsigned now = tx_state(s);
    if (now == regs::kTxtOk || now == regs::kTxtError || now == regs::kTxtAborted) {
      reg(s, regs::kTxCommand) = regs::kTxCommandEmpty | regs::kTxCommandBuffer1;
    }
  }
  s.tx_waker = Waker{};
  s.tx_turn.release();
  resync(s);
}

bool ReceiveFuture::poll(Waker waker) noexcept {
  CriticalSection cs;
  State& s = *s_;
  for (;;) {
    if ((reg(s, regs::kStatus) & regs::kStatusDor) != 0) {
      reg(s, regs::kCommand) = regs::kCommandCdo;
      if (!s.overrun) {
        s.overrun = true;
        s.before_overrun = frames_waiting(s);  // received before the frame that was lost
      }
    }
    if (s.overrun && s.before_overrun == 0) {
      s.overrun = false;
      error_ = static_cast<int>(hal::CanError::Overrun);
      break;
    }
    if (frames_waiting(s) == 0) {
      if (bus_off(s)) {
        error_ = static_cast<int>(hal::CanError::BusOff);
        break;
      }
      // Nothing to hand out: wait for the "not empty" (or overrun, or bus-off) interrupt.
      s.receivers.wait(node_, waker);
      reg(s, regs::kIntStat) = regs::kIntRxi | regs::kIntDoi | regs::kIntFcsi;
      reg(s, regs::kIntEnaSet) = regs::kIntRbnei | regs::kIntDoi | regs::kIntFcsi;
      resync(s);
      return false;
    }
    const hal::CanFrame f = read_frame(s);
    if (s.overrun) --s.before_overrun;
    if (accepts(s, f)) {
      frame_ = f;
      break;
    }
    s.filtered = s.filtered + 1;
  }
  s.receivers.done(node_);
  if (frames_waiting(s) != 0 || s.overrun) s.receivers.wake_one();  // more for the next receiver
  return true;
}

ReceiveFuture::~ReceiveFuture() {
  if (node_.state == ::mote::detail::WaitNode::State::Idle) return;
  // Nothing was taken from the FIFO for this receive; a wake-up it did not use goes on.
  critical_section([&] { s_->receivers.cancel(node_, true); });
}

Result<void, hal::CanError> Can::set_filters(std::span<const hal::CanFilter> filters) noexcept {
  if (filters.size() > kMaxFilters) return Err{hal::CanError::BadFilter};
  for (const hal::CanFilter& f : filters) {
    const std::uint32_t width = f.extended ? 0x1fff'ffffu : 0x7ffu;
    if (f.id > width || f.mask > width) return Err{hal::CanError::BadFilter};
  }
  critical_section([&] {
    std::copy(filters.begin(), filters.end(), s_->filters);
    s_->filter_count = static_cast<std::uint8_t>(filters.size());
  });
  return {};
}

}  // namespace mote::ctucan
