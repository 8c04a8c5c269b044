// Firmware test (nRF51): MOTE_BIND_INTERRUPTS with every interrupt of the chip that is free (all
// but timer0, the time driver's). Each is pended by software; its bound handler must run in that
// very vector (IPSR), once. This checks the chip's interrupt names and numbers
// (mote/nrf51/interrupts.hpp) against the real vector table, and a group with two handlers.
#include <mote/cortex_m.hpp>
#include <mote/mote.hpp>
#include <mote/nrf51/interrupts.hpp>

#include <cstdio>

namespace {

volatile unsigned g_ran[32];      // per interrupt number: how often its handler ran
volatile unsigned g_vector[32];   // per interrupt number: IPSR - 16 seen by its handler
volatile unsigned g_second = 0;   // runs of the second handler of gpiote
volatile bool g_order_ok = true;  // the second handler ran after the first

template <class Irq>
struct Probe {
  using interrupt = Irq;
  static void on_interrupt() noexcept {
    std::uint32_t ipsr;
    __asm volatile("mrs %0, ipsr" : "=r"(ipsr));
    g_vector[Irq::number] = ipsr - 16;
    g_ran[Irq::number] = g_ran[Irq::number] + 1;
  }
};
struct SecondOnGpiote {
  using interrupt = mote::nrf51::interrupt::gpiote;
  static void on_interrupt() noexcept {
    if (g_ran[interrupt::number] != g_second + 1) g_order_ok = false;
    g_second = g_second + 1;
  }
};

}  // namespace

namespace irq = mote::nrf51::interrupt;
MOTE_BIND_INTERRUPTS(Irqs,
    (power_clock, Probe<irq::power_clock>), (radio, Probe<irq::radio>), (uart0, Probe<irq::uart0>),
    (spi0_twi0, Probe<irq::spi0_twi0>), (spi1_twi1, Probe<irq::spi1_twi1>),
    (gpiote, Probe<irq::gpiote>, SecondOnGpiote), (adc, Probe<irq::adc>), (timer1, Probe<irq::timer1>),
    (timer2, Probe<irq::timer2>), (rtc0, Probe<irq::rtc0>), (temp, Probe<irq::temp>), (rng, Probe<irq::rng>),
    (ecb, Probe<irq::ecb>), (ccm_aar, Probe<irq::ccm_aar>), (wdt, Probe<irq::wdt>), (rtc1, Probe<irq::rtc1>),
    (qdec, Probe<irq::qdec>), (lpcomp, Probe<irq::lpcomp>), (swi0, Probe<irq::swi0>), (swi1, Probe<irq::swi1>),
    (swi2, Probe<irq::swi2>), (swi3, Probe<irq::swi3>), (swi4, Probe<irq::swi4>), (swi5, Probe<irq::swi5>));

static_assert(mote::cortex_m::Binds<Irqs, irq::uart0, Probe<irq::uart0>>);
static_assert(mote::cortex_m::Binds<Irqs, irq::gpiote, SecondOnGpiote>);
static_assert(!mote::cortex_m::Binds<Irqs, irq::timer0, Probe<irq::timer0>>);
static_assert(!mote::cortex_m::Binds<Irqs, irq::uart0, Probe<irq::rng>>);

MOTE_TASK(check, 1) {
  unsigned pended = 0;
  unsigned bad = 0;
#define MOTE_TEST_PEND(name, n)                                                                 \
  if (n != irq::timer0::number) {                                                               \
    mote::cortex_m::nvic::enable(n);                                                            \
    mote::cortex_m::nvic::set_pending(n);                                                       \
    __asm volatile("dsb\n\tisb" ::: "memory"); /* taken here, before the next instruction */    \
    mote::cortex_m::nvic::disable(n);                                                           \
    ++pended;                                                                                   \
    if (g_ran[n] != 1 || g_vector[n] != n) {                                                    \
      ++bad;                                                                                    \
      std::printf("%s (%u): ran %u times, in vector %u\n", #name, n, g_ran[n], g_vector[n]); \
    }                                                                                           \
  }
  MOTE_NRF51_INTERRUPTS(MOTE_TEST_PEND)
#undef MOTE_TEST_PEND
  std::printf("%u interrupts bound, pended and handled in their own vector, %u wrong\n", pended, bad);
  std::printf("gpiote's second handler ran %u time(s), after the first: %s\n", g_second, g_order_ok ? "yes" : "no");
  mote::exit(bad == 0 && pended == 24 && g_second == 1 && g_order_ok ? 0 : 1);
  co_return;
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(check());
  co_return;
}
