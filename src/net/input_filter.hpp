// What the runner drops before lwIP sees a frame (private to src/net; the host fuzzer,
// tests/fuzz, applies the same filter, so it fuzzes the input path the firmware has). A plain
// function on bytes: callable anywhere, an interrupt included. C++17, for the fuzzer's build.
#pragma once

#include <cstddef>
#include <cstdint>

namespace mote::net::detail {

// lwIP 2.1.3's etharp_input reads a whole ARP header (28 bytes) without checking the packet's
// length, so an ARP frame cut short would make it read stale bytes of the pool buffer (and
// perhaps learn a made-up address). A padded frame (60 bytes, as the wire requires) is never
// that short, but QEMU's socket backend or a broken peer can deliver one: net.malformed sends it.
inline bool short_arp(const std::uint8_t* frame, std::size_t n) noexcept {
  return n >= 14 && n < 14 + 28 && frame[12] == 0x08 && frame[13] == 0x06;
}

}  // namespace mote::net::detail
