// The time driver on the CLINT: mtime is the clock, mtimecmp the one alarm (tickless: no
// interrupt while nothing is due). mtime is 64 bits wide and never wraps, so no extension is
// needed; on rv32 it is read as two halves, and mtimecmp is written as two halves in an order
// that never makes the compare fire early. MOTE_RISCV_MTIME_HZ (the board's) is mtime's rate.
#include <mote/platform/port.hpp>

#include "mote/riscv.hpp"
#include "mote/time_driver.hpp"

#ifndef MOTE_RISCV_MTIME_HZ
#error "MOTE_RISCV_MTIME_HZ (the CLINT's mtime rate) comes from the board (cmake/riscv-board.cmake)"
#endif

namespace mote {
namespace {

constexpr std::uint64_t kMtimeHz = MOTE_RISCV_MTIME_HZ;
constexpr std::uint64_t kRateHz = MOTE_TICK_HZ;  // ticks per second
static_assert(kRateHz % kMtimeHz == 0 || kMtimeHz % kRateHz == 0,
              "MOTE_TICK_HZ must be a multiple or a divisor of the CLINT's mtime rate");

// The 64-bit counter through two 32-bit reads: hi, lo, hi again; if hi changed, lo wrapped in
// between and the pair is retried (at most once per 2^32 counts).
std::uint64_t mtime_read() noexcept {
  using riscv::reg32;
  for (;;) {
    const std::uint32_t hi = reg32(riscv::clint::kMtime + 4);
    const std::uint32_t lo = reg32(riscv::clint::kMtime);
    if (reg32(riscv::clint::kMtime + 4) == hi) return (std::uint64_t{hi} << 32) | lo;
  }
}

// The compare register through two 32-bit writes: the low half goes to all ones first, so that
// neither the old high half with it nor the new high half with it is below the value wanted or
// the old one: no intermediate value can fire before `cmp` (privileged spec, 3.2.1).
void mtimecmp_write(std::uint64_t cmp) noexcept {
  using riscv::reg32;
  reg32(riscv::clint::kMtimecmp) = 0xFFFFFFFFu;
  reg32(riscv::clint::kMtimecmp + 4) = static_cast<std::uint32_t>(cmp >> 32);
  reg32(riscv::clint::kMtimecmp) = static_cast<std::uint32_t>(cmp);
}

}  // namespace

namespace platform {

std::uint64_t time_now() noexcept {
  const std::uint64_t t = mtime_read();
  if constexpr (kRateHz >= kMtimeHz) return t * (kRateHz / kMtimeHz);
  return t / (kMtimeHz / kRateHz);
}

void time_set_alarm(std::uint64_t at) noexcept {
  const CsState cs = cs_enter();
  if (at == UINT64_MAX) {
    // Masking the timer interrupt is enough: mtimecmp keeps its last value, and a compare that
    // has passed stays pending unseen (WFI, too, only wakes for interrupts enabled in mie).
    // Not mtimecmp = UINT64_MAX: QEMU 7.2 turns that into a virtual-clock timer ~580 years
    // away, and with -icount sleep=off an idle hart jumps the clock to it, after which the
    // UART's own timers overflow and input no longer wakes the hart.
    riscv::mie_clear(riscv::csr::kMieMtie);
  } else {
    // In mtime counts, rounded up: the alarm is never early. A compare at or below mtime makes
    // MTIP pending at once, so a deadline already past fires as soon as `cs` ends.
    std::uint64_t cmp;
    if constexpr (kRateHz >= kMtimeHz) {
      constexpr std::uint64_t k = kRateHz / kMtimeHz;
      cmp = at / k + (at % k != 0 ? 1 : 0);
    } else {
      constexpr std::uint64_t k = kMtimeHz / kRateHz;
      cmp = at > UINT64_MAX / k ? UINT64_MAX : at * k;
    }
    mtimecmp_write(cmp);
    riscv::mie_set(riscv::csr::kMieMtie);
  }
  cs_exit(cs);
}

}  // namespace platform
}  // namespace mote

extern "C" void mote_riscv_timer_interrupt() noexcept {
  // MTIP stays raised while mtime >= mtimecmp: disarm first, then on_alarm sets the next one.
  mote::riscv::mie_clear(mote::riscv::csr::kMieMtie);
  mote::on_alarm();
}
