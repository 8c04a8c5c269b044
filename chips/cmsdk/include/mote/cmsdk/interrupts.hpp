// mote/cmsdk/interrupts.hpp: the MPS2 AN385/AN386 interrupts by name, for MOTE_BIND_INTERRUPTS.
//
// Each interrupt is a tag type mote::cmsdk::interrupt::<name> with its number (the NVIC's IRQn,
// as the application notes and QEMU's mps2 machines wire them) and the name of its vector-table
// symbol, cmsdk_<name>_irq (chips/cmsdk/src/vectors.cpp, where each is a weak alias of the
// default handler). Binding an interrupt defines that symbol; see mote/hal/interrupts.hpp.
//
//   MOTE_BIND_INTERRUPTS(Irqs, (uart0_rx, mote::cmsdk::uart::RxInterruptHandler<mote::cmsdk::Uart0>),
//                              (uart0_tx, mote::cmsdk::uart::TxInterruptHandler<mote::cmsdk::Uart0>));
//
// dualtimer is the time driver's (clock wrap and alarm) and already has its handler: binding it
// is a link error. Lines with no modelled peripheral are named by number (irq15...).
#pragma once

#include "mote/hal/interrupts.hpp"

// X(name, number): every interrupt line of the images, in vector-table order.
// target.interrupt_bindings checks each against the vector table.
#define MOTE_CMSDK_INTERRUPTS(X) \
  X(uart0_rx, 0)                 \
  X(uart0_tx, 1)                 \
  X(uart1_rx, 2)                 \
  X(uart1_tx, 3)                 \
  X(uart2_rx, 4)                 \
  X(uart2_tx, 5)                 \
  X(gpio0, 6)                    \
  X(gpio1, 7)                    \
  X(timer0, 8)                   \
  X(timer1, 9)                   \
  X(dualtimer, 10)               \
  X(spi, 11)                     \
  X(uart_overflow, 12)           \
  X(ethernet, 13)                \
  X(i2s, 14)                     \
  X(irq15, 15)                   \
  X(irq16, 16)                   \
  X(irq17, 17)                   \
  X(uart3_rx, 18)                \
  X(uart3_tx, 19)                \
  X(uart4_rx, 20)                \
  X(uart4_tx, 21)                \
  X(adc_spi, 22)                 \
  X(irq23, 23)                   \
  X(shield_spi, 24)              \
  X(irq25, 25)                   \
  X(irq26, 26)                   \
  X(irq27, 27)                   \
  X(irq28, 28)                   \
  X(irq29, 29)                   \
  X(irq30, 30)                   \
  X(irq31, 31)

// What MOTE_BIND_INTERRUPTS asks of the chip (mote/hal/interrupts.hpp). A misspelt name
// fails to compile as an unknown type in mote::cmsdk::interrupt.
#define MOTE_CHIP_INTERRUPT_TYPE(irq) ::mote::cmsdk::interrupt::irq
#define MOTE_CHIP_INTERRUPT_SYMBOL(irq) cmsdk_##irq##_irq

// The tag types mote::cmsdk::interrupt::<name> and the vector-table symbols (the same
// declarations as in vectors.cpp, where they are weak), from the list above.
MOTE_CHIP_INTERRUPTS(mote::cmsdk, MOTE_CMSDK_INTERRUPTS);
