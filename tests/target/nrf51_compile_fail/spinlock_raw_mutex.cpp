// expect: SpinlockRawMutex needs exclusive loads/stores .LDREX/STREX., which Armv6-M
// The nRF51's Cortex-M0 (Armv6-M) has no exclusive loads/stores, so mote::SpinlockRawMutex
// (mote/multicore.hpp) cannot be built there: a primitive instantiated with it is refused with a
// message naming the policy to use instead.
#include <mote/mote.hpp>
#include <mote/multicore.hpp>

mote::Signal<int, mote::SpinlockRawMutex> g_signal;

void use() { g_signal.signal(1); }
