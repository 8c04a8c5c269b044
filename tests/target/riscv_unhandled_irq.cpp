// Firmware test (must fail, RISC-V): an external interrupt with no handler panics, naming its
// PLIC source. RISC-V's PLIC cannot be pended by software (the Cortex-M unhandled_irq test pends
// NVIC line 0), so a real device raises it: the console UART with its transmit-empty interrupt
// enabled, which is pending at once since nothing is being sent. MOTE_TEST_UART_* come from CMake.
#include <mote/mote.hpp>
#include <mote/riscv.hpp>

#include <cstdio>

MOTE_TASK(trigger, 1) {
  std::printf("enabling interrupt %u with no handler\n", MOTE_TEST_UART_IRQ);
  mote::riscv::plic::enable(MOTE_TEST_UART_IRQ, 1);
  MOTE_TEST_UART_RAISE;
  co_await mote::Timer::after(mote::Duration::from_millis(1));
  mote::exit(0);  // not reached
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(trigger());
  co_return;
}
