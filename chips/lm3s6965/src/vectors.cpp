// The LM3S6965 vector table: the 16 Cortex-M exceptions, then the chip's 44 interrupts (numbers
// and sources from the data sheet's interrupt table). Placed at address 0 by the linker script.
//
// Every interrupt has a weak default (ending in mote_default_handler, which panics naming the
// interrupt); a driver or the application overrides one by defining a function of that name.
// This file is linked into every firmware as an object (not from the library), so the table
// and the handlers it names are always kept.
#include <iterator>

#include "mote/cortex_m/systick_clock.hpp"
#include "mote/cortex_m/vector_table.hpp"

MOTE_CORTEX_M_DEFAULT_IRQ(lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_gpio_a_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_gpio_b_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_gpio_c_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_gpio_d_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_gpio_e_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_uart0_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_uart1_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_ssi0_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_i2c0_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_pwm_fault_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_pwm0_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_pwm1_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_pwm2_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_qei0_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_adc0_seq0_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_adc0_seq1_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_adc0_seq2_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_adc0_seq3_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_watchdog_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_timer0a_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_timer0b_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_timer1a_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_timer1b_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_timer2a_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_timer2b_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_comp0_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_comp1_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_sysctl_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_flash_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_gpio_f_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_gpio_g_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_uart2_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_timer3a_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_timer3b_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_i2c1_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_qei1_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_ethernet_irq, lm3s6965_unhandled_irq)
MOTE_CORTEX_M_WEAK_IRQ(lm3s6965_hibernate_irq, lm3s6965_unhandled_irq)

using mote::cortex_m::kReserved;

extern "C" [[gnu::used, gnu::section(".vectors")]] const auto lm3s6965_vector_table = mote::cortex_m::vector_table(
    // SysTick: the time base (mote/cortex_m/systick_clock.hpp).
    mote_systick_clock_handler,
    {
        lm3s6965_gpio_a_irq,     // 0
        lm3s6965_gpio_b_irq,     // 1
        lm3s6965_gpio_c_irq,     // 2
        lm3s6965_gpio_d_irq,     // 3
        lm3s6965_gpio_e_irq,     // 4
        lm3s6965_uart0_irq,      // 5
        lm3s6965_uart1_irq,      // 6
        lm3s6965_ssi0_irq,       // 7
        lm3s6965_i2c0_irq,       // 8
        lm3s6965_pwm_fault_irq,  // 9
        lm3s6965_pwm0_irq,       // 10
        lm3s6965_pwm1_irq,       // 11
        lm3s6965_pwm2_irq,       // 12
        lm3s6965_qei0_irq,       // 13
        lm3s6965_adc0_seq0_irq,  // 14
        lm3s6965_adc0_seq1_irq,  // 15
        lm3s6965_adc0_seq2_irq,  // 16
        lm3s6965_adc0_seq3_irq,  // 17
        lm3s6965_watchdog_irq,   // 18
        lm3s6965_timer0a_irq,    // 19: the time driver's alarm
        lm3s6965_timer0b_irq,    // 20
        lm3s6965_timer1a_irq,    // 21
        lm3s6965_timer1b_irq,    // 22
        lm3s6965_timer2a_irq,    // 23
        lm3s6965_timer2b_irq,    // 24
        lm3s6965_comp0_irq,      // 25
        lm3s6965_comp1_irq,      // 26
        kReserved,               // 27
        lm3s6965_sysctl_irq,     // 28
        lm3s6965_flash_irq,      // 29
        lm3s6965_gpio_f_irq,     // 30
        lm3s6965_gpio_g_irq,     // 31
        kReserved,               // 32
        lm3s6965_uart2_irq,      // 33
        kReserved,               // 34
        lm3s6965_timer3a_irq,    // 35
        lm3s6965_timer3b_irq,    // 36
        lm3s6965_i2c1_irq,       // 37
        lm3s6965_qei1_irq,       // 38
        kReserved,               // 39
        kReserved,               // 40
        kReserved,               // 41
        lm3s6965_ethernet_irq,   // 42
        lm3s6965_hibernate_irq,  // 43
    });
// One line too many or too few would shift every vector after it.
static_assert(std::size(lm3s6965_vector_table.interrupts) == 44);
