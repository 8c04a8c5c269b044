// A temperature logger on the LM3S6965 evaluation board: the TMP105 on I2C0 is read every
// 100 ms; each reading is written to the SD card (one 512-byte block per reading, a text line)
// and drawn as a bar on the OLED. The card and the display share SSI0 through a SharedSpiBus:
// each reading's block write and bar drawing run at once (mote::join), and the bus's mutex
// serialises their transactions. The device drivers (mote/devices/*.hpp) are written against
// the HAL concepts; only the lines that build the buses and pins are this chip's.
//
// Under QEMU: cmake --build build/lm3s6965evb --target run-oled_sd (examples/CMakeLists.txt
// attaches QEMU's tmp105 and a 1 MiB card image, build/lm3s6965evb/examples/oled_sd.img).
#include <mote/log.hpp>
#include <mote/mote.hpp>
#include <mote/devices/sd_card.hpp>
#include <mote/devices/ssd0323.hpp>
#include <mote/devices/tmp105.hpp>
#include <mote/hal/spi_device.hpp>
#include <mote/lm3s6965/gpio.hpp>
#include <mote/lm3s6965/i2c.hpp>
#include <mote/lm3s6965/spi.hpp>

#include <cstdio>
#include <cstring>
#include <utility>

namespace lm = mote::lm3s6965;
using namespace mote::literals;

MOTE_BIND_INTERRUPTS(Irqs, (ssi0, lm::spi::InterruptHandler<lm::Ssi0>), (i2c0, lm::i2c::InterruptHandler<lm::I2c0>));

namespace {

struct Board {  // the tokens the logger owns
  lm::Ssi0 ssi;
  lm::I2c0 i2c;
  lm::PD0 card_cs;
  lm::PA3 oled_cs;
  lm::PC7 oled_dc;
};

constexpr int kReadings = 8;

MOTE_TASK(logger, mote::pool(1).async_bytes(2048), Board board) {
  lm::Spi<lm::Ssi0> spi(std::move(board.ssi), Irqs{});
  lm::I2c<lm::I2c0> i2c(std::move(board.i2c), Irqs{});
  lm::Output card_cs(std::move(board.card_cs), lm::Level::High);
  lm::Output oled_cs(std::move(board.oled_cs), lm::Level::High);
  lm::Output oled_dc(std::move(board.oled_dc), lm::Level::Low);

  mote::hal::SharedSpiBus shared(spi);
  mote::devices::SdCard card(shared, card_cs);
  mote::hal::SharedSpiDevice oled_spi(shared, oled_cs, 4'000'000);  // the SSD0323's limit
  mote::devices::Ssd0323 oled(oled_spi, oled_dc);
  mote::devices::Tmp105 sensor(i2c);

  auto [card_ok, oled_ok] = co_await mote::join(card.init(), oled.init());
  if (!card_ok) {
    MOTE_LOG_ERROR("sd card: {}", mote::hal::error_message(card_ok.error()));
    mote::exit(1);
  }
  if (!oled_ok || !(co_await oled.clear())) {
    MOTE_LOG_ERROR("oled: failed");
    mote::exit(1);
  }
  auto blocks = co_await card.block_count();
  MOTE_LOG_INFO("sd card: {} blocks; oled: 128 x 64", blocks ? *blocks : 0);
  static_cast<void>(co_await sensor.set_resolution(mote::devices::Tmp105Resolution::Bits12));

  static std::byte record[mote::hal::kBlockSize];
  mote::Ticker every(100_ms);
  for (int i = 0; i < kReadings; ++i) {
    auto t = co_await sensor.read_millicelsius();
    const long mc = t ? static_cast<long>(*t) : -273150;
    std::memset(record, 0, sizeof record);
    std::snprintf(reinterpret_cast<char*>(record), sizeof record, "mote oled_sd reading %d: %ld mC\n", i, mc);
    // A bar per reading: 0 C is 8 pixels high, one more pixel per degree (clamped to the panel).
    const long degrees = mc / 1000;
    const int height = degrees < -8 ? 0 : degrees > 55 ? 63 : static_cast<int>(8 + degrees);
    auto [written, drawn] = co_await mote::join(
        card.write(static_cast<std::uint32_t>(i), record),
        oled.fill(4 + 16 * i, 64 - (height > 0 ? height : 1), 8, height > 0 ? height : 1, 15));
    const long magnitude = mc < 0 ? -mc : mc;  // the sign apart, so that -0.5 C shows as -0.500
    MOTE_LOG_INFO("reading {}: {}{}.{:03} C -> block {} {}, bar {}", i, mc < 0 ? "-" : "", magnitude / 1000,
                  magnitude % 1000, i, written ? "written" : mote::hal::error_message(written.error()),
                  drawn ? "drawn" : mote::devices::error_message(drawn.error()));
    co_await every.next();
  }
  // Read the log back from the card.
  static std::byte back[mote::hal::kBlockSize];
  int matching = 0;
  for (int i = 0; i < kReadings; ++i) {
    std::snprintf(reinterpret_cast<char*>(record), sizeof record, "mote oled_sd reading %d:", i);
    if (co_await card.read(static_cast<std::uint32_t>(i), back) &&
        std::memcmp(back, record, std::strlen(reinterpret_cast<char*>(record))) == 0) {
      ++matching;
    }
  }
  MOTE_LOG_INFO("read back: {} of {} records", matching, kReadings);
  mote::exit(matching == kReadings ? 0 : 1);
}

}  // namespace

MOTE_MAIN(spawner) {
  auto p = lm::Peripherals::take();
  spawner.must_spawn(logger(Board{std::move(p.ssi0), std::move(p.i2c0), std::move(p.pd0), std::move(p.pa3), std::move(p.pc7)}));
  co_return;
}
