// The time driver on the IoTKit's dual timer (timer 1 the clock, timer 2 the alarm) at 20 MHz,
// line 5. The driver itself is the CMSDK block's (mote/cmsdk_apb/dualtimer_time.hpp, which says
// why the dual timer and how the count works), as on the AN385; here are its address, line and clock.
#include "mote/cmsdk_apb/dualtimer_time.hpp"
#include "mote/sse200/regs.hpp"
#include "mote/sse200/sse200.hpp"

namespace mote {
namespace sse200 {
namespace {
using Time = cmsdk_apb::DualTimerTime<dualtimer::kBase, dualtimer::kIrq, kSystemClockHz>;
}  // namespace

void time_init() noexcept { Time::init(); }
std::uint64_t clock_now() noexcept { return Time::cycles(); }

}  // namespace sse200

namespace platform {
std::uint64_t time_now() noexcept { return sse200::Time::ticks(); }
void time_set_alarm(std::uint64_t at) noexcept { sse200::Time::set_alarm(at); }
}  // namespace platform
}  // namespace mote

// Line 5: a wrap of the clock, the alarm, or both.
extern "C" void sse200_dualtimer_irq() noexcept { mote::sse200::Time::on_interrupt(); }
