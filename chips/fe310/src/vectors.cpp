// The FE310's PLIC handler table: entry n serves PLIC source n (watchdog 1, RTC 2, UART0 3,
// UART1 4, QSPI0 5, SPI1 6, SPI2 7; the GPIO and PWM lines that follow have no slot yet and
// panic as unhandled). Every entry is a weak alias of the default, which panics naming the
// source; a driver or MOTE_BIND_INTERRUPTS overrides one by defining a function of that name.
#include <iterator>

#include "mote/riscv.hpp"
#include "mote/riscv/vector_table.hpp"

MOTE_RISCV_DEFAULT_IRQ(fe310_unhandled_irq)
#define MOTE_FE310_WEAK(name, number) MOTE_RISCV_WEAK_IRQ(fe310_##name##_irq, fe310_unhandled_irq)
#include "mote/fe310/interrupt_list.hpp"
MOTE_FE310_INTERRUPTS(MOTE_FE310_WEAK)

extern "C" {
[[gnu::used]] const mote::riscv::Handler mote_riscv_external_handlers[] = {
    fe310_unhandled_irq,  // 0: "no interrupt", never claimed
    fe310_watchdog_irq,   // 1
    fe310_rtc_irq,        // 2
    fe310_uart0_irq,      // 3
    fe310_uart1_irq,      // 4
    fe310_qspi0_irq,      // 5
    fe310_spi1_irq,       // 6
    fe310_spi2_irq,       // 7
};
[[gnu::used]] const unsigned mote_riscv_external_count = std::size(mote_riscv_external_handlers);
}
