// The serial tests on the MPS2 board with the AN385 image: UART0 is the console, which QEMU connects to
// its standard input and output (-nographic), through cmsdk::BufferedUart. The CMSDK UART has
// separate receive and transmit interrupts, so the binding has two groups.
#pragma once

#include <mote/cmsdk/uart.hpp>

namespace mote_test {
template <std::size_t RxBytes>
using ConsoleSerial = mote::cmsdk::BufferedUart<mote::cmsdk::Uart0, RxBytes>;
inline mote::cmsdk::Uart0 take_console_uart() noexcept { return mote::cmsdk::Peripherals::take().uart0; }
}  // namespace mote_test

#define MOTE_TEST_CONSOLE_HANDLER ::mote::cmsdk::uart::RxInterruptHandler<::mote::cmsdk::Uart0>
#define MOTE_TEST_CONSOLE_BINDING \
  (uart0_rx, MOTE_TEST_CONSOLE_HANDLER), (uart0_tx, ::mote::cmsdk::uart::TxInterruptHandler<::mote::cmsdk::Uart0>)
#define MOTE_TEST_OTHER_IRQ uart1_rx
