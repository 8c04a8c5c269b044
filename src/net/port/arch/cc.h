/* lwIP's port header for mote (every target): types from <stdint.h>, diagnostics to mote's
 * panic and console, randomness from mote (src/net/lwip_port.cpp). C, included by lwIP. */
#ifndef MOTE_LWIP_ARCH_CC_H
#define MOTE_LWIP_ARCH_CC_H

#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif
void mote_lwip_assert(const char* message, const char* file, int line);
uint32_t mote_lwip_rand(void);
#ifdef __cplusplus
}
#endif

/* An lwIP assertion is a bug: stop with mote's panic, which names file and line. */
#define LWIP_PLATFORM_ASSERT(x) mote_lwip_assert((x), __FILE__, __LINE__)
#define LWIP_PLATFORM_DIAG(x) \
  do {                        \
    printf x;                 \
  } while (0)
#define LWIP_RAND() mote_lwip_rand()

/* Every mote target is little-endian. */
#ifndef BYTE_ORDER
#define BYTE_ORDER LITTLE_ENDIAN
#endif

/* No sockets API: lwIP need not supply errno values or struct timeval. */
#define LWIP_TIMEVAL_PRIVATE 0

#endif
