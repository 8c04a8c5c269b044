// mote/hal/rng.hpp: a random number source as a concept (rand_core's RngCore / TryRngCore, the
// way Embassy's RNG drivers fill buffers asynchronously).
//
//   template <mote::hal::Rng R>
//   mote::Async<std::uint32_t> nonce(R& rng) {
//     std::byte b[4];
//     auto r = co_await rng.fill_bytes(b);   // Result<void, hal::RngError>
//     ...
//   }
//
// fill_bytes(buffer) is a Future that completes once every byte of `buffer` holds entropy from
// the device (a hardware generator, virtio-rng). The buffer is borrowed until it completes or is
// destroyed; destroying it leaves the bytes not yet filled as they were.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>

#include "mote/future.hpp"
#include "mote/result.hpp"

namespace mote::hal {

/// Why a random fill failed.
enum class RngError : std::uint8_t {
  NotReady,  ///< the generator is not running (not seeded, clock off)
  Failed,    ///< the generator reported a fault (a health test failed, the device errored)
};

/// A fixed text for `e` (what Result::unwrap prints). ISR-safe.
constexpr const char* error_message(RngError e) noexcept {
  return e == RngError::NotReady ? "rng: generator not ready" : "rng: generator failed";
}

using RngResult = Result<void, RngError>;

/// A source of random bytes: fill_bytes(span<std::byte>), a Future yielding Result<void, RngError>.
template <class R>
concept Rng = requires(R& rng, std::span<std::byte> buffer) {
  requires Future<decltype(rng.fill_bytes(buffer))>;
  requires std::same_as<future_result_t<decltype(rng.fill_bytes(buffer))>, RngResult>;
};

}  // namespace mote::hal
