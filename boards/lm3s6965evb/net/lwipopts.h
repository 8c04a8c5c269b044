/* lwIP sizes for the LM3S6965 evaluation board (64 KiB of RAM, Stellaris Ethernet): docs/net.md.
 * About 22 KiB for lwIP (8 frame buffers of 1536 B, a 6 KiB heap, the pools), leaving the rest
 * for the sockets' buffers and the task frames; the rest is mote_lwipopts.h. */
#ifndef MOTE_LWIPOPTS_H
#define MOTE_LWIPOPTS_H

#define MEM_SIZE (6 * 1024)
/* 8 frames of 1536 B: the NIC's own FIFO holds up to 31 more while lwIP's are in use. */
#define PBUF_POOL_SIZE 8
#define MEMP_NUM_TCP_SEG 24
#define MEMP_NUM_PBUF 24
/* A window of two full segments: the pool holds a window with room to spare. */
#define TCP_WND (2 * 1460)
#define TCP_SND_BUF (2 * 1460)

#include "mote_lwipopts.h"

#endif
