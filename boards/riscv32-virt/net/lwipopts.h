/* lwIP sizes for riscv32-virt (virtio-net; 128 MiB of RAM, of which the linker script uses
 * 1 MiB): the MPS2 boards' sizes, for a few connections at full window. docs/net.md. */
#ifndef MOTE_LWIPOPTS_H
#define MOTE_LWIPOPTS_H

#define MEM_SIZE (16 * 1024)
/* 24 frames of 1536 B (PBUF_POOL_BUFSIZE); the device holds 16 more in the driver's buffers. */
#define PBUF_POOL_SIZE 24
#define MEMP_NUM_TCP_SEG 64
/* PBUF_ROM pbufs: a socket's transmit buffer is sent without copying (one per segment). */
#define MEMP_NUM_PBUF 64
/* A window of four full segments. */
#define TCP_WND (4 * 1460)
#define TCP_SND_BUF (4 * 1460)

#include "mote_lwipopts.h"

#endif
