// The boot tests' measure of an update session's own work on riscv32-virt (boot_app.cpp over
// the UART, boot_http_app.cpp over TCP), for docs/boot.md's figures.
#pragma once

#include <mote/mote.hpp>

#include <cstdint>
#include <span>

namespace virt_boot {

inline std::uint64_t instructions() noexcept {  // -icount shift=0: 1 ns per instruction, 100 ns ticks
  return mote::Instant::now().ticks() * 100;
}

/// A stream (the UART, a TCP socket) as the update session reads it, adding up the virtual time
/// from the end of one read to the start of the next: what the session itself does (parse,
/// CRC, flash writes, the check of finish(), answers, and whatever other tasks run meanwhile).
/// Under -icount shift=0 the CPU is never halted then, so that is its instruction count; the
/// waits for bytes are not counted (a halted CPU's clock jumps to its next timer with
/// sleep=off, or follows the host's clock with sleep=on, as the network runs use).
template <class S>
struct BusyMeter {
  template <class F>
  struct Timed {
    F inner;
    BusyMeter* m;
    bool poll(mote::Waker w) {
      if (!inner.poll(w)) return false;
      m->since = instructions();
      return true;
    }
    auto take() { return inner.take(); }
  };
  S* s;
  std::uint64_t busy = 0;
  std::uint64_t since = 0;
  auto read(std::span<std::byte> b) {
    if (since != 0) busy += instructions() - since;
    return Timed<decltype(s->read(b))>{s->read(b), this};
  }
  auto write(std::span<const std::byte> b) { return s->write(b); }
};

}  // namespace virt_boot
