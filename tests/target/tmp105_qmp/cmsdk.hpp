// tmp105_qmp.cpp on the MPS2 images: the TMP105 on SBCon 3 (bit-banged, where QEMU puts
// `-device tmp105,bus=i2c`), the console on UART0.
#pragma once

#include <mote/cmsdk/i2c.hpp>
#include <mote/cmsdk/uart.hpp>

#include <utility>

namespace mote_test::tmp105 {
namespace chip = mote::cmsdk;
using I2cToken = chip::Sbcon3;
template <std::size_t RxBytes>
using Console = chip::BufferedUart<chip::Uart0, RxBytes>;
/// The bus driver at 100 kHz (the SBCon has no interrupt: `Irqs` binds only the console's).
/// Thread or task context.
template <class Irqs>
chip::I2c<chip::Sbcon3> make_i2c(I2cToken&& token, const Irqs&) {
  return chip::I2c<chip::Sbcon3>(std::move(token), chip::i2c::Config{.frequency_hz = 100'000});
}
inline I2cToken take_i2c(chip::Peripherals& p) { return std::move(p.sbcon3); }
}  // namespace mote_test::tmp105

#define MOTE_TEST_TMP105_BINDINGS \
  (uart0_rx, ::mote::cmsdk::uart::RxInterruptHandler<::mote::cmsdk::Uart0>), \
  (uart0_tx, ::mote::cmsdk::uart::TxInterruptHandler<::mote::cmsdk::Uart0>)
