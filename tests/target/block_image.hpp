// The block contents of the block-device tests' images (tests/target/sd_image.py makes and
// checks them on the host): the SD card test on lm3s6965evb and the virtio-blk test on
// riscv32-virt share one image layout, so one host script checks both.
#pragma once

#include <cstddef>
#include <cstdio>
#include <cstring>

namespace target_test {

/// What sd_image.py puts in blocks 0 and 100.
inline void known_block(std::byte* b, unsigned block) {
  for (unsigned i = 0; i < 512; ++i) b[i] = std::byte((i * 13 + 7 + block) % 256);
}

/// What the tests write to blocks 5, 6 and 2047 (sd_image.py check compares): a text header,
/// then a pattern.
inline void written_block(std::byte* b, unsigned block) {
  char head[32];
  const int n = std::snprintf(head, sizeof head, "mote sd block %u", block);
  for (unsigned i = 0; i < 512; ++i) b[i] = std::byte((i * 7 + block) % 256);
  std::memcpy(b, head, static_cast<std::size_t>(n));
}

}  // namespace target_test
