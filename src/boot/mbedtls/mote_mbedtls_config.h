/* mbedTLS configuration for mote's bootloader and updater (mote/boot/, docs/boot.md): exactly
 * what verifying a signed image needs, SHA-256 and ECDSA P-256 verification, nothing else. The
 * same configuration on the host and on every target, so the host tests exercise the code the
 * firmware runs. mbedTLS itself comes from Debian's source package (cmake/mbedtls.cmake). */
#ifndef MOTE_MBEDTLS_CONFIG_H
#define MOTE_MBEDTLS_CONFIG_H

/* Hash. */
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA256_SMALLER /* a loop instead of the unrolled rounds: ~1.5 KiB less flash */

/* ECDSA P-256 (verification is all mote calls; ASN.1 is a prerequisite mbedTLS checks, but
 * mote passes raw r||s and a raw point, so --gc-sections drops the DER code). */
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_ECP_C
#define MBEDTLS_ECDSA_C
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C
/* Verification uses only public data: no blinding is needed, so no internal DRBG. */
#define MBEDTLS_ECP_NO_INTERNAL_RNG
/* Small tables: a boot verifies one signature, RAM and flash matter more than speed. */
#define MBEDTLS_ECP_WINDOW_SIZE 2
#define MBEDTLS_ECP_FIXED_POINT_OPTIM 0
#define MBEDTLS_ECP_MAX_BITS 256
#define MBEDTLS_MPI_MAX_SIZE 32
#define MBEDTLS_MPI_WINDOW_SIZE 1

/* No heap: bignum's allocations come from a static buffer (mbedtls_memory_buffer_alloc_init,
 * done by mote's crypto glue, src/boot/crypto.cpp). */
#define MBEDTLS_PLATFORM_C
#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_MEMORY_BUFFER_ALLOC_C
#define MBEDTLS_PLATFORM_NO_STD_FUNCTIONS
/* The buffer allocator's "heap corrupted" stop is mote::panic (src/boot/crypto.cpp). */
#define MBEDTLS_PLATFORM_EXIT_MACRO mote_mbedtls_fatal
#ifdef __cplusplus
extern "C"
#endif
    void mote_mbedtls_fatal(int status);

#include "mbedtls/check_config.h"

#endif
