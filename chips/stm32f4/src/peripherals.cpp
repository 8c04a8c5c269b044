// The STM32F4 peripheral tokens' power_on() (Peripherals::take() is
// mote/hal/peripheral.hpp's).
#include "mote/stm32f4/peripherals.hpp"

#include <cstdint>

#include "mote/stm32f4/regs.hpp"

namespace mote::stm32f4 {

static_assert(Usart1::kBase == usart::kUsart1 && Usart1::Interrupt::number == usart::kUsart1Irq);

void Usart1::power_on() noexcept {
  // The console (console_init) did this already on the board; a driver must not depend on it.
  constexpr unsigned kTx = 9, kRx = 10;  // PA9, PA10: AFRH fields (pin - 8), MODER fields (pin)
  constexpr std::uint32_t kAf7 = 7;      // USART1's alternate function number on these pins
  reg32(rcc::kAhb1Enr) = reg32(rcc::kAhb1Enr) | rcc::kAhb1EnrGpioA;
  reg32(rcc::kApb2Enr) = reg32(rcc::kApb2Enr) | rcc::kApb2EnrUsart1;
  static_cast<void>(std::uint32_t{reg32(rcc::kApb2Enr)});  // a clock turned on needs two cycles to arrive
  reg32(gpio_a::kAfrh) = (reg32(gpio_a::kAfrh) & ~((0xFu << 4 * (kTx - 8)) | (0xFu << 4 * (kRx - 8)))) |
                         (kAf7 << 4 * (kTx - 8)) | (kAf7 << 4 * (kRx - 8));
  reg32(gpio_a::kModer) = (reg32(gpio_a::kModer) & ~((3u << 2 * kTx) | (3u << 2 * kRx))) | (2u << 2 * kTx) |
                          (2u << 2 * kRx);
}

namespace detail {
namespace {

struct UsartPins {
  bool apb2;           // the enable bit is in APB2ENR (USART6), else APB1ENR
  std::uint8_t bit;    // its enable bit
  std::uint8_t tx_port, tx_pin, rx_port, rx_pin;  // port 0 = A, 1 = B, ...
  std::uint8_t af;     // alternate function number
};

// Indexed by n - 2 (RM0090 and the STM32F405 datasheet's alternate function table).
constexpr UsartPins kUsartPins[] = {
    {false, 17, 0, 2, 0, 3, 7},    // USART2: PA2, PA3, AF7
    {false, 18, 1, 10, 1, 11, 7},  // USART3: PB10, PB11, AF7
    {false, 19, 0, 0, 0, 1, 8},    // UART4: PA0, PA1, AF8
    {false, 20, 2, 12, 3, 2, 8},   // UART5: PC12, PD2, AF8
    {true, 5, 2, 6, 2, 7, 8},      // USART6: PC6, PC7, AF8
};

// Pin `pin` of GPIO port `port` to alternate function `af`.
void to_alternate(unsigned port, unsigned pin, unsigned af) noexcept {
  const std::uintptr_t base = gpio_a::kBase + 0x400u * port;
  reg32(rcc::kAhb1Enr) = reg32(rcc::kAhb1Enr) | (1u << port);
  static_cast<void>(std::uint32_t{reg32(rcc::kAhb1Enr)});
  const std::uintptr_t afr = base + (pin < 8 ? 0x20 : 0x24);
  const unsigned field = 4 * (pin % 8);
  reg32(afr) = (reg32(afr) & ~(0xFu << field)) | (af << field);
  reg32(base) = (reg32(base) & ~(3u << 2 * pin)) | (2u << 2 * pin);  // MODER: alternate function
}

}  // namespace

void usart_power_on(unsigned n) noexcept {
  const UsartPins& u = kUsartPins[n - 2];
  const std::uintptr_t enr = u.apb2 ? rcc::kApb2Enr : rcc::kApb1Enr;
  reg32(enr) = reg32(enr) | (1u << u.bit);
  static_cast<void>(std::uint32_t{reg32(enr)});  // a clock turned on needs two cycles to arrive
  to_alternate(u.tx_port, u.tx_pin, u.af);
  to_alternate(u.rx_port, u.rx_pin, u.af);
}

}  // namespace detail

}  // namespace mote::stm32f4
