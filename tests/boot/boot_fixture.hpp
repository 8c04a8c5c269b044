// What the boot tests share: a simulated flash with the layout below, the signed test images
// (tests/boot/make_test_images.py) and helpers to "factory program" and to check ACTIVE.
//
//   flash: SimNorFlash<4, 1024>, 19 pages:  BOOTLOADER 0 | ACTIVE 1-8 | DFU 9-17 | STATE 18
#pragma once

#include <mote/block_on.hpp>
#include <mote/boot/bootloader.hpp>
#include <mote/boot/firmware_updater.hpp>
#include <mote/host/sim_nor_flash.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "test_key.hpp"

namespace boot_test {

using Flash = mote::host::SimNorFlash<4, 1024>;
using Layout = mote::boot::Layout<Flash>;
using mote::boot::Error;

constexpr std::uint32_t page = Flash::erase_size;

inline std::vector<std::byte> load(const std::string& name) {
  std::ifstream f(std::string(MOTE_BOOT_TEST_IMAGES) + "/" + name + ".img", std::ios::binary);
  std::vector<char> c((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (c.empty()) ADD_FAILURE() << "missing test image " << name;
  std::vector<std::byte> b(c.size());
  std::memcpy(b.data(), c.data(), c.size());
  return b;
}

inline Layout layout(Flash& f) {
  return Layout{{f, 1 * page, 8 * page}, {f, 9 * page, 9 * page}, {f, 18 * page, 1 * page}};
}

inline mote::boot::ImagePolicy policy(std::uint32_t running_version = 0) {
  mote::boot::ImagePolicy p;
  p.key = test_public_key;
  p.board = "host";
  p.min_version = running_version;
  p.max_total_size = 8 * page;  // ACTIVE (BootLoader and FirmwareUpdater set it themselves)
  return p;
}

/// Writes `image` into ACTIVE as a programmer would (erase, program; no journal).
inline void factory_program(Flash& f, const std::vector<std::byte>& image) {
  ASSERT_TRUE(f.erase(1 * page, 9 * page));
  std::vector<std::byte> padded(image);
  padded.resize((image.size() + 3) / 4 * 4, std::byte{0xFF});
  ASSERT_TRUE(f.write(1 * page, padded));
}

/// Whether ACTIVE starts with exactly `image`.
inline bool active_holds(Flash& f, const std::vector<std::byte>& image) {
  std::vector<std::byte> got(image.size());
  if (!f.read(1 * page, got)) return false;
  return got == image;
}

/// Sends `image` through the updater in `chunk`-byte pieces; the first error, if any.
inline mote::Result<void, Error> push_update(mote::boot::FirmwareUpdater<Flash>& up, const std::vector<std::byte>& image,
                                             std::size_t chunk = 512) {
  if (auto r = mote::block_on(up.begin(static_cast<std::uint32_t>(image.size()))); !r) return r;
  for (std::size_t at = 0; at < image.size(); at += chunk) {
    const std::size_t n = std::min(chunk, image.size() - at);
    auto piece = std::span<const std::byte>(image).subspan(at, n);
    if (auto r = mote::block_on(up.write(static_cast<std::uint32_t>(at), piece)); !r) return r;
  }
  auto h = mote::block_on(up.finish());
  if (!h) return mote::Err{h.error()};
  return {};
}

}  // namespace boot_test
