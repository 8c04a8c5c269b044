// mote/stm32f4/interrupts.hpp: the STM32F405/407's interrupts by name, for MOTE_BIND_INTERRUPTS.
//
// Each interrupt is a tag type mote::stm32f4::interrupt::<name> with its number (the NVIC's IRQn,
// from RM0090's vector table) and the name of its vector-table symbol, stm32f4_<name>_irq
// (chips/stm32f4/src/vectors.cpp, where each is a weak alias of the default handler). Binding an
// interrupt defines that symbol; see mote/hal/interrupts.hpp.
//
//   MOTE_BIND_INTERRUPTS(Irqs, (usart1, mote::stm32f4::uart::InterruptHandler<mote::stm32f4::Usart1>));
//
// tim5 is the time driver's alarm and already has its handler: binding it is a link error.
#pragma once

#include "mote/hal/interrupts.hpp"

// X(name, number): every interrupt of the chip, in vector-table order (names as in vectors.cpp,
// lower case; cryp is the F415/417's only). target.interrupt_bindings checks
// each against the vector table.
#define MOTE_STM32F4_INTERRUPTS(X) \
  X(wwdg, 0)                       \
  X(pvd, 1)                        \
  X(tamp_stamp, 2)                 \
  X(rtc_wkup, 3)                   \
  X(flash, 4)                      \
  X(rcc, 5)                        \
  X(exti0, 6)                      \
  X(exti1, 7)                      \
  X(exti2, 8)                      \
  X(exti3, 9)                      \
  X(exti4, 10)                     \
  X(dma1_stream0, 11)              \
  X(dma1_stream1, 12)              \
  X(dma1_stream2, 13)              \
  X(dma1_stream3, 14)              \
  X(dma1_stream4, 15)              \
  X(dma1_stream5, 16)              \
  X(dma1_stream6, 17)              \
  X(adc, 18)                       \
  X(can1_tx, 19)                   \
  X(can1_rx0, 20)                  \
  X(can1_rx1, 21)                  \
  X(can1_sce, 22)                  \
  X(exti9_5, 23)                   \
  X(tim1_brk_tim9, 24)             \
  X(tim1_up_tim10, 25)             \
  X(tim1_trg_com_tim11, 26)        \
  X(tim1_cc, 27)                   \
  X(tim2, 28)                      \
  X(tim3, 29)                      \
  X(tim4, 30)                      \
  X(i2c1_ev, 31)                   \
  X(i2c1_er, 32)                   \
  X(i2c2_ev, 33)                   \
  X(i2c2_er, 34)                   \
  X(spi1, 35)                      \
  X(spi2, 36)                      \
  X(usart1, 37)                    \
  X(usart2, 38)                    \
  X(usart3, 39)                    \
  X(exti15_10, 40)                 \
  X(rtc_alarm, 41)                 \
  X(otg_fs_wkup, 42)               \
  X(tim8_brk_tim12, 43)            \
  X(tim8_up_tim13, 44)             \
  X(tim8_trg_com_tim14, 45)        \
  X(tim8_cc, 46)                   \
  X(dma1_stream7, 47)              \
  X(fsmc, 48)                      \
  X(sdio, 49)                      \
  X(tim5, 50)                      \
  X(spi3, 51)                      \
  X(uart4, 52)                     \
  X(uart5, 53)                     \
  X(tim6_dac, 54)                  \
  X(tim7, 55)                      \
  X(dma2_stream0, 56)              \
  X(dma2_stream1, 57)              \
  X(dma2_stream2, 58)              \
  X(dma2_stream3, 59)              \
  X(dma2_stream4, 60)              \
  X(eth, 61)                       \
  X(eth_wkup, 62)                  \
  X(can2_tx, 63)                   \
  X(can2_rx0, 64)                  \
  X(can2_rx1, 65)                  \
  X(can2_sce, 66)                  \
  X(otg_fs, 67)                    \
  X(dma2_stream5, 68)              \
  X(dma2_stream6, 69)              \
  X(dma2_stream7, 70)              \
  X(usart6, 71)                    \
  X(i2c3_ev, 72)                   \
  X(i2c3_er, 73)                   \
  X(otg_hs_ep1_out, 74)            \
  X(otg_hs_ep1_in, 75)             \
  X(otg_hs_wkup, 76)               \
  X(otg_hs, 77)                    \
  X(dcmi, 78)                      \
  X(cryp, 79)                      \
  X(hash_rng, 80)                  \
  X(fpu, 81)

// What MOTE_BIND_INTERRUPTS asks of the chip (mote/hal/interrupts.hpp). A misspelt name
// fails to compile as an unknown type in mote::stm32f4::interrupt.
#define MOTE_CHIP_INTERRUPT_TYPE(irq) ::mote::stm32f4::interrupt::irq
#define MOTE_CHIP_INTERRUPT_SYMBOL(irq) stm32f4_##irq##_irq

// The tag types mote::stm32f4::interrupt::<name> and the vector-table symbols (the same
// declarations as in vectors.cpp, where they are weak), from the list above.
MOTE_CHIP_INTERRUPTS(mote::stm32f4, MOTE_STM32F4_INTERRUPTS);

namespace mote::stm32f4::interrupt {
/// How many interrupts the vector table has.
inline constexpr unsigned kCount = 82;
}  // namespace mote::stm32f4::interrupt
