// The serial tests on the Netduino Plus 2: USART1 is the console, which QEMU connects to its
// standard input and output (-nographic), through stm32f4::BufferedUart.
#pragma once

#include <mote/stm32f4/uart.hpp>

namespace mote_test {
template <std::size_t RxBytes>
using ConsoleSerial = mote::stm32f4::BufferedUart<mote::stm32f4::Usart1, RxBytes>;
inline mote::stm32f4::Usart1 take_console_uart() noexcept { return mote::stm32f4::Peripherals::take().usart1; }
}  // namespace mote_test

#define MOTE_TEST_CONSOLE_HANDLER ::mote::stm32f4::uart::InterruptHandler<::mote::stm32f4::Usart1>
#define MOTE_TEST_CONSOLE_BINDING (usart1, MOTE_TEST_CONSOLE_HANDLER)
#define MOTE_TEST_OTHER_IRQ usart2
