// The SSD0323 OLED driver (mote/devices/ssd0323.hpp) over SSI0 and a SharedSpiDevice, against
// QEMU's ssd0323 model: the firmware draws a known picture, the test script takes QEMU's
// screendump over QMP and checks every pixel (tests/target/check_oled.py), then presses the
// gamepad's "up" key to let the firmware finish. Windows outside the panel, at an odd column or
// with a wrongly sized buffer are refused with their error before anything is sent (the
// screendump shows they drew nothing).
#include <mote/mote.hpp>
#include <mote/devices/ssd0323.hpp>
#include <mote/hal/spi_device.hpp>
#include <mote/lm3s6965/gpio.hpp>
#include <mote/lm3s6965/spi.hpp>

#include <cstdio>
#include <utility>

namespace lm = mote::lm3s6965;
using mote::devices::Ssd0323Error;

MOTE_BIND_INTERRUPTS(Irqs, (ssi0, lm::spi::InterruptHandler<lm::Ssi0>), (gpio_e, lm::gpio::InterruptHandler<'E'>));

namespace {

int g_failures = 0;

void expect(bool ok, const char* what) {
  if (!ok) {
    ++g_failures;
    std::printf("FAILED: %s\n", what);
  }
}

// Prints `text` when first polled: joined after a wait, it appears once the wait is armed.
struct Say {
  const char* text;
  bool poll(mote::Waker) noexcept {
    std::printf("%s", text);
    return true;
  }
  void take() noexcept {}
};

struct Pins {
  lm::Ssi0 ssi;
  lm::PD0 card_cs;
  lm::PA3 oled_cs;
  lm::PC7 dc;
  lm::PE0 key;
};

MOTE_TASK(oled_test, mote::pool(1).async_bytes(1024), Pins pins) {
  lm::Spi<lm::Ssi0> spi(std::move(pins.ssi), Irqs{}, lm::spi::Config{.frequency_hz = 4'000'000});
  lm::Output card_cs(std::move(pins.card_cs), lm::Level::High);  // the card stays unselected
  lm::Output oled_cs(std::move(pins.oled_cs), lm::Level::High);
  lm::Output dc(std::move(pins.dc), lm::Level::Low);
  lm::Input key(std::move(pins.key), Irqs{}, lm::gpio::Pull::Up);
  mote::hal::SharedSpiBus shared(spi);
  mote::hal::SharedSpiDevice oled_spi(shared, oled_cs, 4'000'000);  // the SSD0323's limit
  mote::devices::Ssd0323 oled(oled_spi, dc);

  expect((co_await oled.init()).has_value(), "init");
  expect((co_await oled.clear()).has_value(), "clear");
  // A white 32 x 16 rectangle at (16, 8).
  expect((co_await oled.fill(16, 8, 32, 16, 15)).has_value(), "fill");
  // A grey ramp over rows 40..47: level x / 8.
  static std::byte ramp[64 * 8];
  for (int row = 0; row < 8; ++row) {
    for (int col = 0; col < 64; ++col) {
      const int left = (2 * col) / 8, right = (2 * col + 1) / 8;
      ramp[row * 64 + col] = std::byte(left << 4 | right);
    }
  }
  expect((co_await oled.write_pixels(0, 40, 128, 8, ramp)).has_value(), "write_pixels ramp");
  // One pixel pair: (100, 30) level 0 and (101, 30) level 9: the left pixel is the high nibble.
  const std::byte pair[1]{std::byte{0x09}};
  expect((co_await oled.write_pixels(100, 30, 2, 1, pair)).has_value(), "write_pixels pair");

  // Refused before anything is sent.
  auto outside = co_await oled.fill(120, 60, 16, 8, 15);
  auto odd = co_await oled.fill(1, 50, 4, 4, 15);
  const std::byte three[3]{};
  auto size = co_await oled.write_pixels(60, 50, 4, 2, three);
  expect(!outside && outside.error() == Ssd0323Error::OutOfBounds, "a window leaving the panel: OutOfBounds");
  expect(!odd && odd.error() == Ssd0323Error::Unaligned, "an odd column: Unaligned");
  expect(!size && size.error() == Ssd0323Error::BadBufferSize, "3 bytes for 4 x 2 pixels: BadBufferSize");
  std::printf("refused: %s; %s; %s\n", mote::devices::error_message(outside.error()),
              mote::devices::error_message(odd.error()), mote::devices::error_message(size.error()));

  // The script takes and checks the screendump, then presses a key.
  co_await mote::join(key.wait_for_any_edge(), Say{"drawn\n"});
  if (g_failures == 0) {
    std::printf("ok\n");
  } else {
    std::printf("%d failures\n", g_failures);
  }
  mote::exit(g_failures == 0 ? 0 : 1);
}

}  // namespace

MOTE_MAIN(spawner) {
  auto p = lm::Peripherals::take();
  spawner.must_spawn(oled_test(Pins{std::move(p.ssi0), std::move(p.pd0), std::move(p.pa3), std::move(p.pc7), std::move(p.pe0)}));
  co_return;
}
