// The serial tests on the LM3S6965 evaluation board: UART0 is the console, which QEMU connects to
// its standard input and output (-nographic), through lm3s6965::BufferedUart.
#pragma once

#include <mote/lm3s6965/uart.hpp>

namespace mote_test {
template <std::size_t RxBytes>
using ConsoleSerial = mote::lm3s6965::BufferedUart<mote::lm3s6965::Uart0, RxBytes>;
inline mote::lm3s6965::Uart0 take_console_uart() noexcept { return mote::lm3s6965::Peripherals::take().uart0; }
}  // namespace mote_test

#define MOTE_TEST_CONSOLE_HANDLER ::mote::lm3s6965::uart::InterruptHandler<::mote::lm3s6965::Uart0>
#define MOTE_TEST_CONSOLE_BINDING (uart0, MOTE_TEST_CONSOLE_HANDLER)
#define MOTE_TEST_OTHER_IRQ uart1
