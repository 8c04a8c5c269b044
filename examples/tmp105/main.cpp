// A TMP105 temperature sensor on the LM3S6965's I2C0, read once a second by a task. The device
// driver (mote/devices/tmp105.hpp) is written against mote::hal::I2c, so the same code runs on
// any chip whose I2C driver models the concept; only the three lines that build the bus are
// this chip's. Under QEMU: cmake --build build/lm3s6965evb --target run-tmp105 (CMakeLists.txt
// attaches QEMU's tmp105 model with QEMU_ARGS). A board without the sensor prints the NACK.
#include <mote/log.hpp>
#include <mote/mote.hpp>
#include <mote/devices/tmp105.hpp>
#include <mote/lm3s6965/i2c.hpp>

#include <utility>

MOTE_BIND_INTERRUPTS(Irqs, (i2c0, mote::lm3s6965::i2c::InterruptHandler<mote::lm3s6965::I2c0>));

namespace {

void print(const mote::Result<std::int32_t, mote::hal::I2cError>& t) {
  if (t) {
    const std::int32_t magnitude = *t < 0 ? -*t : *t;  // the sign apart, so that -0.5 C shows as -0.500
    MOTE_LOG_INFO("temperature: {}{}.{:03} C", *t < 0 ? "-" : "", magnitude / 1000, magnitude % 1000);
  } else {
    MOTE_LOG_INFO("temperature: {}", mote::hal::error_message(t.error()));
  }
}

MOTE_TASK(thermometer, 1, mote::lm3s6965::I2c0 token) {
  using namespace mote::literals;
  mote::lm3s6965::I2c<mote::lm3s6965::I2c0> i2c(std::move(token), Irqs{},
                                               mote::lm3s6965::i2c::Config{.frequency_hz = 100'000});
  mote::devices::Tmp105 sensor(i2c);  // address 0x48
  if (auto r = co_await sensor.set_resolution(mote::devices::Tmp105Resolution::Bits12); !r) {
    MOTE_LOG_WARN("tmp105 at 0x48: {}", mote::hal::error_message(r.error()));
  }
  mote::Ticker every_second(1_s);
  for (int i = 0; i < 3; ++i) {
    print(co_await sensor.read_millicelsius());
    co_await every_second.next();
  }
  mote::exit(0);
}

}  // namespace

MOTE_MAIN(spawner) {
  auto p = mote::lm3s6965::Peripherals::take();
  spawner.must_spawn(thermometer(std::move(p.i2c0)));
  co_return;
}
