// Two PLIC sources the riscv_plic_priority test can raise and lower by software on QEMU's virt:
// the ns16550's transmit-empty interrupt (IER.THRI: pending at once while nothing is sent) and
// the goldfish RTC's alarm (an alarm time of 0 is already past: it fires at once).
#pragma once

#include <mote/riscv_virt/interrupts.hpp>

#define MOTE_TEST_PLIC_A uart0
#define MOTE_TEST_PLIC_B rtc

namespace mote_test::plic {
inline volatile unsigned char& uart_ier() noexcept { return *reinterpret_cast<volatile unsigned char*>(0x10000001); }
inline volatile unsigned& rtc(unsigned offset) noexcept { return *reinterpret_cast<volatile unsigned*>(0x101000 + offset); }
inline void raise_a() noexcept { uart_ier() = 0x02; }
inline void lower_a() noexcept { uart_ier() = 0x00; }
inline void raise_b() noexcept {
  rtc(0x10) = 1;  // IRQ_ENABLED
  rtc(0x0C) = 0;  // ALARM_HIGH
  rtc(0x08) = 0;  // ALARM_LOW: arms the alarm, in the past
}
inline void lower_b() noexcept {
  rtc(0x1C) = 1;  // CLEAR_INTERRUPT
  rtc(0x10) = 0;
}
}  // namespace mote_test::plic
