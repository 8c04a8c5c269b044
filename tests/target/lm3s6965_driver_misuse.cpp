// Must fail, one case per build (MISUSE_CASE): misuse the new drivers in ways the compiler cannot
// catch, each stopped at run time with a message naming the problem.
//   1  an Input on a pin an Output already has (a moved-from token used again)
//   2  a second Spi on SSI0 (a moved-from token used again)
//   3  an SSI clock beyond what the SSI can make (25 MHz at most)
#include <mote/mote.hpp>
#include <mote/lm3s6965/gpio.hpp>
#include <mote/lm3s6965/spi.hpp>

#include <cstdio>
#include <utility>

namespace lm = mote::lm3s6965;

MOTE_BIND_INTERRUPTS(Irqs, (gpio_f, lm::gpio::InterruptHandler<'F'>), (ssi0, lm::spi::InterruptHandler<lm::Ssi0>));

MOTE_MAIN(spawner) {
  static_cast<void>(spawner);
  auto p = lm::Peripherals::take();
#if MISUSE_CASE == 1
  lm::Output led(std::move(p.pf0), lm::Level::Low);
  std::printf("Output on PF0\n");
  lm::Input input(std::move(p.pf0), Irqs{});
  std::printf("Input on PF0: not caught\n");
#elif MISUSE_CASE == 2
  lm::Spi<lm::Ssi0> first(std::move(p.ssi0), Irqs{});
  std::printf("first Spi on SSI0\n");
  lm::Spi<lm::Ssi0> second(std::move(p.ssi0), Irqs{});
  std::printf("second Spi on SSI0: not caught\n");
#else
  std::printf("Spi at 40 MHz\n");
  lm::Spi<lm::Ssi0> spi(std::move(p.ssi0), Irqs{}, lm::spi::Config{.frequency_hz = 40'000'000});
  std::printf("40 MHz: not caught\n");
#endif
  co_return;
}
