// SHA-256 and ECDSA P-256 verification for mote/boot/image.hpp, from mbedTLS (Debian's source
// package, cmake/mbedtls.cmake; configuration src/boot/mbedtls/mote_mbedtls_config.h). Never a
// home-made primitive. mbedTLS's bignums allocate: they get a static buffer, not the heap.
#include <mbedtls/ecdsa.h>
#include <mbedtls/ecp.h>
#include <mbedtls/memory_buffer_alloc.h>
#include <mbedtls/sha256.h>

#include <algorithm>
#include <new>

#include "mote/boot/image.hpp"
#include "mote/panic.hpp"

extern "C" void mote_mbedtls_fatal(int status) { MOTE_PANIC("mbedtls: allocator failure ({})", status); }

namespace mote::boot {
namespace {

static_assert(sizeof(mbedtls_sha256_context) <= 128 && alignof(mbedtls_sha256_context) <= 8);

// What one P-256 verification with the configuration's small windows needs, with margin
// (measured peak on x86_64: see docs/boot.md; 32-bit targets need less).
alignas(8) unsigned char work_buffer[MOTE_BOOT_CRYPTO_HEAP_BYTES];
bool work_buffer_ready = false;

mbedtls_sha256_context* ctx(std::byte* state) noexcept { return std::launder(reinterpret_cast<mbedtls_sha256_context*>(state)); }

}  // namespace

Sha256::Sha256() noexcept {
  auto* c = new (state_) mbedtls_sha256_context;
  mbedtls_sha256_init(c);
  mbedtls_sha256_starts_ret(c, 0);
}
Sha256::~Sha256() { mbedtls_sha256_free(ctx(state_)); }
void Sha256::update(std::span<const std::byte> bytes) noexcept {
  mbedtls_sha256_update_ret(ctx(state_), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}
Digest Sha256::finish() noexcept {
  Digest d{};
  mbedtls_sha256_finish_ret(ctx(state_), d.data());
  return d;
}

Result<void, Error> verify_signature(const Digest& digest, const Signature& signature, const PublicKey& key) noexcept {
  const bool all_ff = std::all_of(signature.begin(), signature.end(), [](std::uint8_t b) { return b == 0xFF; });
  const bool all_zero = std::all_of(signature.begin(), signature.end(), [](std::uint8_t b) { return b == 0; });
  if (all_ff || all_zero) return Err{Error::Unsigned};
  if (!work_buffer_ready) {
    mbedtls_memory_buffer_alloc_init(work_buffer, sizeof(work_buffer));
    work_buffer_ready = true;
  }
  mbedtls_ecp_group grp;
  mbedtls_ecp_point q;
  mbedtls_mpi r, s;
  mbedtls_ecp_group_init(&grp);
  mbedtls_ecp_point_init(&q);
  mbedtls_mpi_init(&r);
  mbedtls_mpi_init(&s);
  int rc = mbedtls_ecp_group_load(&grp, MBEDTLS_ECP_DP_SECP256R1);
  if (rc == 0) rc = mbedtls_ecp_point_read_binary(&grp, &q, key.data(), key.size());
  if (rc == 0) rc = mbedtls_ecp_check_pubkey(&grp, &q);
  if (rc == 0) rc = mbedtls_mpi_read_binary(&r, signature.data(), 32);
  if (rc == 0) rc = mbedtls_mpi_read_binary(&s, signature.data() + 32, 32);
  if (rc == 0) rc = mbedtls_ecdsa_verify(&grp, digest.data(), digest.size(), &q, &r, &s);
  mbedtls_mpi_free(&s);
  mbedtls_mpi_free(&r);
  mbedtls_ecp_point_free(&q);
  mbedtls_ecp_group_free(&grp);
  if (rc == MBEDTLS_ERR_MPI_ALLOC_FAILED || rc == MBEDTLS_ERR_ECP_ALLOC_FAILED) MOTE_PANIC("boot: MOTE_BOOT_CRYPTO_HEAP_BYTES too small for ECDSA");
  if (rc != 0) return Err{Error::WrongKey};
  return {};
}

}  // namespace mote::boot
