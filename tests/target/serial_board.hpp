// What the serial firmware tests need from a board, named the same on every board:
//   mote_test::ConsoleSerial<RxBytes>  the chip's async serial driver on the UART that QEMU
//                                       connects to stdio, with a receive ring of RxBytes: a
//                                       mote::hal::Serial with available(), error_pending(),
//                                       lost_bytes() and capacity()
//   mote_test::take_console_uart()      that UART's peripheral token (move-only)
//   MOTE_TEST_CONSOLE_HANDLER           the driver's interrupt handler class
//   MOTE_TEST_CONSOLE_BINDING           (irq, handler) for MOTE_BIND_INTERRUPTS
//   MOTE_TEST_OTHER_IRQ                 the name of another interrupt of the chip
// Each board that runs these tests provides serial/<board>.hpp; CMake passes it as
// MOTE_TEST_SERIAL_HEADER. The host side (serial_session.py) writes to QEMU's standard input
// only after the firmware has printed that it is ready.
#pragma once

#include <mote/hal/serial.hpp>

#include MOTE_TEST_SERIAL_HEADER

namespace mote_test {
/// A handler that does nothing, for binding some other interrupt in the compile tests.
template <class Irq>
struct IgnoreInterrupt {
  using interrupt = Irq;
  static void on_interrupt() noexcept {}
};
}  // namespace mote_test

#define MOTE_TEST_OTHER_BINDING \
  (MOTE_TEST_OTHER_IRQ, ::mote_test::IgnoreInterrupt<MOTE_CHIP_INTERRUPT_TYPE(MOTE_TEST_OTHER_IRQ)>)

static_assert(mote::hal::Serial<mote_test::ConsoleSerial<16>>, "the board's console driver must be a mote::hal::Serial");
