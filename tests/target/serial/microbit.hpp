// The serial tests on the BBC micro:bit: UART0 is the console, which QEMU connects to its
// standard input and output (-nographic), through nrf51::BufferedUart.
#pragma once

#include <mote/nrf51/uart.hpp>

namespace mote_test {
template <std::size_t RxBytes>
using ConsoleSerial = mote::nrf51::BufferedUart<mote::nrf51::Uart0, RxBytes>;
inline mote::nrf51::Uart0 take_console_uart() noexcept { return mote::nrf51::Peripherals::take().uart0; }
}  // namespace mote_test

#define MOTE_TEST_CONSOLE_HANDLER ::mote::nrf51::uart::InterruptHandler<::mote::nrf51::Uart0>
#define MOTE_TEST_CONSOLE_BINDING (uart0, MOTE_TEST_CONSOLE_HANDLER)
#define MOTE_TEST_OTHER_IRQ timer1
