// The BBC micro:bit (v1): 16 MHz crystal, console on UART0 at pins P0.24 (TX) and P0.25 (RX),
// the interface chip's USB serial port (QEMU's serial0).
#include "mote/cortex_m.hpp"
#include "mote/nrf51/nrf51.hpp"

namespace mote::board {

namespace {
constexpr unsigned kUartTxPin = 24;
constexpr unsigned kUartRxPin = 25;
}  // namespace

void init() noexcept {
  nrf51::clock_init(nrf51::Crystal::Mhz16);
  nrf51::console_init(kUartTxPin, kUartRxPin, 115200);
  nrf51::time_init();
}

}  // namespace mote::board
