// What lwIP (NO_SYS=1) asks of its platform: a millisecond clock, assertions, random numbers.
#include <cstdint>

#include "arch/cc.h"
#include "lwip/sys.h"
#include "mote/panic.hpp"
#include "mote/time.hpp"

extern "C" {

// lwipopts.h makes DNS_SERVER_PORT this variable (Stack::set_dns_port).
u16_t mote_lwip_dns_port = 53;

// lwIP's timers run on milliseconds since boot, modulo 2^32 (lwIP compares them wrapping).
u32_t sys_now(void) {
  return static_cast<u32_t>(mote::Duration::from_ticks(mote::Instant::now().ticks()).as_millis());
}

void mote_lwip_assert(const char* message, const char* file, int line) {
  MOTE_PANIC("lwIP assertion \"{}\" failed at {}:{}", message, file, line);
}

// Initial sequence numbers and ports: xorshift32 seeded from the clock at first use. Not
// cryptographic; enough that two boots do not reuse the same sequence numbers.
uint32_t mote_lwip_rand(void) {
  static std::uint32_t state = 0;
  if (state == 0) state = static_cast<std::uint32_t>(mote::Instant::now().ticks()) | 1u;
  state ^= state << 13;
  state ^= state >> 17;
  state ^= state << 5;
  return state;
}

}  // extern "C"
