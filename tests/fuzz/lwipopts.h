/* lwIP options for the host fuzzer (tests/fuzz): the lm3s6965evb's sizes (the smallest board,
 * where pools run out first) and mote's shared options, plus what makes a run repeatable. */
#ifndef MOTE_LWIPOPTS_H
#define MOTE_LWIPOPTS_H

#define MEM_SIZE (6 * 1024)
#define PBUF_POOL_SIZE 8
#define MEMP_NUM_TCP_SEG 24
#define MEMP_NUM_PBUF 24
#define TCP_WND (2 * 1460)
#define TCP_SND_BUF (2 * 1460)

/* The host has 64-bit pointers: lwIP's pools and heap must align its structures to 8 (the
 * boards' 4 would be misaligned access, which UBSan reports). */
#define MEM_ALIGNMENT 8

/* A fixed initial sequence number, so that a seed (or the fuzzer) can complete a handshake and
 * reach the established state: on a device the ISN comes from lwIP's counter. */
#define LWIP_HOOK_TCP_ISN(local_ip, local_port, remote_ip, remote_port) 0x1000u

/* Checksums are not checked: random bytes would almost never pass them, and the parsers behind
 * them are what is fuzzed (the firmware checks them; a frame with a wrong checksum is dropped
 * before any parser, tested by net.malformed). */
#define CHECKSUM_CHECK_IP 0
#define CHECKSUM_CHECK_UDP 0
#define CHECKSUM_CHECK_TCP 0
#define CHECKSUM_CHECK_ICMP 0

/* Stricter checks than the firmware's: every lwIP assertion and sanity check is on (a failed
 * one aborts, which libFuzzer reports as a crash). */
#define LWIP_DEBUG 0

#include "mote_lwipopts.h"

#endif
