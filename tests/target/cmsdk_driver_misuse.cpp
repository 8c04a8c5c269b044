// Must fail, one case per build (MISUSE_CASE): misuse of the MPS2 bus drivers that the compiler
// cannot catch, each stopped at run time with a message naming the problem.
//   1  a second I2c on SBCon 3 (a moved-from token used again)
//   2  an SCL frequency beyond fast mode (400 kHz)
//   3  an SPI clock beyond what the port can make (12.5 MHz: half of PCLK)
#include <mote/mote.hpp>
#include <mote/cmsdk/i2c.hpp>
#include <mote/cmsdk/spi.hpp>

#include <cstdio>
#include <utility>

namespace cm = mote::cmsdk;

MOTE_BIND_INTERRUPTS(Irqs, (spi, cm::spi::InterruptHandler<cm::Ssp0>));

MOTE_MAIN(spawner) {
  static_cast<void>(spawner);
  auto p = cm::Peripherals::take();
#if MISUSE_CASE == 1
  cm::I2c<cm::Sbcon3> first(std::move(p.sbcon3));
  std::printf("first I2c on SBCon 3\n");
  cm::I2c<cm::Sbcon3> second(std::move(p.sbcon3));
  std::printf("second I2c on SBCon 3: not caught\n");
#elif MISUSE_CASE == 2
  std::printf("I2c at 1 MHz\n");
  cm::I2c<cm::Sbcon3> i2c(std::move(p.sbcon3), cm::i2c::Config{.frequency_hz = 1'000'000});
  std::printf("1 MHz: not caught\n");
#else
  std::printf("Spi at 20 MHz\n");
  cm::Spi<cm::Ssp0> spi(std::move(p.ssp0), Irqs{}, cm::spi::Config{.frequency_hz = 20'000'000});
  std::printf("20 MHz: not caught\n");
#endif
  co_return;
}
