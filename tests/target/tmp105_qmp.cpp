// The TMP105 driver on I2C0 reports what the sensor measures: the test script (serial_session.py)
// sets QEMU's tmp105 temperature at run time over QMP (qom-set), then sends a line; the firmware
// reads the sensor and prints the temperature in thousandths of a degree.
#include <mote/mote.hpp>
#include <mote/devices/tmp105.hpp>
#include <mote/lm3s6965/i2c.hpp>
#include <mote/lm3s6965/uart.hpp>

#include <cstdio>
#include <utility>

namespace lm = mote::lm3s6965;

MOTE_BIND_INTERRUPTS(Irqs, (i2c0, lm::i2c::InterruptHandler<lm::I2c0>),
                     (uart0, lm::uart::InterruptHandler<lm::Uart0>));

namespace {

MOTE_TASK(report, 1, lm::I2c0 i2c_token, lm::Uart0 uart_token) {
  lm::I2c<lm::I2c0> i2c(std::move(i2c_token), Irqs{}, lm::i2c::Config{.frequency_hz = 100'000});
  lm::BufferedUart<lm::Uart0, 64> console(std::move(uart_token), Irqs{});
  mote::devices::Tmp105 sensor(i2c);
  auto set = co_await sensor.set_resolution(mote::devices::Tmp105Resolution::Bits12);
  auto first = co_await sensor.read_millicelsius();
  if (!set || !first) {
    std::printf("tmp105_qmp: the sensor does not answer\n");
    mote::exit(1);
  }
  std::printf("tmp105_qmp: ready, %ld mC\n", static_cast<long>(*first));
  char line[16];
  for (int i = 0; i < 2; ++i) {
    auto n = co_await console.read_until(std::span(line), '\n');  // the script has set a new value
    auto t = co_await sensor.read_millicelsius();
    if (!n || !t) {
      std::printf("tmp105_qmp: read failed\n");
      mote::exit(1);
    }
    std::printf("tmp105_qmp: %ld mC\n", static_cast<long>(*t));
  }
  std::printf("ok\n");
  mote::exit(0);
}

}  // namespace

MOTE_MAIN(spawner) {
  auto p = lm::Peripherals::take();
  spawner.must_spawn(report(std::move(p.i2c0), std::move(p.uart0)));
  co_return;
}
