/* lwIP sizes for the host board's TAP NIC (boards/host/net/tap.cpp): the lm3s6965evb's sizes (the
 * host tests the same configuration a small board runs), 8-byte alignment for 64-bit pointers;
 * the rest is mote_lwipopts.h. */
#ifndef MOTE_LWIPOPTS_H
#define MOTE_LWIPOPTS_H

#define MEM_SIZE (6 * 1024)
#define PBUF_POOL_SIZE 8
#define MEMP_NUM_TCP_SEG 24
#define MEMP_NUM_PBUF 24
#define TCP_WND (2 * 1460)
#define TCP_SND_BUF (2 * 1460)
#define MEM_ALIGNMENT 8

#include "mote_lwipopts.h"

#endif
