// The Netduino Plus 2: STM32F405RG with a 25 MHz crystal; the console on USART1 (QEMU's
// serial0).
#include "mote/cortex_m.hpp"
#include "mote/stm32f4/stm32f4.hpp"

namespace mote::board {

void init() noexcept {
  stm32f4::clock_init(25'000'000);
  stm32f4::console_init(115200);
  stm32f4::time_init();
}

}  // namespace mote::board
