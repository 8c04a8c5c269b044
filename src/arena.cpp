// The static frame arena. Compiled into each firmware (not the library) so that every
// program sizes its own arena: mote_add_firmware(... ARENA_BYTES n) sets MOTE_ARENA_BYTES.
#include <cstddef>

#include "mote/config.hpp"

#ifndef MOTE_ARENA_BYTES
#define MOTE_ARENA_BYTES 4096
#endif

namespace mote::detail {
alignas(kFrameAlign) unsigned char arena_storage[MOTE_ARENA_BYTES];
extern const std::size_t arena_bytes = MOTE_ARENA_BYTES;
}  // namespace mote::detail
