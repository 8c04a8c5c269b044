// mote/sse200/regs.hpp: the addresses mote uses on the MPS2 TrustZone images (AN505; AN521 has
// the same map), secure aliases. From QEMU's hw/arm/mps2-tz.c and armsse.c, which follow the
// application notes and the IoTKit/SSE-200 manuals. Register layouts: mote/cmsdk_apb/regs.hpp
// (UART, timers) and mote/pl081/regs.hpp (DMA).
#pragma once

#include <cstdint>

namespace mote::sse200 {

/// Non-secure address + this = the same peripheral's secure alias (the IDAU makes addresses
/// with bit 28 set secure).
inline constexpr std::uintptr_t kSecureAlias = 0x10000000;

namespace uart {
inline constexpr std::uintptr_t kUart0 = 0x40200000 + kSecureAlias;  // UART1..4 follow every 0x1000
}  // namespace uart

namespace timer {
inline constexpr std::uintptr_t kTimer0 = 0x40000000 + kSecureAlias;  // the IoTKit's APB timers
inline constexpr std::uintptr_t kTimer1 = 0x40001000 + kSecureAlias;
inline constexpr unsigned kTimer0Irq = 3;
inline constexpr unsigned kTimer1Irq = 4;
}  // namespace timer

namespace dualtimer {
inline constexpr std::uintptr_t kBase = 0x40002000 + kSecureAlias;  // the IoTKit's
inline constexpr unsigned kIrq = 5;
}  // namespace dualtimer

namespace mhu {  // the SSE-200's message handling units (AN521 only; the AN505's IoTKit has none)
inline constexpr std::uintptr_t kMhu0 = 0x40003000 + kSecureAlias;  // MHU1 at 0x40004000
inline constexpr std::uintptr_t kCpu0IntrSet = 0x04;  // status 0x00, set 0x04, clear 0x08: core 0's
inline constexpr std::uintptr_t kCpu0IntrClr = 0x08;
inline constexpr std::uintptr_t kCpu1IntrSet = 0x14;  // status 0x10, set 0x14, clear 0x18: core 1's
inline constexpr std::uintptr_t kCpu1IntrClr = 0x18;
inline constexpr unsigned kIrq = 6;  // MHU0's line on each core (MHU1: 7)
}  // namespace mhu

namespace sysctl {  // the system control block (secure only)
inline constexpr std::uintptr_t kBase = 0x50021000;
inline constexpr std::uintptr_t kInitSvtor1 = kBase + 0x114;  // core 1's secure vector table at reset
inline constexpr std::uintptr_t kCpuWait = kBase + 0x118;     // bit N: core N waits at reset
}  // namespace sysctl

namespace cpuid {  // CPU_IDENTITY: each core reads its own number here
inline constexpr std::uintptr_t kCpuId = 0x4001F000 + kSecureAlias;
}  // namespace cpuid

namespace dmac {
inline constexpr std::uintptr_t kDma0 = 0x40110000 + kSecureAlias;  // DMA1..3 follow every 0x1000
}  // namespace dmac

}  // namespace mote::sse200
