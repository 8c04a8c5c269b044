// GPIO edge and level waits (mote::lm3s6965::Input, a hal::Wait) on real input lines: QEMU's
// lm3s6965evb wires its "gamepad" to PE0..PE3 (keys up, down, left, right) and PF1 (left ctrl),
// low while a key is held. The test script (serial_session.py) presses and releases keys over
// QMP (input-send-event) after each line the firmware prints; each wait below completes only
// through the port's interrupt, and cancelled waits leave the others (and the pin) as they were.
#include <mote/mote.hpp>
#include <mote/lm3s6965/gpio.hpp>
#include <mote/lm3s6965/regs.hpp>

#include <cstdio>
#include <utility>
#include <variant>

namespace lm = mote::lm3s6965;
using namespace mote::literals;

MOTE_BIND_INTERRUPTS(Irqs, (gpio_e, lm::gpio::InterruptHandler<'E'>), (gpio_f, lm::gpio::InterruptHandler<'F'>));

namespace {

int g_failures = 0;

void expect(bool ok, const char* what) {
  if (!ok) {
    ++g_failures;
    std::printf("FAILED: %s\n", what);
  }
}

const char* name(bool high) { return high ? "high" : "low"; }

// A future that prints `text` when first polled. join(wait, Say{...}) polls the wait first, so
// the line the script waits for appears only once the wait is armed: a key pressed at once
// cannot come before it.
struct Say {
  const char* text;
  bool poll(mote::Waker) noexcept {
    std::printf("%s", text);
    return true;
  }
  void take() noexcept {}
};

bool pin_interrupt_enabled(std::uintptr_t base, unsigned pin) {
  return (mote::cortex_m::reg32(base + lm::gpio_regs::kIm) & (1u << pin)) != 0;
}
constexpr std::uintptr_t kPortE = lm::PE0::kBase;

using Up = lm::Input<lm::PE0>;
int g_second_waiter = -1;  // -1: waiting, 1: saw the falling edge with PE0 low, 0: anything else

MOTE_TASK(second_waiter, 1, mote::Static<Up&> up) {
  co_await (*up).wait_for_falling_edge();
  g_second_waiter = (*up).is_low() ? 1 : 0;
  std::printf("second waiter: falling edge, PE0 low\n");
}

MOTE_TASK(gpio_test, 1, lm::PE0 pe0, lm::PE1 pe1, lm::PF1 pf1, mote::Spawner spawner) {
  Up up(std::move(pe0), Irqs{}, lm::gpio::Pull::Up);
  lm::Input down(std::move(pe1), Irqs{}, lm::gpio::Pull::Up);
  lm::Input select_button(std::move(pf1), Irqs{}, lm::gpio::Pull::Up);

  // 1. A level wait: completes at once if PE0 is high, else when the key is released (QEMU's
  //    gamepad leaves its lines low until it has seen a key).
  std::printf("gpio_wait: ready, PE0 %s\n", name(up.is_high()));
  co_await up.wait_for_high();
  expect(up.is_high(), "wait_for_high: PE0 high");
  std::printf("wait_for_high: PE0 %s\n", name(up.is_high()));

  // 2. An edge wait: the script presses "up".
  co_await mote::join(up.wait_for_falling_edge(), Say{"armed: falling edge on PE0\n"});
  expect(up.is_low(), "wait_for_falling_edge: PE0 low after the edge");
  std::printf("falling edge: PE0 %s\n", name(up.is_high()));

  // 3. select over two pins: PE0's rising edge (the script releases "up") wins, PE1's wait is
  //    cancelled and its pin's interrupt masked again.
  auto [winner, said] = co_await mote::join(mote::select(up.wait_for_rising_edge(), down.wait_for_falling_edge()),
                                            Say{"armed: rising edge on PE0 or falling edge on PE1\n"});
  expect(winner.index() == 0 && up.is_high(), "select: PE0's rising edge won");
  expect(!pin_interrupt_enabled(kPortE, 1), "select: the loser's pin (PE1) has its interrupt masked");
  expect(!pin_interrupt_enabled(kPortE, 0), "select: the winner's pin (PE0) has its interrupt masked");
  std::printf("select: PE0 rising edge won, PE1 wait cancelled, both interrupts masked\n");

  // 4. Two waits on one pin; one is cancelled (with_timeout, nothing happens) while the other
  //    keeps waiting: the pin stays armed and the other still gets the next edge.
  spawner.must_spawn(second_waiter(mote::Static<Up&>(up)));
  co_await mote::Timer::after(10_us);  // the second waiter has armed PE0
  auto r = co_await mote::with_timeout(1_ms, up.wait_for_falling_edge());
  expect(!r && r.error() == mote::TimeoutError::Elapsed, "with_timeout: the wait timed out");
  expect(pin_interrupt_enabled(kPortE, 0), "the other waiter keeps PE0's interrupt enabled");
  std::printf("with_timeout: one wait on PE0 cancelled, the other still armed\n");
  while (g_second_waiter < 0) co_await mote::Timer::after(100_us);  // the script presses "up"
  expect(g_second_waiter == 1, "the remaining waiter saw the falling edge");
  expect(!pin_interrupt_enabled(kPortE, 0), "PE0's interrupt masked once nobody waits");

  // 5. Edges while nobody waits are not stale events for a later wait: the script presses and
  //    releases "down" (PE1), then presses and releases ctrl (PF1, another port), which this
  //    wait sees; a wait on PE1 armed afterwards sees nothing.
  co_await mote::join(select_button.wait_for_rising_edge(),
                      Say{"idle: PE1 not armed; waiting for a rising edge on PF1\n"});
  expect(select_button.is_high(), "PF1 high after its rising edge");
  auto stale = co_await mote::with_timeout(1_ms, down.wait_for_any_edge());
  expect(!stale, "PE1's edges from before its wait are not seen");
  std::printf("PF1 rising edge; PE1's earlier edges not seen by a later wait (PE1 %s)\n", name(down.is_high()));

  // 6. wait_for_low when the pin is low completes at once; any edge sees the next change.
  co_await mote::join(down.wait_for_any_edge(), Say{"armed: any edge on PE1\n"});  // the script presses "down"
  co_await down.wait_for_low();
  expect(down.is_low(), "PE1 low");
  std::printf("any edge: PE1 %s; wait_for_low completed\n", name(down.is_high()));

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
  spawner.must_spawn(gpio_test(std::move(p.pe0), std::move(p.pe1), std::move(p.pf1), spawner));
  co_return;
}
