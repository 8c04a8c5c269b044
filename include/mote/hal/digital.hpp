// mote/hal/digital.hpp: digital pins as concepts (embedded-hal's OutputPin, StatefulOutputPin,
// InputPin, and embedded-hal-async's Wait).
//
//   template <mote::hal::OutputPin Led>
//   void show(Led& led, bool on) { on ? led.set_high() : led.set_low(); }
//
//   template <mote::hal::Wait Button>
//   mote::Async<void> on_press(Button& b) { co_await b.wait_for_falling_edge(); ... }
//
// Setting or reading an on-chip pin cannot fail, so those calls return void or bool (a pin
// behind an I/O expander, which can, returns Result<void, E> or Result<bool, E> instead: both
// model the concepts). The Wait futures complete when the pin is (or becomes) at the level or
// sees the edge; they are interrupt driven and destroying one cancels it, leaving the pin's
// interrupt configured for nobody.
#pragma once

#include <concepts>
#include <type_traits>

#include "mote/future.hpp"
#include "mote/result.hpp"

namespace mote::hal {

namespace detail {
template <class R>
inline constexpr bool is_result_v = false;
template <class T, class E>
inline constexpr bool is_result_v<Result<T, E>> = true;

/// R is `void` or some Result<void, E>.
template <class R>
concept UnitOrResult = std::is_void_v<R> || (is_result_v<R> && requires(R r) { r.has_value(); });
/// R is `bool` or some Result<bool, E>.
template <class R>
concept BoolOrResult = std::same_as<R, bool> || (is_result_v<R> && requires(R r) {
                                                   { *r } -> std::convertible_to<bool>;
                                                 });
}  // namespace detail

/// A pin this program drives: set_high(), set_low().
template <class P>
concept OutputPin = requires(P& p) {
  { p.set_high() } -> detail::UnitOrResult;
  { p.set_low() } -> detail::UnitOrResult;
};

/// An output pin that reads back the level it drives and can invert it.
template <class P>
concept StatefulOutputPin = OutputPin<P> && requires(P& p) {
  { p.is_set_high() } -> detail::BoolOrResult;
  { p.toggle() } -> detail::UnitOrResult;
};

/// A pin this program reads: is_high(), is_low().
template <class P>
concept InputPin = requires(P& p) {
  { p.is_high() } -> detail::BoolOrResult;
  { p.is_low() } -> detail::BoolOrResult;
};

/// A pin whose level changes can be awaited: each member returns a Future.
template <class P>
concept Wait = requires(P& p) {
  requires Future<decltype(p.wait_for_high())>;
  requires Future<decltype(p.wait_for_low())>;
  requires Future<decltype(p.wait_for_rising_edge())>;
  requires Future<decltype(p.wait_for_falling_edge())>;
  requires Future<decltype(p.wait_for_any_edge())>;
};

}  // namespace mote::hal
