// The MPS2 (CMSDK) time driver: the dual timer (timer 1 the clock, timer 2 the alarm) at 25 MHz,
// on interrupt line 10. The driver itself is the CMSDK block's (mote/cmsdk_apb/dualtimer_time.hpp,
// which says why the dual timer and how the count works); here are its address, line and clock.
#include "mote/cmsdk/cmsdk.hpp"
#include "mote/cmsdk/regs.hpp"
#include "mote/cmsdk_apb/dualtimer_time.hpp"

namespace mote {
namespace cmsdk {
namespace {
using Time = cmsdk_apb::DualTimerTime<dualtimer::kBase, dualtimer::kIrq, kSystemClockHz>;
}  // namespace

void time_init() noexcept { Time::init(); }
std::uint64_t clock_now() noexcept { return Time::cycles(); }

}  // namespace cmsdk

namespace platform {
std::uint64_t time_now() noexcept { return cmsdk::Time::ticks(); }
void time_set_alarm(std::uint64_t at) noexcept { cmsdk::Time::set_alarm(at); }
}  // namespace platform
}  // namespace mote

// Line 10: a wrap of the clock, the alarm, or both.
extern "C" void cmsdk_dualtimer_irq() noexcept { mote::cmsdk::Time::on_interrupt(); }
