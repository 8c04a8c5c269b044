// mote/fe310/interrupt_list.hpp: the FE310's PLIC sources that have a handler slot, as an
// X-macro list X(name, number) (FE310-G000 manual, interrupt map; QEMU 7.2 sifive_e).
#pragma once

#define MOTE_FE310_INTERRUPTS(X) \
  X(watchdog, 1)                 \
  X(rtc, 2)                      \
  X(uart0, 3)                    \
  X(uart1, 4)                    \
  X(qspi0, 5)                    \
  X(spi1, 6)                     \
  X(spi2, 7)
