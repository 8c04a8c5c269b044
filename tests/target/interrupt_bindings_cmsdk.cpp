// Firmware test (MPS2 AN385/AN386): MOTE_BIND_INTERRUPTS with every interrupt line of the images
// that is free (all but dualtimer, the time driver's). Each is pended by software; its bound
// handler must run in that very vector (IPSR), once. This checks the chip's interrupt names and
// numbers (mote/cmsdk/interrupts.hpp) against the real vector table, and a group with two
// handlers.
#include <mote/cmsdk/interrupts.hpp>
#include <mote/cortex_m.hpp>
#include <mote/mote.hpp>

#include <cstdio>

namespace {

volatile unsigned g_ran[32];      // per interrupt number: how often its handler ran
volatile unsigned g_vector[32];   // per interrupt number: IPSR - 16 seen by its handler
volatile unsigned g_second = 0;   // runs of the second handler of uart0_rx
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
struct SecondOnUart0Rx {
  using interrupt = mote::cmsdk::interrupt::uart0_rx;
  static void on_interrupt() noexcept {
    if (g_ran[interrupt::number] != g_second + 1) g_order_ok = false;
    g_second = g_second + 1;
  }
};

}  // namespace

namespace irq = mote::cmsdk::interrupt;
MOTE_BIND_INTERRUPTS(Irqs,
    (uart0_rx, Probe<irq::uart0_rx>, SecondOnUart0Rx), (uart0_tx, Probe<irq::uart0_tx>),
    (uart1_rx, Probe<irq::uart1_rx>), (uart1_tx, Probe<irq::uart1_tx>), (uart2_rx, Probe<irq::uart2_rx>),
    (uart2_tx, Probe<irq::uart2_tx>), (gpio0, Probe<irq::gpio0>), (gpio1, Probe<irq::gpio1>),
    (timer0, Probe<irq::timer0>), (timer1, Probe<irq::timer1>), (spi, Probe<irq::spi>),
    (uart_overflow, Probe<irq::uart_overflow>), (ethernet, Probe<irq::ethernet>), (i2s, Probe<irq::i2s>),
    (irq15, Probe<irq::irq15>), (irq16, Probe<irq::irq16>), (irq17, Probe<irq::irq17>),
    (uart3_rx, Probe<irq::uart3_rx>), (uart3_tx, Probe<irq::uart3_tx>), (uart4_rx, Probe<irq::uart4_rx>),
    (uart4_tx, Probe<irq::uart4_tx>), (adc_spi, Probe<irq::adc_spi>), (irq23, Probe<irq::irq23>),
    (shield_spi, Probe<irq::shield_spi>), (irq25, Probe<irq::irq25>), (irq26, Probe<irq::irq26>),
    (irq27, Probe<irq::irq27>), (irq28, Probe<irq::irq28>), (irq29, Probe<irq::irq29>),
    (irq30, Probe<irq::irq30>), (irq31, Probe<irq::irq31>));

static_assert(mote::cortex_m::Binds<Irqs, irq::uart1_rx, Probe<irq::uart1_rx>>);
static_assert(mote::cortex_m::Binds<Irqs, irq::uart0_rx, SecondOnUart0Rx>);
static_assert(!mote::cortex_m::Binds<Irqs, irq::dualtimer, Probe<irq::dualtimer>>);
static_assert(!mote::cortex_m::Binds<Irqs, irq::uart0_rx, Probe<irq::uart0_tx>>);
static_assert(!mote::cortex_m::Binds<int, irq::uart0_rx, Probe<irq::uart0_rx>>);

MOTE_TASK(check, 1) {
  unsigned pended = 0;
  unsigned bad = 0;
#define MOTE_TEST_PEND(name, n)                                                                 \
  if (n != irq::dualtimer::number) {                                                            \
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
  MOTE_CMSDK_INTERRUPTS(MOTE_TEST_PEND)
#undef MOTE_TEST_PEND
  std::printf("%u interrupts bound, pended and handled in their own vector, %u wrong\n", pended, bad);
  std::printf("uart0_rx's second handler ran %u time(s), after the first: %s\n", g_second, g_order_ok ? "yes" : "no");
  mote::exit(bad == 0 && pended == 31 && g_second == 1 && g_order_ok ? 0 : 1);
  co_return;
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(check());
  co_return;
}
