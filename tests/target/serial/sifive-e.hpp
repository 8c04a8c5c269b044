// The serial tests on the SiFive HiFive1 (FE310) under QEMU sifive_e: UART0 is the console, which
// QEMU connects to its standard input and output (-nographic), through fe310::BufferedUart.
#pragma once

#include <mote/fe310/uart.hpp>

namespace mote_test {
template <std::size_t RxBytes>
using ConsoleSerial = mote::fe310::BufferedUart<mote::fe310::Uart0, RxBytes>;
inline mote::fe310::Uart0 take_console_uart() noexcept { return mote::fe310::Peripherals::take().uart0; }
}  // namespace mote_test

#define MOTE_TEST_CONSOLE_HANDLER ::mote::fe310::uart::InterruptHandler<::mote::fe310::Uart0>
#define MOTE_TEST_CONSOLE_BINDING (uart0, MOTE_TEST_CONSOLE_HANDLER)
#define MOTE_TEST_OTHER_IRQ uart1
