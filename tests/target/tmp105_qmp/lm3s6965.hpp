// tmp105_qmp.cpp on the LM3S6965: the TMP105 on I2C0 (interrupt driven), the console on UART0.
#pragma once

#include <mote/lm3s6965/i2c.hpp>
#include <mote/lm3s6965/uart.hpp>

#include <utility>

namespace mote_test::tmp105 {
namespace chip = mote::lm3s6965;
using I2cToken = chip::I2c0;
template <std::size_t RxBytes>
using Console = chip::BufferedUart<chip::Uart0, RxBytes>;
/// The bus driver at 100 kHz. Thread or task context.
template <class Irqs>
chip::I2c<chip::I2c0> make_i2c(I2cToken&& token, const Irqs& irqs) {
  return chip::I2c<chip::I2c0>(std::move(token), irqs, chip::i2c::Config{.frequency_hz = 100'000});
}
inline I2cToken take_i2c(chip::Peripherals& p) { return std::move(p.i2c0); }
}  // namespace mote_test::tmp105

#define MOTE_TEST_TMP105_BINDINGS \
  (i2c0, ::mote::lm3s6965::i2c::InterruptHandler<::mote::lm3s6965::I2c0>), \
  (uart0, ::mote::lm3s6965::uart::InterruptHandler<::mote::lm3s6965::Uart0>)
