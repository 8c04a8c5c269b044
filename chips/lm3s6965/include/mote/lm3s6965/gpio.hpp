// mote/lm3s6965/gpio.hpp: GPIO outputs and inputs with edge interrupts on the LM3S6965 (the
// evaluation board's user LED is PF0, its switches PE0..PE3 and PF1).
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
//
// Inputs (a hal::InputPin and hal::Wait):
//
//   MOTE_BIND_INTERRUPTS(Irqs, (gpio_e, mote::lm3s6965::gpio::InterruptHandler<'E'>));
//   mote::lm3s6965::Input up(std::move(p.pe0), Irqs{}, mote::lm3s6965::gpio::Pull::Up);
//   co_await up.wait_for_falling_edge();   // the switch is pressed
//
// A wait arms its pin's interrupt (both edges) at its first poll and sees the edges after that.
// The port's interrupt handler counts each pin's rising and falling edges (reading the level
// after clearing the interrupt, so a pulse shorter than the handler's latency counts as both)
// and wakes the port's waiters, which compare the counts with those they started from. So any
// number of waits, of any kind, may wait on one pin at once, none consumes another's edge, and
// a wait destroyed before it completes only leaves the queue (the last one on a pin masks the
// pin's interrupt again).
#pragma once

#include <cstdint>
#include <utility>

#include "mote/cortex_m.hpp"
#include "mote/hal/digital.hpp"
#include "mote/hal/interrupts.hpp"
#include "mote/lm3s6965/interrupts.hpp"
#include "mote/lm3s6965/peripherals.hpp"
#include "mote/sync/wait_queue.hpp"
#include "mote/waker.hpp"

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

namespace gpio {

/// The input's pull resistor.
enum class Pull : std::uint8_t { None, Up, Down };

namespace detail {

/// What a port's interrupt handler and its wait futures share (static storage, one per port
/// that has an Input: gpio::detail::port<'E'>). Every field is read and written inside a
/// critical section, the handler's included.
struct PortState {
  std::uint8_t armed[8] = {};    // waits armed on each pin (its interrupt is on while > 0)
  std::uint8_t rising[8] = {};   // rising edges seen on each armed pin (wrapping)
  std::uint8_t falling[8] = {};  // falling edges seen on each armed pin (wrapping)
  std::uint8_t last_level = 0;   // each armed pin's level when the handler last looked
  ::mote::detail::WaitQueue waiters;  // every wait on the port that has not completed
};

template <char Port>
inline constinit PortState port{};

/// Port `Port`'s registers.
constexpr std::uintptr_t port_base(char port) noexcept {
  return port < 'E' ? 0x40004000u + 0x1000u * static_cast<unsigned>(port - 'A')
                    : 0x40024000u + 0x1000u * static_cast<unsigned>(port - 'E');
}

/// The interrupt's work: count the edges of the pins that raised it, wake the port's waiters.
/// Interrupt context only.
void on_interrupt(PortState& s, std::uintptr_t base) noexcept;
/// Claims the pin (panics if a driver has it), clocks its port and makes it a digital input
/// with `pull`, its interrupt masked; enables the port's NVIC line. Thread mode.
void input_start(unsigned port, std::uintptr_t base, std::uint8_t mask, Pull pull, unsigned irq) noexcept;
/// Masks the pin's interrupt and releases the claim. Thread mode.
void input_stop(unsigned port, std::uintptr_t base, std::uint8_t mask) noexcept;

template <char Port>
struct PortInterrupt;
template <> struct PortInterrupt<'A'> { using type = interrupt::gpio_a; };
template <> struct PortInterrupt<'B'> { using type = interrupt::gpio_b; };
template <> struct PortInterrupt<'C'> { using type = interrupt::gpio_c; };
template <> struct PortInterrupt<'D'> { using type = interrupt::gpio_d; };
template <> struct PortInterrupt<'E'> { using type = interrupt::gpio_e; };
template <> struct PortInterrupt<'F'> { using type = interrupt::gpio_f; };
template <> struct PortInterrupt<'G'> { using type = interrupt::gpio_g; };

}  // namespace detail

/// The handler to bind to port `Port`'s interrupt ('A'..'G'; see MOTE_BIND_INTERRUPTS):
///   MOTE_BIND_INTERRUPTS(Irqs, (gpio_e, mote::lm3s6965::gpio::InterruptHandler<'E'>));
template <char Port>
struct InterruptHandler {
  using interrupt = typename detail::PortInterrupt<Port>::type;
  /// Called by the bound interrupt's handler. Interrupt context only.
  static void on_interrupt() noexcept { detail::on_interrupt(detail::port<Port>, detail::port_base(Port)); }
};

/// Future of a wait on an input pin (no value). Completes when the pin is (or becomes) at the
/// level, or once it has seen the edge after the first poll. Destroying it before it completes
/// cancels it; the edges it would have seen remain for the other waits. Poll from tasks; it
/// must not outlive its Input.
class [[nodiscard]] WaitFuture {
 public:
  enum class Kind : std::uint8_t { High, Low, RisingEdge, FallingEdge, AnyEdge };

  /// Made by Input's wait_* members; arms nothing until polled. Any context.
  WaitFuture(detail::PortState* s, std::uintptr_t base, std::uint8_t pin, Kind kind) noexcept
      : s_(s), base_(base), pin_(pin), kind_(kind) {}
  WaitFuture(WaitFuture&&) noexcept = default;  // before the first poll only (WaitNode checks)
  WaitFuture& operator=(WaitFuture&&) = delete;
  /// Leaves the queue; the last wait on the pin masks its interrupt. Task context.
  ~WaitFuture();

  /// Task context.
  bool poll(Waker waker) noexcept;
  /// Task context, once poll returned true.
  void take() const noexcept {}

 private:
  bool met() const noexcept;
  void disarm() noexcept;

  detail::PortState* s_;
  std::uintptr_t base_;
  std::uint8_t pin_;
  Kind kind_;
  bool armed_ = false;
  bool done_ = false;
  std::uint8_t rising_ = 0;   // the pin's counts when the wait was armed
  std::uint8_t falling_ = 0;
  ::mote::detail::WaitNode node_;
};

}  // namespace gpio

/// A digital input on GPIO pin `Pin` (a token such as PE0), with edge and level waits driven by
/// the port's interrupt. Move-only; owns the pin until destroyed. Models hal::InputPin and
/// hal::Wait.
template <class Pin>
class Input {
  static constexpr char kPort = Pin::kPortLetter;

 public:
  /// Takes the pin (its token), checks at compile time that `Irqs` binds the port's interrupt
  /// to gpio::InterruptHandler<Port>, and makes the pin an input with `pull`. Panics if another
  /// driver owns the pin. Thread mode, not ISR-safe.
  template <class Irqs>
  Input(Pin&& pin, const Irqs&, gpio::Pull pull = gpio::Pull::None) noexcept {
    static_assert(hal::Binds<Irqs, typename gpio::detail::PortInterrupt<kPort>::type, gpio::InterruptHandler<kPort>>,
                  "mote: lm3s6965::Input needs its port's interrupt bound to gpio::InterruptHandler<Port>. Add, "
                  "once, at namespace scope: MOTE_BIND_INTERRUPTS(Irqs, (gpio_e, "
                  "mote::lm3s6965::gpio::InterruptHandler<'E'>)); (for port E) and pass Irqs{} to the constructor");
    static_cast<void>(pin);  // consumed: the driver stands for the pin from now on
    gpio::detail::input_start(Pin::kPort, Pin::kBase, Pin::kMask, pull,
                              gpio::detail::PortInterrupt<kPort>::type::number);
  }
  Input(Input&& o) noexcept : owner_(std::exchange(o.owner_, false)) {}
  Input& operator=(Input&&) = delete;
  Input(const Input&) = delete;
  /// Masks the pin's interrupt and releases it. No wait may still exist. Thread mode.
  ~Input() {
    if (owner_) gpio::detail::input_stop(Pin::kPort, Pin::kBase, Pin::kMask);
  }

  /// The pin's level. ISR-safe (one load).
  Level level() const noexcept { return cortex_m::reg32(kData) != 0 ? Level::High : Level::Low; }
  /// ISR-safe.
  bool is_high() const noexcept { return level() == Level::High; }
  /// ISR-safe.
  bool is_low() const noexcept { return level() == Level::Low; }

  /// Completes at once if the pin is high, else at the next rising edge. Task context.
  gpio::WaitFuture wait_for_high() noexcept { return make(gpio::WaitFuture::Kind::High); }
  /// Completes at once if the pin is low, else at the next falling edge. Task context.
  gpio::WaitFuture wait_for_low() noexcept { return make(gpio::WaitFuture::Kind::Low); }
  /// Completes at the first rising edge after its first poll. Task context.
  gpio::WaitFuture wait_for_rising_edge() noexcept { return make(gpio::WaitFuture::Kind::RisingEdge); }
  /// Completes at the first falling edge after its first poll. Task context.
  gpio::WaitFuture wait_for_falling_edge() noexcept { return make(gpio::WaitFuture::Kind::FallingEdge); }
  /// Completes at the first edge of either kind after its first poll. Task context.
  gpio::WaitFuture wait_for_any_edge() noexcept { return make(gpio::WaitFuture::Kind::AnyEdge); }

 private:
  static constexpr std::uintptr_t kData = Pin::kBase + (std::uintptr_t{Pin::kMask} << 2);
  static gpio::WaitFuture make(gpio::WaitFuture::Kind kind) noexcept {
    return {&gpio::detail::port<kPort>, Pin::kBase, static_cast<std::uint8_t>(Pin::kPin), kind};
  }

  bool owner_ = true;
};

static_assert(hal::InputPin<Input<PE0>> && hal::Wait<Input<PE0>>);

}  // namespace mote::lm3s6965
