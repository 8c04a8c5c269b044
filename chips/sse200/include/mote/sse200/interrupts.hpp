// mote/sse200/interrupts.hpp: the interrupts of the MPS2 TrustZone images (AN505 on the IoTKit,
// later AN521 on the SSE-200) by name, for MOTE_BIND_INTERRUPTS.
//
// Lines 0-31 are the subsystem's own (the IoTKit's timers: 3, 4, 5; the SSE-200's message
// handling units, 6 and 7: mhu0 is the multicore doorbell and already has its handler on
// AN521), 32-123 the FPGA image's (numbers as the AN505 application note and QEMU 7.2's mps2-tz.c give them; checked under QEMU
// for the DMA's): the UARTs, the Ethernet controller, the PL022 SPI ports and the four PL081
// DMA controllers (each with an error line, a terminal-count line and the two ORed, `dma<N>`). Lines with no peripheral mote uses are
// named by number (irq9...). Each is a tag type mote::sse200::interrupt::<name> with its number,
// and its vector-table symbol sse200_<name>_irq (chips/sse200/src/vectors.cpp builds the table
// from this list).
//
// dualtimer is the time driver's and already has its handler: binding it is a link error (on
// mps2-an521 so is mhu0, the doorbell).
#pragma once

#include "mote/hal/interrupts.hpp"

// X(name, number): every interrupt line, in vector-table order (124 lines: the CPU's num-irq).
#define MOTE_SSE200_INTERRUPTS(X) \
  X(irq0, 0)            \
  X(irq1, 1)            \
  X(irq2, 2)            \
  X(timer0, 3)          \
  X(timer1, 4)          \
  X(dualtimer, 5)       \
  X(mhu0, 6)            \
  X(mhu1, 7)            \
  X(irq8, 8)            \
  X(irq9, 9)            \
  X(irq10, 10)          \
  X(irq11, 11)          \
  X(irq12, 12)          \
  X(irq13, 13)          \
  X(irq14, 14)          \
  X(irq15, 15)          \
  X(irq16, 16)          \
  X(irq17, 17)          \
  X(irq18, 18)          \
  X(irq19, 19)          \
  X(irq20, 20)          \
  X(irq21, 21)          \
  X(irq22, 22)          \
  X(irq23, 23)          \
  X(irq24, 24)          \
  X(irq25, 25)          \
  X(irq26, 26)          \
  X(irq27, 27)          \
  X(irq28, 28)          \
  X(irq29, 29)          \
  X(irq30, 30)          \
  X(irq31, 31)          \
  X(uart0_rx, 32)       \
  X(uart0_tx, 33)       \
  X(uart1_rx, 34)       \
  X(uart1_tx, 35)       \
  X(uart2_rx, 36)       \
  X(uart2_tx, 37)       \
  X(uart3_rx, 38)       \
  X(uart3_tx, 39)       \
  X(uart4_rx, 40)       \
  X(uart4_tx, 41)       \
  X(uart0, 42)          \
  X(uart1, 43)          \
  X(uart2, 44)          \
  X(uart3, 45)          \
  X(uart4, 46)          \
  X(uart_overflow, 47)  \
  X(ethernet, 48)       \
  X(irq49, 49)          \
  X(irq50, 50)          \
  X(spi0, 51)           \
  X(spi1, 52)           \
  X(spi2, 53)           \
  X(spi3, 54)           \
  X(spi4, 55)           \
  X(dma0_error, 56)     \
  X(dma0_tc, 57)        \
  X(dma0, 58)           \
  X(dma1_error, 59)     \
  X(dma1_tc, 60)        \
  X(dma1, 61)           \
  X(dma2_error, 62)     \
  X(dma2_tc, 63)        \
  X(dma2, 64)           \
  X(dma3_error, 65)     \
  X(dma3_tc, 66)        \
  X(dma3, 67)           \
  X(irq68, 68)          \
  X(irq69, 69)          \
  X(irq70, 70)          \
  X(irq71, 71)          \
  X(irq72, 72)          \
  X(irq73, 73)          \
  X(irq74, 74)          \
  X(irq75, 75)          \
  X(irq76, 76)          \
  X(irq77, 77)          \
  X(irq78, 78)          \
  X(irq79, 79)          \
  X(irq80, 80)          \
  X(irq81, 81)          \
  X(irq82, 82)          \
  X(irq83, 83)          \
  X(irq84, 84)          \
  X(irq85, 85)          \
  X(irq86, 86)          \
  X(irq87, 87)          \
  X(irq88, 88)          \
  X(irq89, 89)          \
  X(irq90, 90)          \
  X(irq91, 91)          \
  X(irq92, 92)          \
  X(irq93, 93)          \
  X(irq94, 94)          \
  X(irq95, 95)          \
  X(irq96, 96)          \
  X(irq97, 97)          \
  X(irq98, 98)          \
  X(irq99, 99)          \
  X(irq100, 100)        \
  X(irq101, 101)        \
  X(irq102, 102)        \
  X(irq103, 103)        \
  X(irq104, 104)        \
  X(irq105, 105)        \
  X(irq106, 106)        \
  X(irq107, 107)        \
  X(irq108, 108)        \
  X(irq109, 109)        \
  X(irq110, 110)        \
  X(irq111, 111)        \
  X(irq112, 112)        \
  X(irq113, 113)        \
  X(irq114, 114)        \
  X(irq115, 115)        \
  X(irq116, 116)        \
  X(irq117, 117)        \
  X(irq118, 118)        \
  X(irq119, 119)        \
  X(irq120, 120)        \
  X(irq121, 121)        \
  X(irq122, 122)        \
  X(irq123, 123)       

#define MOTE_CHIP_INTERRUPT_TYPE(irq) ::mote::sse200::interrupt::irq
#define MOTE_CHIP_INTERRUPT_SYMBOL(irq) sse200_##irq##_irq

MOTE_CHIP_INTERRUPTS(mote::sse200, MOTE_SSE200_INTERRUPTS);
