// The serial tests on QEMU's RISC-V virt machine: the ns16550 is the console, which QEMU connects
// to its standard input and output (-nographic), through riscv_virt::BufferedUart.
#pragma once

#include <mote/riscv_virt/uart.hpp>

namespace mote_test {
template <std::size_t RxBytes>
using ConsoleSerial = mote::riscv_virt::BufferedUart<mote::riscv_virt::Uart0, RxBytes>;
inline mote::riscv_virt::Uart0 take_console_uart() noexcept { return mote::riscv_virt::Peripherals::take().uart0; }
}  // namespace mote_test

#define MOTE_TEST_CONSOLE_HANDLER ::mote::riscv_virt::uart::InterruptHandler<::mote::riscv_virt::Uart0>
#define MOTE_TEST_CONSOLE_BINDING (uart0, MOTE_TEST_CONSOLE_HANDLER)
#define MOTE_TEST_OTHER_IRQ rtc
