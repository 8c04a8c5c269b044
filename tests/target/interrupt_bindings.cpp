// Firmware test (every chip): MOTE_BIND_INTERRUPTS with every interrupt of the chip that is free
// (all but the time driver's). Each is pended by software; its bound handler must run in that
// very vector (IPSR), once; one group has two handlers, which run in order. The chip's part, the
// list of bindings and what is reserved, is interrupt_bindings/<chip>.hpp
// (MOTE_TEST_INTERRUPT_BINDINGS_HEADER, set by tests/target/CMakeLists.txt).
#include <mote/cortex_m.hpp>
#include <mote/mote.hpp>

#include <cstdio>

namespace {

constexpr unsigned kIrqSlots = 128;  // above every chip's highest interrupt number
volatile unsigned g_ran[kIrqSlots];     // per interrupt number: how often its handler ran
volatile unsigned g_vector[kIrqSlots];  // per interrupt number: IPSR - 16 seen by its handler
volatile unsigned g_second = 0;         // runs of the second handler of mote_test::SecondIrq
volatile bool g_order_ok = true;        // the second handler ran after the first

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
template <class Irq>
struct SecondHandler {
  using interrupt = Irq;
  static void on_interrupt() noexcept {
    if (g_ran[interrupt::number] != g_second + 1) g_order_ok = false;
    g_second = g_second + 1;
  }
};

}  // namespace

#include MOTE_TEST_INTERRUPT_BINDINGS_HEADER

MOTE_TASK(check, 1) {
  unsigned pended = 0;
  unsigned bad = 0;
#define MOTE_TEST_PEND(name, n)                                                                     \
  static_assert(n < kIrqSlots);                                                                      \
  if (n != mote_test::ReservedIrq::number) {                                                         \
    mote::cortex_m::nvic::enable(n);                                                                 \
    mote::cortex_m::nvic::set_pending(n);                                                            \
    __asm volatile("dsb\n\tisb" ::: "memory"); /* taken here, before the next instruction */         \
    mote::cortex_m::nvic::disable(n);                                                                \
    ++pended;                                                                                        \
    if (g_ran[n] != 1 || g_vector[n] != n) {                                                         \
      ++bad;                                                                                         \
      std::printf("%s (%u): ran %u times, in vector %u\n", #name, n, g_ran[n], g_vector[n]);         \
    }                                                                                                \
  }
  MOTE_TEST_CHIP_INTERRUPTS(MOTE_TEST_PEND)
#undef MOTE_TEST_PEND
  std::printf("%u interrupts bound, pended and handled in their own vector, %u wrong\n", pended, bad);
  std::printf("%s's second handler ran %u time(s), after the first: %s\n", mote_test::kSecondName, g_second,
              g_order_ok ? "yes" : "no");
  mote::exit(bad == 0 && pended == mote_test::kFreeInterrupts && g_second == 1 && g_order_ok ? 0 : 1);
  co_return;
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(check());
  co_return;
}
