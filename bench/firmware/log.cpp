// Benchmark for docs/observability.md: MOTE_LOG_* against printf on Cortex-M, under QEMU with
// bench/plugin/bench_plugin.c counting the instructions of each call (its markers: see there).
// Built three times from this file (bench/firmware/firmware.cmake):
//   BENCH_LOG_MODE 0  no output at all     (the flash baseline)
//   BENCH_LOG_MODE 1  printf               the same line the decoder prints, uptime included
//   BENCH_LOG_MODE 2  MOTE_LOG_INFO        a frame
// Each case logs kCalls times, one window per call, between "case <name>" text lines, so that
// bench/log_report.py can count the bytes each call put on the wire.
#include <mote/cortex_m.hpp>
#include <mote/log.hpp>
#include <mote/mote.hpp>

#include <cstdint>
#include <cstdio>
#include <cstring>

#define BENCH_BEGIN() __asm volatile("mov r10, r10" ::: "memory")
#define BENCH_END() __asm volatile("mov r11, r11" ::: "memory")
#define BENCH_REPORT() __asm volatile("mov r12, r12" ::: "memory")

namespace {

constexpr int kCalls = 20;

#if BENCH_LOG_MODE == 1
// What a printf user writes to get the decoder's line: the uptime needs a 64-bit division.
#define BENCH_LOG(format, ...)                                                                         \
  do {                                                                                                \
    const std::uint64_t ms = mote::Instant::now().ticks() / (mote::kTickHz / 1000);                   \
    std::printf("[%3lu.%03lu s] INFO  " format "\n", static_cast<unsigned long>(ms / 1000),             \
                static_cast<unsigned long>(ms % 1000) __VA_OPT__(, ) __VA_ARGS__);                    \
  } while (false)
#define BENCH_ARGS(printf_format, log_format) printf_format
#elif BENCH_LOG_MODE == 2
#define BENCH_LOG(format, ...) MOTE_LOG_INFO(format __VA_OPT__(, ) __VA_ARGS__)
#define BENCH_ARGS(printf_format, log_format) log_format
#else
#define BENCH_LOG(format, ...) static_cast<void>(0 __VA_OPT__(, ) __VA_ARGS__)
#define BENCH_ARGS(printf_format, log_format) ""
#endif

volatile int g_channel = 0;
volatile int g_millivolts = 1509;
const char* volatile g_name = "AIN0";

// Markers without printf, so that only the printf build links it (the flash comparison).
void group(const char* name) {
  mote::cortex_m::console_write("case ", 5);
  mote::cortex_m::console_write(name, std::strlen(name));
  mote::cortex_m::console_write("\n", 1);
}

void report() {
  std::fflush(stdout);
  BENCH_REPORT();
}

}  // namespace

MOTE_MAIN(spawner) {
  BENCH_LOG(BENCH_ARGS("warm-up", "warm-up"));  // the build-id frame goes out here, uncounted
  group("adc");
  for (int i = 0; i < kCalls; ++i) {
    const int channel = g_channel, mv = g_millivolts;
    const char* name = g_name;
    BENCH_BEGIN();
    BENCH_LOG(BENCH_ARGS("adc %d = %d mV on %s", "adc {} = {} mV on {}"), channel, mv, name);
    BENCH_END();
  }
  report();
  group("text");
  for (int i = 0; i < kCalls; ++i) {
    BENCH_BEGIN();
    BENCH_LOG(BENCH_ARGS("sensor task started", "sensor task started"));
    BENCH_END();
  }
  report();
  group("ten-sites");  // ten distinct call sites, as in an application: flash per site
  for (int i = 0; i < 2; ++i) {
    const int a = g_channel + i, b = g_millivolts;
    BENCH_BEGIN();
    BENCH_LOG(BENCH_ARGS("led %s, %d toggles", "led {}, {} toggles"), a ? "on" : "off", b);
    BENCH_LOG(BENCH_ARGS("%d samples, mean %d", "{} samples, mean {}"), a, b);
    BENCH_LOG(BENCH_ARGS("min %d, max %d, last %d", "min {}, max {}, last {}"), a, b, a + b);
    BENCH_LOG(BENCH_ARGS("adc %u conversions, %u lost", "adc {} conversions, {} lost"), unsigned(a), unsigned(b));
    BENCH_LOG(BENCH_ARGS("unknown command '%s'", "unknown command '{}'"), g_name);
    BENCH_LOG(BENCH_ARGS("uptime %d s", "uptime {} s"), b);
    BENCH_LOG(BENCH_ARGS("task %s frame %d B", "task {} frame {} B"), g_name, b);
    BENCH_LOG(BENCH_ARGS("arena %d B: %d used", "arena {} B: {} used"), a, b);
    BENCH_LOG(BENCH_ARGS("quit: %d toggles, %d samples", "quit: {} toggles, {} samples"), a, b);
    BENCH_LOG(BENCH_ARGS("console on UART%d", "console on UART{}"), a);
    BENCH_END();
  }
  report();
  group("end");
  mote::exit(0);
  co_return;
}
