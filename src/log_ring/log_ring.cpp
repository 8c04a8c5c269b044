// MOTE_LOG_* into a RAM ring instead of the console: for a board without a free UART, or to keep
// the last frames for a debugger. `mote_log_use_ring(<target> <bytes>)` (cmake/log.cmake) adds
// this file to one firmware; its write_frame then takes the place of the port's (the linker
// takes a definition from the program's objects before looking in mote's library).
//
// The ring is the symbol `mote_log_ring`: a header, then the bytes, the oldest overwritten.
// Frames end with 0x00 and contain none, so a reader that starts in the middle of an
// overwritten frame skips to the next 0x00 and decodes from there. The header carries the build
// id itself (the build-id frame is soon overwritten), so the reader still refuses a wrong ELF:
//   tools/mote-log ring --elf app.elf dump.bin
// where dump.bin is the ring's memory (gdb: dump binary memory; QEMU: pmemsave); mote-log prints
// the address and size to dump when asked without a dump.
#include <cstddef>
#include <cstdint>

#include "mote/log.hpp"

#ifndef MOTE_LOG_RING_BYTES
#error "log_ring.cpp: define MOTE_LOG_RING_BYTES (mote_log_use_ring does)"
#endif

extern "C" {
extern const volatile std::uint32_t mote_log_build_id;

// In .bss (zero until the first frame): an initialised ring would cost its size in flash too.
struct MoteLogRing {
  std::uint32_t magic;     // "MLOG" once written to
  std::uint32_t size;      // bytes of data
  std::uint32_t written;   // bytes ever written; the next goes to data[written % size]
  std::uint32_t build_id;  // mote_log_build_id
  std::uint8_t data[MOTE_LOG_RING_BYTES];
};
MoteLogRing mote_log_ring;
}

namespace mote::log::detail {

// Called with interrupts masked (Frame::send).
void write_frame(const std::uint8_t* data, std::size_t n) noexcept {
  MoteLogRing& ring = mote_log_ring;
  if (ring.magic == 0) {
    ring.size = MOTE_LOG_RING_BYTES;
    ring.build_id = mote_log_build_id;
    ring.magic = 0x474F4C4Du;  // "MLOG" in memory order
  }
  std::uint32_t at = ring.written % MOTE_LOG_RING_BYTES;
  for (std::size_t i = 0; i < n; ++i) {
    ring.data[at] = data[i];
    at = at + 1 == MOTE_LOG_RING_BYTES ? 0 : at + 1;
  }
  ring.written += static_cast<std::uint32_t>(n);
}

}  // namespace mote::log::detail
