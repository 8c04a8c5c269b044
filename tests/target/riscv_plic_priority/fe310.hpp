// Two PLIC sources the riscv_plic_priority test can raise and lower by software on the FE310:
// the transmit-watermark interrupts of UART0 and UART1 (pending while the transmit FIFO is below
// its watermark, i.e. always in QEMU, as soon as `ie.txwm` is set).
#pragma once

#include <mote/fe310/interrupts.hpp>

#define MOTE_TEST_PLIC_A uart1
#define MOTE_TEST_PLIC_B uart0

namespace mote_test::plic {
inline volatile unsigned& ie(unsigned long base) noexcept { return *reinterpret_cast<volatile unsigned*>(base + 0x10); }
inline void raise_a() noexcept { ie(0x10023000) = 1; }
inline void lower_a() noexcept { ie(0x10023000) = 0; }
inline void raise_b() noexcept { ie(0x10013000) = 1; }
inline void lower_b() noexcept { ie(0x10013000) = 0; }
}  // namespace mote_test::plic
