/* lwIP options every mote board shares (docs/net.md); a board's lwipopts.h defines its sizes
 * (MEM_SIZE, PBUF_POOL_SIZE, MEMP_NUM_TCP_SEG, MEMP_NUM_PBUF, TCP_WND, TCP_SND_BUF) and then
 * includes this file.
 *
 * NO_SYS: no threads, the raw API only; mote's runner task calls lwIP, never an interrupt, so
 * no lightweight protection is needed. All memory is static: lwIP's heap (MEM_SIZE, TCP headers
 * and small packets) is a static array in mem.c, the pools are static arrays in memp.c; no
 * malloc. */
#ifndef MOTE_LWIPOPTS_COMMON_H
#define MOTE_LWIPOPTS_COMMON_H

#if !defined MEM_SIZE || !defined PBUF_POOL_SIZE || !defined MEMP_NUM_TCP_SEG || !defined MEMP_NUM_PBUF || \
    !defined TCP_WND || !defined TCP_SND_BUF
#error "mote: the board's lwipopts.h defines its sizes before including mote_lwipopts.h"
#endif

#define NO_SYS 1
#define SYS_LIGHTWEIGHT_PROT 0
#define LWIP_SOCKET 0
#define LWIP_NETCONN 0
#define LWIP_TIMERS 1

/* Memory: static heap and pools, never the C library's malloc. */
#define MEM_LIBC_MALLOC 0
#define MEMP_MEM_MALLOC 0
#ifndef MEM_ALIGNMENT /* the host fuzzer (64-bit pointers in pbufs) sets 8 */
#define MEM_ALIGNMENT 4
#endif
#ifndef MOTE_NET_MAX_SOCKETS
#define MOTE_NET_MAX_SOCKETS 8
#endif
#define MEMP_NUM_TCP_PCB MOTE_NET_MAX_SOCKETS
#define MEMP_NUM_TCP_PCB_LISTEN MOTE_NET_MAX_SOCKETS
/* UDP sockets count against MOTE_NET_MAX_SOCKETS too; DHCP and DNS take one each. */
#define MEMP_NUM_UDP_PCB (MOTE_NET_MAX_SOCKETS + 2)
/* +1: lwIP's MQTT client (apps/mqtt) keeps one cyclic timer while connected. */
#define MEMP_NUM_SYS_TIMEOUT (LWIP_NUM_SYS_TIMEOUT_INTERNAL + 3)
/* Received frames: one pool buffer holds a whole Ethernet frame, so the driver copies each
 * frame once, straight from the NIC's FIFO. */
#define PBUF_POOL_BUFSIZE 1536

/* Reassembly holds at most half the frame buffers, so fragments that never complete (they
 * time out after IP_REASS_MAXAGE, 15 s) cannot starve reception: net.malformed sends ten. */
#ifndef IP_REASS_MAX_PBUFS
#define IP_REASS_MAX_PBUFS (PBUF_POOL_SIZE / 2)
#endif
#ifndef MEMP_NUM_REASSDATA /* datagrams in reassembly at once: each holds 2 buffers at least */
#define MEMP_NUM_REASSDATA (IP_REASS_MAX_PBUFS / 2)
#endif

/* Protocols: IPv4, ARP, ICMP (ping), UDP, TCP, DHCP, DNS. */
#define LWIP_ARP 1
#define LWIP_ETHERNET 1
#define LWIP_IPV4 1
#define LWIP_IPV6 0
#define LWIP_ICMP 1
#define LWIP_RAW 0
#define LWIP_UDP 1
#define LWIP_TCP 1
#define LWIP_DHCP 1
#define LWIP_DHCP_DOES_ACD_CHECK 0
#define DHCP_DOES_ARP_CHECK 0 /* QEMU's slirp: no conflict to detect; saves the 2 s probe */
#define LWIP_AUTOIP 0
#define LWIP_IGMP 0
#define LWIP_DNS 1
/* The DNS servers' port is a variable (Stack::set_dns_port): a test's server on the host
 * cannot have 53. Defined in src/net/port/lwip_port.cpp. */
#ifdef __cplusplus
extern "C" unsigned short mote_lwip_dns_port;
#else
extern unsigned short mote_lwip_dns_port;
#endif
#define DNS_SERVER_PORT mote_lwip_dns_port
#define DNS_MAX_SERVERS 2
#define DNS_TABLE_SIZE 4
#define LWIP_SINGLE_NETIF 1
#define LWIP_NETIF_LINK_CALLBACK 0
#define LWIP_NETIF_STATUS_CALLBACK 0
#define ETH_PAD_SIZE 0
#define ETHARP_SUPPORT_STATIC_ENTRIES 0

/* TCP: full-size segments; the board sets the window and send buffer, which the sockets'
 * buffers back. */
#define TCP_MSS 1460
#define TCP_SND_QUEUELEN (4 * TCP_SND_BUF / TCP_MSS)
#define TCP_QUEUE_OOSEQ 1
#define LWIP_TCP_KEEPALIVE 0
#define TCP_LISTEN_BACKLOG 0
/* A server listens again on its port while the previous connection on it is still closing
 * (LAST_ACK, TIME_WAIT): accept sets SOF_REUSEADDR. */
#define SO_REUSE 1

/* Drop and error counters for Stack::counters() (32-bit, about 0.3 KB of RAM); memory, pool
 * and system statistics stay off. */
#define LWIP_STATS 1
#define LWIP_STATS_LARGE 1
#define LWIP_STATS_DISPLAY 0
#define LINK_STATS 1
#define ETHARP_STATS 1
#define IP_STATS 1
#define IPFRAG_STATS 1
#define ICMP_STATS 1
#define UDP_STATS 1
#define TCP_STATS 1
#define MEM_STATS 0
#define MEMP_STATS 0
#define SYS_STATS 0
#define IGMP_STATS 0
#define MIB2_STATS 0
#define LWIP_NETIF_HOSTNAME 0
#define LWIP_CHECKSUM_ON_COPY 0

#endif
