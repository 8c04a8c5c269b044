/* lwIP sizes for the MPS2 boards (AN385/AN386: 4 MiB of RAM, LAN9118): docs/net.md. Sized for a
 * few connections at full window, not for the smallest RAM; the rest is mote_lwipopts.h. */
#ifndef MOTE_LWIPOPTS_H
#define MOTE_LWIPOPTS_H

#define MEM_SIZE (16 * 1024)
/* 24 frames of 1536 B (PBUF_POOL_BUFSIZE) */
#define PBUF_POOL_SIZE 24
#define MEMP_NUM_TCP_SEG 64
/* PBUF_ROM pbufs: a socket's transmit buffer is sent without copying (one per segment). */
#define MEMP_NUM_PBUF 64
/* A window of four full segments. */
#define TCP_WND (4 * 1460)
#define TCP_SND_BUF (4 * 1460)

#include "mote_lwipopts.h"

#endif
