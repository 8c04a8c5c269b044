// mote/hal/adc.hpp: an analog-to-digital converter as a concept (Embassy's ADC drivers: a sample
// is awaited, the conversion's completion interrupt wakes the task).
//
//   template <mote::hal::Adc A>
//   mote::Async<std::uint32_t> average(A& adc, int n) {
//     std::uint32_t sum = 0;
//     for (int i = 0; i < n; ++i) {
//       auto s = co_await adc.sample();      // Result<std::uint16_t, E>
//       if (s) sum += *s;
//     }
//     co_return sum / n;
//   }
//
// sample() is a Future yielding Result<std::uint16_t, E> for the driver's own error type E (a
// timer-triggered converter reports missed samples, a one-shot one may report a timeout), which
// has error_message(e) like every mote error. A sample's scale is the driver's (lm3s6965: 10 bits).
#pragma once

#include <concepts>
#include <cstdint>

#include "mote/future.hpp"
#include "mote/result.hpp"

namespace mote::hal {

namespace detail {
template <class R>
inline constexpr bool is_sample_result_v = false;
template <class E>
inline constexpr bool is_sample_result_v<Result<std::uint16_t, E>> = requires(E e) {
  { error_message(e) } -> std::convertible_to<const char*>;
};
}  // namespace detail

/// A converter: sample(), a Future yielding Result<std::uint16_t, E> (E with error_message).
template <class A>
concept Adc = requires(A& adc) {
  requires Future<decltype(adc.sample())>;
  requires detail::is_sample_result_v<future_result_t<decltype(adc.sample())>>;
};

}  // namespace mote::hal
