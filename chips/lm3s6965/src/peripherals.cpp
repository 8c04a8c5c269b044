// The LM3S6965 peripheral tokens' power_on() (Peripherals::take() is
// mote/hal/peripheral.hpp's).
#include "mote/lm3s6965/peripherals.hpp"

#include <cstdint>

#include "mote/lm3s6965/regs.hpp"

namespace mote::lm3s6965 {

void Uart0::power_on() noexcept {
  reg32(sysctl::kRcgc1) = reg32(sysctl::kRcgc1) | sysctl::kRcgc1Uart0;
  reg32(sysctl::kRcgc2) = reg32(sysctl::kRcgc2) | sysctl::kRcgc2GpioA;
  static_cast<void>(std::uint32_t{reg32(sysctl::kRcgc2)});  // a gated-on peripheral needs a few cycles
  reg32(gpio_a::kAfsel) = reg32(gpio_a::kAfsel) | 0x3u;       // PA0, PA1 to the UART
  reg32(gpio_a::kDen) = reg32(gpio_a::kDen) | 0x3u;
}

void I2c0::power_on() noexcept {
  reg32(sysctl::kRcgc1) = reg32(sysctl::kRcgc1) | sysctl::kRcgc1I2c0;
  reg32(sysctl::kRcgc2) = reg32(sysctl::kRcgc2) | sysctl::kRcgc2GpioB;
  static_cast<void>(std::uint32_t{reg32(sysctl::kRcgc2)});  // a gated-on peripheral needs a few cycles
  constexpr std::uintptr_t kPortB = 0x40005000;
  constexpr std::uint32_t kPins = 0x0Cu;  // PB2 (SCL), PB3 (SDA)
  reg32(kPortB + gpio_regs::kAfsel) = reg32(kPortB + gpio_regs::kAfsel) | kPins;
  reg32(kPortB + gpio_regs::kOdr) = reg32(kPortB + gpio_regs::kOdr) | 0x08u;  // SDA: open drain (data sheet)
  reg32(kPortB + gpio_regs::kDen) = reg32(kPortB + gpio_regs::kDen) | kPins;
}

void Ssi0::power_on() noexcept {
  reg32(sysctl::kRcgc1) = reg32(sysctl::kRcgc1) | sysctl::kRcgc1Ssi0;
  reg32(sysctl::kRcgc2) = reg32(sysctl::kRcgc2) | sysctl::kRcgc2GpioA;
  static_cast<void>(std::uint32_t{reg32(sysctl::kRcgc2)});  // a gated-on peripheral needs a few cycles
  constexpr std::uint32_t kPins = 0x34u;                     // PA2 (Clk), PA4 (Rx), PA5 (Tx)
  reg32(gpio_a::kAfsel) = reg32(gpio_a::kAfsel) | kPins;
  reg32(gpio_a::kDen) = reg32(gpio_a::kDen) | kPins;
}

}  // namespace mote::lm3s6965
