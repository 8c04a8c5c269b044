// LM3S6965 system clock: 50 MHz from the PLL, in the data sheet's order of steps.
#include "mote/lm3s6965/lm3s6965.hpp"
#include "mote/lm3s6965/regs.hpp"

namespace mote::lm3s6965 {

void clock_init(Crystal crystal) noexcept {
  using namespace sysctl;
  static_assert(kSystemClockHz == 200'000'000 / 4, "SYSDIV below is 4 - 1");
  reg32(kRcc2) = reg32(kRcc2) & ~kRcc2UseRcc2;  // RCC alone decides
  // 1. Run from the raw oscillator while the PLL is reconfigured; power the PLL down so that
  //    powering it up again below starts a fresh lock (and raises the lock flag).
  std::uint32_t rcc = reg32(kRcc);
  rcc = (rcc | kRccBypass | kRccPwrDn) & ~kRccUseSysDiv;
  reg32(kRcc) = rcc;
  reg32(kMisc) = kRisPllLock;  // clear a stale lock flag
  // 2. Main oscillator with the board's crystal; PLL on.
  rcc &= ~(kRccMoscDis | kRccOscSrcMask | kRccXtalMask | kRccPwrDn);
  rcc |= static_cast<std::uint32_t>(crystal) << kRccXtalShift;
  reg32(kRcc) = rcc;
  // 3. Divide the 200 MHz PLL output by 4.
  rcc = (rcc & ~kRccSysDivMask) | (3u << kRccSysDivShift) | kRccUseSysDiv;
  reg32(kRcc) = rcc;
  // 4. Wait for the PLL to lock, 5. then switch the system clock over to it.
  while ((reg32(kRis) & kRisPllLock) == 0) {
  }
  reg32(kRcc) = rcc & ~kRccBypass;
}

}  // namespace mote::lm3s6965
