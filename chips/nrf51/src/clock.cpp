// nRF51 clock source: the core always runs at 16 MHz, but from the internal RC oscillator
// (about 1 % off) until the crystal is started. UART and TIMER derive their rates from it.
#include "mote/nrf51/nrf51.hpp"
#include "mote/nrf51/regs.hpp"

namespace mote::nrf51 {

void clock_init(Crystal crystal) noexcept {
  using namespace clock;
  reg32(kXtalFreq) = static_cast<std::uint32_t>(crystal);
  reg32(kEventsHfclkStarted) = 0;
  reg32(kTasksHfclkStart) = 1;
  // Under QEMU the CLOCK block is a stub whose registers all read 1: this returns at once.
  while (reg32(kEventsHfclkStarted) == 0) {
  }
  reg32(kEventsHfclkStarted) = 0;
}

}  // namespace mote::nrf51
