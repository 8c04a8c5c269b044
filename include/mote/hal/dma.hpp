// mote/hal/dma.hpp: a DMA controller as an asynchronous copy engine (a concept).
//
//   template <mote::hal::Dma D>
//   mote::Async<bool> copy_frame(D& dma, std::span<std::byte> to, std::span<const std::byte> from) {
//     auto r = co_await dma.copy(to, from);   // Result<void, hal::DmaError>
//     co_return r.has_value();
//   }
//
// copy(destination, source) is a Future: the first poll programs the channel, the completion
// interrupt wakes the task. Both buffers are borrowed until it completes or is destroyed;
// destroying it stops the channel before returning, so the controller never writes into
// `destination` afterwards (its contents are then unspecified).
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>

#include "mote/future.hpp"
#include "mote/result.hpp"

namespace mote::hal {

/// Why a copy failed.
enum class DmaError : std::uint8_t {
  SizeMismatch,  ///< destination and source differ in size (or exceed the channel's limit); nothing moved
  Unaligned,     ///< an address the controller cannot use (alignment, or memory it cannot reach); nothing moved
  Bus,           ///< the controller reported a bus error during the transfer
};

/// A fixed text for `e` (what Result::unwrap prints). ISR-safe.
constexpr const char* error_message(DmaError e) noexcept {
  switch (e) {
    case DmaError::SizeMismatch: return "dma: destination and source sizes differ";
    case DmaError::Unaligned: return "dma: address not usable by the controller";
    case DmaError::Bus: return "dma: bus error";
  }
  return "dma: error";
}

using DmaResult = Result<void, DmaError>;

/// A copy engine: copy(span<byte> destination, span<const byte> source), a Future yielding
/// Result<void, DmaError>.
template <class D>
concept Dma = requires(D& dma, std::span<std::byte> to, std::span<const std::byte> from) {
  requires Future<decltype(dma.copy(to, from))>;
  requires std::same_as<future_result_t<decltype(dma.copy(to, from))>, DmaResult>;
};

}  // namespace mote::hal
