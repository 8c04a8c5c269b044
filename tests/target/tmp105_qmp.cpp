// The TMP105 driver reports what the sensor measures, on every chip whose I2C driver QEMU can
// attach a tmp105 to: the test script (serial_session.py) sets QEMU's tmp105 temperature at run
// time over QMP (qom-set), then sends a line; the firmware reads the sensor and prints the
// temperature in thousandths of a degree. The chip's part (bus driver, console, bindings) is
// tmp105_qmp/<chip>.hpp, passed by CMake as MOTE_TEST_TMP105_HEADER.
#include <mote/mote.hpp>
#include <mote/devices/tmp105.hpp>

#include MOTE_TEST_TMP105_HEADER

#include <cstdio>
#include <utility>

namespace board = mote_test::tmp105;

MOTE_BIND_INTERRUPTS(Irqs, MOTE_TEST_TMP105_BINDINGS);

namespace {

MOTE_TASK(report, 1, board::I2cToken i2c_token, board::chip::Uart0 uart_token) {
  auto i2c = board::make_i2c(std::move(i2c_token), Irqs{});
  board::Console<64> console(std::move(uart_token), Irqs{});
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
  auto p = board::chip::Peripherals::take();
  spawner.must_spawn(report(board::take_i2c(p), std::move(p.uart0)));
  co_return;
}
