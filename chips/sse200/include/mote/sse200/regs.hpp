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

namespace dmac {
inline constexpr std::uintptr_t kDma0 = 0x40110000 + kSecureAlias;  // DMA1..3 follow every 0x1000
}  // namespace dmac

}  // namespace mote::sse200
