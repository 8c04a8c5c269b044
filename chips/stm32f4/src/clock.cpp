// STM32F405/407 system clock: 168 MHz from the PLL and the board's crystal, in the reference
// manual's order (oscillator, flash wait states, bus prescalers, PLL, switch). Not run on
// silicon yet: under QEMU there is no RCC and all of this is skipped.
#include "mote/stm32f4/regs.hpp"
#include "mote/stm32f4/stm32f4.hpp"

namespace mote::stm32f4 {

bool rcc_present() noexcept { return reg32(rcc::kCr) != 0; }

std::uint32_t timer_clock_hz() noexcept { return rcc_present() ? kTimerClockHz : kQemuTimerClockHz; }

void clock_init(std::uint32_t hse_hz) noexcept {
  if (!rcc_present()) return;  // QEMU: fixed clocks, and no ready bit would ever rise
  using namespace rcc;
  static_assert(kSystemClockHz == 1'000'000 * 336 / 2, "the PLL settings below give 168 MHz");

  // 1. The crystal oscillator.
  reg32(kCr) = reg32(kCr) | kCrHseOn;
  while ((reg32(kCr) & kCrHseRdy) == 0) {
  }
  // 2. Flash wait states before the clock goes up: 5 at 168 MHz and 2.7-3.6 V. Prefetch and
  //    caches hide most of them. Reading back makes sure the new latency is in effect.
  reg32(flash::kAcr) = (reg32(flash::kAcr) & ~flash::kAcrLatencyMask) | 5u | flash::kAcrPrften | flash::kAcrIcen |
                       flash::kAcrDcen;
  while ((reg32(flash::kAcr) & flash::kAcrLatencyMask) != 5u) {
  }
  // 3. Bus prescalers within their limits: AHB /1 (168 MHz), APB1 /4 (42), APB2 /2 (84).
  reg32(kCfgr) = (reg32(kCfgr) & ~(kCfgrHpreMask | kCfgrPpre1Mask | kCfgrPpre2Mask)) | kCfgrPpre1Div4 | kCfgrPpre2Div2;
  // 4. PLL (off since reset): crystal / M = 1 MHz, x 336 = 336 MHz VCO, / 2 = 168 MHz system
  //    clock, / 7 = 48 MHz for USB and SDIO. Reserved bits keep their reset values.
  constexpr std::uint32_t kFields = (0x3Fu << kPllM) | (0x1FFu << kPllN) | (3u << kPllP) | kPllSrcHse | (0xFu << kPllQ);
  reg32(kPllCfgr) = (reg32(kPllCfgr) & ~kFields) | ((hse_hz / 1'000'000) << kPllM) | (336u << kPllN) | (0u << kPllP) |
                    kPllSrcHse | (7u << kPllQ);
  reg32(kCr) = reg32(kCr) | kCrPllOn;
  while ((reg32(kCr) & kCrPllRdy) == 0) {
  }
  // 5. Switch the system clock over to the PLL.
  reg32(kCfgr) = (reg32(kCfgr) & ~kCfgrSwMask) | kCfgrSwPll;
  while ((reg32(kCfgr) & kCfgrSwsMask) != kCfgrSwsPll) {
  }
}

}  // namespace mote::stm32f4
