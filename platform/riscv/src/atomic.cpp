// Sub-word atomics for GCC 12 on RISC-V. The A extension has word-sized LR/SC and AMOs only, and
// GCC 12 (unlike 13) does not expand byte and half-word atomics inline: it calls the
// __atomic_*_1/_2 library functions, which live in libatomic, which Debian does not ship for
// riscv64-unknown-elf. The core's task state is a std::atomic<std::uint8_t>. libgcc does have
// lock-free __sync_* functions for 1 and 2 bytes (an LR/SC loop on the containing word), so
// these forward to them: still lock-free, and safe from interrupts. The asm labels give the
// functions their library names without redeclaring GCC's built-ins.
#include <cstdint>

namespace {

template <class T>
bool cas(volatile void* p, void* expected, T desired) noexcept {
  const T want = *static_cast<T*>(expected);
  const T old = __sync_val_compare_and_swap(static_cast<volatile T*>(p), want, desired);
  if (old == want) return true;
  *static_cast<T*>(expected) = old;
  return false;
}

template <class T>
T exchange(volatile void* p, T value) noexcept {
  auto* q = static_cast<volatile T*>(p);
  T old = *q;
  for (;;) {
    const T seen = __sync_val_compare_and_swap(q, old, value);
    if (seen == old) return old;
    old = seen;
  }
}

}  // namespace

#define MOTE_RISCV_ATOMIC_SUBWORD(n, T)                                                                        \
  extern "C" bool mote_atomic_cas_##n(volatile void* p, void* e, T d, bool, int, int) noexcept                 \
      __asm__("__atomic_compare_exchange_" #n);                                                                 \
  extern "C" bool mote_atomic_cas_##n(volatile void* p, void* e, T d, bool, int, int) noexcept {               \
    return cas<T>(p, e, d);                                                                                     \
  }                                                                                                             \
  extern "C" T mote_atomic_exchange_##n(volatile void* p, T v, int) noexcept __asm__("__atomic_exchange_" #n); \
  extern "C" T mote_atomic_exchange_##n(volatile void* p, T v, int) noexcept { return exchange<T>(p, v); }     \
  extern "C" T mote_atomic_fetch_add_##n(volatile void* p, T v, int) noexcept __asm__("__atomic_fetch_add_" #n); \
  extern "C" T mote_atomic_fetch_add_##n(volatile void* p, T v, int) noexcept {                                \
    return __sync_fetch_and_add(static_cast<volatile T*>(p), v);                                                \
  }                                                                                                             \
  extern "C" T mote_atomic_fetch_sub_##n(volatile void* p, T v, int) noexcept __asm__("__atomic_fetch_sub_" #n); \
  extern "C" T mote_atomic_fetch_sub_##n(volatile void* p, T v, int) noexcept {                                \
    return __sync_fetch_and_sub(static_cast<volatile T*>(p), v);                                                \
  }                                                                                                             \
  extern "C" T mote_atomic_fetch_and_##n(volatile void* p, T v, int) noexcept __asm__("__atomic_fetch_and_" #n); \
  extern "C" T mote_atomic_fetch_and_##n(volatile void* p, T v, int) noexcept {                                \
    return __sync_fetch_and_and(static_cast<volatile T*>(p), v);                                                \
  }                                                                                                             \
  extern "C" T mote_atomic_fetch_or_##n(volatile void* p, T v, int) noexcept __asm__("__atomic_fetch_or_" #n); \
  extern "C" T mote_atomic_fetch_or_##n(volatile void* p, T v, int) noexcept {                                 \
    return __sync_fetch_and_or(static_cast<volatile T*>(p), v);                                                 \
  }                                                                                                             \
  extern "C" T mote_atomic_fetch_xor_##n(volatile void* p, T v, int) noexcept __asm__("__atomic_fetch_xor_" #n); \
  extern "C" T mote_atomic_fetch_xor_##n(volatile void* p, T v, int) noexcept {                                \
    return __sync_fetch_and_xor(static_cast<volatile T*>(p), v);                                                \
  }

MOTE_RISCV_ATOMIC_SUBWORD(1, std::uint8_t)
MOTE_RISCV_ATOMIC_SUBWORD(2, std::uint16_t)
