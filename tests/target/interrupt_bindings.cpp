// Firmware test (LM3S6965): MOTE_BIND_INTERRUPTS with every interrupt of the chip that is free
// (all but timer0a, the time driver's alarm). Each is pended by software; its bound handler must
// run in that very vector (IPSR), once. This checks the chip's interrupt names and numbers
// (mote/lm3s6965/interrupts.hpp) against the real vector table, and a group with two handlers.
#include <mote/cortex_m.hpp>
#include <mote/lm3s6965/interrupts.hpp>
#include <mote/mote.hpp>

#include <cstdio>

namespace {

volatile unsigned g_ran[64];      // per interrupt number: how often its handler ran
volatile unsigned g_vector[64];   // per interrupt number: IPSR - 16 seen by its handler
volatile unsigned g_second = 0;   // runs of the second handler of gpio_a
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
struct SecondOnGpioA {
  using interrupt = mote::lm3s6965::interrupt::gpio_a;
  static void on_interrupt() noexcept {
    if (g_ran[interrupt::number] != g_second + 1) g_order_ok = false;
    g_second = g_second + 1;
  }
};

}  // namespace

namespace irq = mote::lm3s6965::interrupt;
MOTE_BIND_INTERRUPTS(Irqs,
    (gpio_a, Probe<irq::gpio_a>, SecondOnGpioA), (gpio_b, Probe<irq::gpio_b>), (gpio_c, Probe<irq::gpio_c>),
    (gpio_d, Probe<irq::gpio_d>), (gpio_e, Probe<irq::gpio_e>), (uart0, Probe<irq::uart0>),
    (uart1, Probe<irq::uart1>), (ssi0, Probe<irq::ssi0>), (i2c0, Probe<irq::i2c0>),
    (pwm_fault, Probe<irq::pwm_fault>), (pwm0, Probe<irq::pwm0>), (pwm1, Probe<irq::pwm1>),
    (pwm2, Probe<irq::pwm2>), (qei0, Probe<irq::qei0>), (adc0_seq0, Probe<irq::adc0_seq0>),
    (adc0_seq1, Probe<irq::adc0_seq1>), (adc0_seq2, Probe<irq::adc0_seq2>), (adc0_seq3, Probe<irq::adc0_seq3>),
    (watchdog, Probe<irq::watchdog>), (timer0b, Probe<irq::timer0b>), (timer1a, Probe<irq::timer1a>),
    (timer1b, Probe<irq::timer1b>), (timer2a, Probe<irq::timer2a>), (timer2b, Probe<irq::timer2b>),
    (comp0, Probe<irq::comp0>), (comp1, Probe<irq::comp1>), (sysctl, Probe<irq::sysctl>),
    (flash, Probe<irq::flash>), (gpio_f, Probe<irq::gpio_f>), (gpio_g, Probe<irq::gpio_g>),
    (uart2, Probe<irq::uart2>), (timer3a, Probe<irq::timer3a>), (timer3b, Probe<irq::timer3b>),
    (i2c1, Probe<irq::i2c1>), (qei1, Probe<irq::qei1>), (ethernet, Probe<irq::ethernet>),
    (hibernate, Probe<irq::hibernate>));

static_assert(mote::cortex_m::Binds<Irqs, irq::uart1, Probe<irq::uart1>>);
static_assert(mote::cortex_m::Binds<Irqs, irq::gpio_a, SecondOnGpioA>);
static_assert(!mote::cortex_m::Binds<Irqs, irq::timer0a, Probe<irq::timer0a>>);
static_assert(!mote::cortex_m::Binds<Irqs, irq::uart0, Probe<irq::uart1>>);
static_assert(!mote::cortex_m::Binds<int, irq::uart0, Probe<irq::uart0>>);

MOTE_TASK(check, 1) {
  unsigned pended = 0;
  unsigned bad = 0;
#define MOTE_TEST_PEND(name, n)                                                                     \
  if (n != irq::timer0a::number) {                                                                   \
    mote::cortex_m::nvic::enable(n);                                                                 \
    mote::cortex_m::nvic::set_pending(n);                                                            \
    __asm volatile("dsb\n\tisb" ::: "memory"); /* taken here, before the next instruction */         \
    mote::cortex_m::nvic::disable(n);                                                                \
    ++pended;                                                                                        \
    if (g_ran[n] != 1 || g_vector[n] != n) {                                                         \
      ++bad;                                                                                         \
      std::printf("%s (%u): ran %u times, in vector %u\n", #name, n, g_ran[n], g_vector[n]); \
    }                                                                                                \
  }
  MOTE_LM3S6965_INTERRUPTS(MOTE_TEST_PEND)
#undef MOTE_TEST_PEND
  std::printf("%u interrupts bound, pended and handled in their own vector, %u wrong\n", pended, bad);
  std::printf("gpio_a's second handler ran %u time(s), after the first: %s\n", g_second, g_order_ok ? "yes" : "no");
  mote::exit(bad == 0 && pended == 37 && g_second == 1 && g_order_ok ? 0 : 1);
  co_return;
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(check());
  co_return;
}
