// mote/lm3s6965/gpio.hpp: GPIO outputs on the LM3S6965 (the evaluation board's user LED is PF0).
//
//   auto p = mote::lm3s6965::Peripherals::take();
//   mote::lm3s6965::Output led(std::move(p.pf0), mote::lm3s6965::Level::Low);
//   led.set_high();
//   led.toggle();
//   bool on = led.is_set_high();   // reads the pin's data register back
//
// Every access goes through the port's masked data address: GPIODATA at base + (mask << 2)
// reads and writes only the pins in `mask` (address bits 9..2). Setting a pin is therefore one
// store, with no read-modify-write that an interrupt could tear, and the port's other pins
// (which other code may drive) are never disturbed. See docs/drivers/gpio.md.
#pragma once

#include <cstdint>
#include <utility>

#include "mote/cortex_m.hpp"
#include "mote/hal/digital.hpp"
#include "mote/lm3s6965/peripherals.hpp"

namespace mote::lm3s6965 {

/// A pin's logic level.
enum class Level : bool { Low = false, High = true };

namespace gpio::detail {
/// Claims the pin (panics if an Output has it), clocks its port and makes it a push-pull digital
/// output at `initial`. Thread mode.
void output_start(unsigned port, std::uintptr_t base, std::uint8_t mask, Level initial) noexcept;
/// Makes the pin an input again (its reset state) and releases the claim. Thread mode.
void output_stop(unsigned port, std::uintptr_t base, std::uint8_t mask) noexcept;
/// Inverts the pin at masked data address `data` (a critical section around read and write).
/// ISR-safe.
void toggle(std::uintptr_t data) noexcept;
}  // namespace gpio::detail

/// A push-pull output on GPIO pin `Pin` (a token such as PF0). Move-only; owns the pin until
/// destroyed, which returns it to an input.
template <class Pin>
class Output {
 public:
  /// Takes the pin (its token), drives it to `initial` and makes it an output. Panics if another
  /// Output owns the pin. Thread mode, not ISR-safe.
  Output(Pin&& pin, Level initial) noexcept {
    static_cast<void>(pin);  // consumed: the driver stands for the pin from now on
    gpio::detail::output_start(Pin::kPort, Pin::kBase, Pin::kMask, initial);
  }
  Output(Output&& o) noexcept : owner_(std::exchange(o.owner_, false)) {}
  Output& operator=(Output&&) = delete;
  Output(const Output&) = delete;
  /// Returns the pin to an input (undriven) and releases it. Thread mode, not ISR-safe.
  ~Output() {
    if (owner_) gpio::detail::output_stop(Pin::kPort, Pin::kBase, Pin::kMask);
  }

  /// Drives the pin high. ISR-safe (one store to the masked data address).
  void set_high() noexcept { data() = 0xFFu; }
  /// Drives the pin low. ISR-safe (one store).
  void set_low() noexcept { data() = 0u; }
  /// Drives the pin to `level`. ISR-safe (one store).
  void set_level(Level level) noexcept { data() = level == Level::High ? 0xFFu : 0u; }
  /// Inverts the pin. ISR-safe (a short critical section: the read and the write are one step).
  void toggle() noexcept { gpio::detail::toggle(kData); }
  /// The level the pin is driven to, read back from the data register. ISR-safe.
  Level level() const noexcept { return data() != 0 ? Level::High : Level::Low; }
  /// Whether the pin is driven high (read back). ISR-safe.
  bool is_set_high() const noexcept { return level() == Level::High; }

 private:
  static constexpr std::uintptr_t kData = Pin::kBase + (std::uintptr_t{Pin::kMask} << 2);
  static volatile std::uint32_t& data() noexcept { return cortex_m::reg32(kData); }

  bool owner_ = true;
};

static_assert(hal::StatefulOutputPin<Output<PF0>>);

}  // namespace mote::lm3s6965
