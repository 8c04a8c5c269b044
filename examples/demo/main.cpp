// The seed demo as real firmware on the LM3S6965 evaluation board (lm3s6965evb, under QEMU).
//
// The seed's three tasks, now driving the chip's peripherals:
//   blink_led       toggles the board's user LED (PF0, GPIO port F) every 500 ms and reports
//                   the level it reads back from the pin; the console can switch it on, off or
//                   back to blinking (a mote::Signal carries the command).
//   read_sensor     samples ADC input AIN0 ten times a second: Timer1 triggers each conversion in
//                   hardware, the completion interrupt wakes the task (QEMU's model converts twice
//                   per trigger). Every sample goes into a channel; once a second the task reports.
//   handle_network  until the network driver exists: a command console on UART0 (help, stats,
//                   led on|off|blink, quit). It drains the channel for the running statistics.
//
// The tasks report through MOTE_LOG_INFO: the device sends a few bytes per line and run-demo
// (tools/mote-log) prints "[  1.000 s] INFO  <task>  <message>", stamped with the uptime, within
// 80 columns. The banner, the memory report and the console's prompt and echo are plain text on
// the same UART. Interactive by default (runs until `quit` or Ctrl-C; QEMU's Ctrl-A x stops it
// at once);
// `--seconds N` on the command line (QEMU -append, read with semihosting) ends it after N s with
// exit status 0, for scripts and tests. tools/demo.sh runs it; docs/boards/lm3s6965evb.md explains.
#include <mote/log.hpp>
#include <mote/mote.hpp>
#include <mote/lm3s6965/adc.hpp>
#include <mote/lm3s6965/gpio.hpp>
#include <mote/lm3s6965/lm3s6965.hpp>
#include <mote/lm3s6965/uart.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <span>
#include <utility>

namespace lm = mote::lm3s6965;
using namespace mote::literals;

MOTE_BIND_INTERRUPTS(Irqs, (uart0, lm::uart::InterruptHandler<lm::Uart0>),
                     (adc0_seq0, lm::adc::InterruptHandler<lm::Adc0>));

namespace {

constexpr mote::Duration kBlinkPeriod = 500_ms;
// ADC conversions per second, each triggered by Timer1. (QEMU 7.2's model converts twice per
// trigger, so under QEMU twice as many samples arrive: docs/drivers/adc.md.)
constexpr std::uint32_t kTriggerRateHz = 10;
constexpr std::uint32_t kAdcMillivolts = 3000;  // the converter's full scale: 3.0 V internal reference
constexpr std::size_t kLineMax = 48;            // longest console command

// ---- Output: log lines, with the console's prompt kept below them ------------------------------

// What the user has typed so far. While the prompt is on screen, a log line first erases it
// (carriage return + "erase to end of line") and draws it again afterwards, so that log lines
// from other tasks never tear what is being typed (tools/mote-log puts the decoded line where the
// prompt was). All tasks share one executor, so no locking.
struct Prompt {
  bool enabled = false;  // draw it (interactive runs, or once the user types)
  bool busy = false;     // a command is running: its replies come first, then the prompt
  bool shown = false;    // "> ..." is on the current line
  char line[kLineMax + 1] = {};
  std::size_t len = 0;
};
Prompt g_prompt;

void hide_prompt() {
  if (g_prompt.shown) std::fputs("\r\x1b[K", stdout);
  g_prompt.shown = false;
}

void show_prompt() {
  if (!g_prompt.enabled || g_prompt.busy || g_prompt.shown) return;
  std::fputs("> ", stdout);
  std::fwrite(g_prompt.line, 1, g_prompt.len, stdout);
  g_prompt.shown = true;
}

// One log line from a task: "<task>  <message>", the message in 46 columns so that the decoded
// line, "[ 12.345 s] INFO  " and all, fits 80. `who` is one of the names below, padded to one
// width: a string literal joined to the format, so it stays in the ELF like the rest of the text
// and costs nothing on the wire.
#define BLINK_LED "blink_led      "
#define READ_SENSOR "read_sensor    "
#define HANDLE_NETWORK "handle_network "
#define SAY(who, format, ...)                                 \
  do {                                                        \
    hide_prompt();                                            \
    MOTE_LOG_INFO(who format __VA_OPT__(, ) __VA_ARGS__);     \
    show_prompt();                                            \
  } while (false)

// ---- State the tasks share (one executor: plain variables) --------------------------------------

enum class LedMode : std::uint8_t { Blink, On, Off };
const char* name(LedMode m) { return m == LedMode::Blink ? "blink" : m == LedMode::On ? "on" : "off"; }

struct LedStatus {
  LedMode mode = LedMode::Blink;
  bool lit = false;  // as read back from the pin
  std::uint32_t toggles = 0;
};
LedStatus g_led;

struct SensorStats {  // everything handle_network has received through the channel
  std::uint32_t count = 0;
  std::uint16_t last = 0, min = 0, max = 0;
  std::uint64_t sum = 0;
  void add(std::uint16_t v) {
    if (count == 0 || v < min) min = v;
    if (count == 0 || v > max) max = v;
    last = v;
    sum += v;
    ++count;
  }
  // Mean in tenths, for one decimal without floating point (printf here has no %f).
  std::uint32_t mean_tenths() const { return count ? static_cast<std::uint32_t>((sum * 10 + count / 2) / count) : 0; }
};
SensorStats g_sensor;

struct AdcStatus {  // the driver's own counters, published by read_sensor
  std::uint32_t conversions = 0;
  std::uint32_t lost = 0;
};
AdcStatus g_adc;

// The voltage of `tenths` / 10 counts, in millivolts (full scale 1024 counts = 3.0 V).
std::uint32_t millivolts(std::uint32_t tenths) { return (tenths * kAdcMillivolts + 5120) / 10240; }

mote::Channel<std::uint16_t, 8> readings;  // read_sensor -> handle_network
mote::Signal<LedMode> led_commands;         // handle_network -> blink_led

// The next space-separated word at `cursor` (terminated in place; "" at the end), for the command
// line and the console (lighter than sscanf/strtok, which would pull in more of the C library).
char* next_word(char*& cursor) {
  while (*cursor == ' ') ++cursor;
  char* word = cursor;
  while (*cursor != '\0' && *cursor != ' ') ++cursor;
  if (*cursor != '\0') *cursor++ = '\0';
  return word;
}

// ---- Command line: semihosting SYS_GET_CMDLINE (QEMU: the -kernel file, then -append's words) ---

struct Options {
  std::uint32_t seconds = 0;  // 0: run until quit
  char text[96] = {};         // the options as given, for the banner
};

// Without semihosting (MOTE_SEMIHOSTING=OFF: an image for the real board) there is no command
// line: the demo runs until quit.
Options read_command_line() {
  Options o;
#if MOTE_SEMIHOSTING
  char buffer[160] = {};
  struct {
    char* data;
    std::uint32_t size;
  } block{buffer, sizeof(buffer)};
  using namespace mote::cortex_m::semihosting;
  if (call(kSysGetCmdline, reinterpret_cast<std::uintptr_t>(&block)) != 0) return o;
  // The first word names the program; the options follow.
  char* cursor = buffer;
  next_word(cursor);
  while (*cursor == ' ') ++cursor;
  std::strncpy(o.text, cursor, sizeof(o.text) - 1);
  for (char* word = next_word(cursor); *word != '\0'; word = next_word(cursor)) {
    const char* value = nullptr;
    if (std::strcmp(word, "--seconds") == 0) {
      value = next_word(cursor);
    } else if (std::strncmp(word, "--seconds=", 10) == 0) {
      value = word + 10;
    } else {
      MOTE_LOG_WARN("demo: ignoring unknown option '{}' (known: --seconds N)", word);
      continue;
    }
    char* end = nullptr;
    const unsigned long seconds = std::strtoul(value, &end, 10);
    if (*value == '\0' || *end != '\0' || seconds == 0 || seconds > 86'400) {
      MOTE_LOG_WARN("demo: --seconds wants a whole number from 1 to 86400; running until quit");
      continue;
    }
    o.seconds = static_cast<std::uint32_t>(seconds);
  }
#endif
  return o;
}

// Flash and RAM the firmware occupies, from the board's linker script.
extern "C" std::uint32_t __data_start[], __data_end[], __data_load[], __bss_end[];

void print_banner(const Options& o) {
  const auto flash = reinterpret_cast<std::uintptr_t>(__data_load) +
                     (reinterpret_cast<std::uintptr_t>(__data_end) - reinterpret_cast<std::uintptr_t>(__data_start));
  const auto ram = reinterpret_cast<std::uintptr_t>(__bss_end) - 0x20000000u;
  MOTE_LOG_INFO("mote demo: the seed's three tasks as firmware");
  MOTE_LOG_INFO("board    lm3s6965evb: TI Stellaris LM3S6965, Cortex-M3");
  MOTE_LOG_INFO("clock    CPU {} MHz, tick rate {} Hz (one tick = {})", lm::kSystemClockHz / 1'000'000, mote::kTickHz,
                mote::Duration::from_ticks(1));
  MOTE_LOG_INFO("flash    {} of 262144 B", flash);
  MOTE_LOG_INFO("RAM      {} of 65536 B, + 4096 B main stack", ram);
  MOTE_LOG_INFO("tasks    blink_led       user LED on PF0, toggled every {}", kBlinkPeriod);
  MOTE_LOG_INFO("         read_sensor     AIN0 on the ADC, {}/s paced by Timer1", kTriggerRateHz);
  MOTE_LOG_INFO("                         (QEMU converts twice per trigger)");
  MOTE_LOG_INFO("         handle_network  console on UART0: type help");
  if (o.seconds != 0) {
    MOTE_LOG_INFO("ends     after {} s ({}); or type quit", o.seconds, o.text);
  } else {
    MOTE_LOG_INFO("ends     on quit or Ctrl-C; Ctrl-A x stops QEMU at once");
  }
}

// ---- blink_led -----------------------------------------------------------------------------------

void report_led(const lm::Output<lm::PF0>& led, const char* why) {
  g_led.lit = led.is_set_high();
  SAY(BLINK_LED, "led {:<3} (PF0 reads {}){}", g_led.lit ? "on" : "off", g_led.lit ? 1 : 0, why);
}

MOTE_TASK(blink_led, 1, lm::PF0 pin, mote::Duration period) {
  lm::Output led(std::move(pin), lm::Level::High);
  report_led(led, "");
  mote::Ticker ticker(period);
  for (;;) {
    if (g_led.mode != LedMode::Blink) {
      const LedMode m = co_await led_commands.wait();  // steady: only a command changes anything
      g_led.mode = m;
      if (m == LedMode::Blink) {
        ticker.reset();  // the next toggle is one period from now
      } else {
        led.set_level(m == LedMode::On ? lm::Level::High : lm::Level::Low);
      }
      report_led(led, m == LedMode::Blink ? ", blinking (console)" : " (console)");
      continue;
    }
    auto event = co_await mote::select(ticker.next(), led_commands.wait());
    if (event.index() == 0) {
      led.toggle();
      ++g_led.toggles;
      report_led(led, "");
      continue;
    }
    const LedMode m = *std::get_if<1>(&event);
    g_led.mode = m;
    if (m != LedMode::Blink) led.set_level(m == LedMode::On ? lm::Level::High : lm::Level::Low);
    report_led(led, m == LedMode::Blink ? ", blinking (console)" : " (console)");
  }
}

// ---- read_sensor ---------------------------------------------------------------------------------

MOTE_TASK(read_sensor, 1, lm::Adc0 adc_token, lm::Timer1 timer) {
  lm::Adc adc(std::move(adc_token), std::move(timer), Irqs{}, {.sample_rate_hz = kTriggerRateHz, .channel = 0});
  SAY(READ_SENSOR, "sampling AIN0, {}/s, triggered by Timer1", kTriggerRateHz);
  // Samples arrive at the ADC's pace; the report comes once a second, whatever that pace is.
  mote::Ticker report(1_s);
  std::uint32_t n = 0, sum = 0;
  std::uint16_t lo = 0, hi = 0;
  for (;;) {
    auto event = co_await mote::select(adc.sample(), report.next());
    g_adc = {adc.conversions(), adc.lost_samples()};
    if (event.index() == 1) {
      if (n == 0) {
        SAY(READ_SENSOR, "no samples in the last second");
        continue;
      }
      const std::uint32_t tenths = (sum * 10 + n / 2) / n, mv = millivolts(tenths);
      SAY(READ_SENSOR, "{} samples, mean {}.{} = {}.{:03} V, {}..{}", n, tenths / 10, tenths % 10, mv / 1000,
          mv % 1000, lo, hi);
      n = sum = 0;
      continue;
    }
    const auto& sample = *std::get_if<0>(&event);
    if (!sample) {
      SAY(READ_SENSOR, "overrun: samples missed ({} lost so far)", g_adc.lost);
      continue;
    }
    const std::uint16_t v = *sample;
    lo = n == 0 || v < lo ? v : lo;
    hi = n == 0 || v > hi ? v : hi;
    sum += v;
    ++n;
    co_await readings.send(v);  // waits if handle_network falls behind; the ADC's ring absorbs it
  }
}

// ---- handle_network: the console ----------------------------------------------------------------

// `why`: "quit" or "Ctrl-C"; or nullptr when the `seconds` of --seconds are up.
[[noreturn]] void goodbye(const char* why, std::uint32_t seconds = 0) {
  hide_prompt();
  g_prompt.enabled = false;  // the last line is the goodbye
  if (why == nullptr) {
    SAY(HANDLE_NETWORK, "{} s are up: {} LED toggles, {} samples; bye", seconds, g_led.toggles, g_sensor.count);
  } else {
    SAY(HANDLE_NETWORK, "{}: {} LED toggles, {} samples; bye", why, g_led.toggles, g_sensor.count);
  }
  mote::exit(0);
}

void print_stats() {
  SAY(HANDLE_NETWORK, "uptime {}", mote::Instant::now());
  const SensorStats& s = g_sensor;
  const std::uint32_t tenths = s.mean_tenths(), mv = millivolts(tenths);
  SAY(HANDLE_NETWORK, "sensor {} samples, mean {}.{} = {}.{:03} V", s.count, tenths / 10, tenths % 10, mv / 1000,
      mv % 1000);
  SAY(HANDLE_NETWORK, "       min {}, max {}, last {}", s.min, s.max, s.last);
  SAY(HANDLE_NETWORK, "adc    {} conversions, {} lost", g_adc.conversions, g_adc.lost);
  SAY(HANDLE_NETWORK, "led    {}, mode {}, {} toggles", g_led.lit ? "on" : "off", name(g_led.mode), g_led.toggles);
  mote::for_each_task([](const mote::TaskInfo& t) {
    SAY(HANDLE_NETWORK, "task   {:<14} {:>3} B, pool {}, {} running", t.name, t.frame_bytes, t.pool_size, t.in_use);
  });
  const mote::ArenaStats a = mote::arena_stats();
  SAY(HANDLE_NETWORK, "arena  {} B: {} used, {} free", a.total_bytes, a.used_bytes, a.free_bytes());
}

void run_command(char* line) {
  char* cursor = line;
  const char* word = next_word(cursor);
  const char* arg = next_word(cursor);
  const bool more = *next_word(cursor) != '\0';
  const auto is = [](const char* a, const char* b) { return std::strcmp(a, b) == 0; };
  if (*word == '\0') return;  // an empty line: just a new prompt
  if (is(word, "help") && *arg == '\0') {
    SAY(HANDLE_NETWORK, "commands: help | stats | led on|off|blink | quit");
  } else if (is(word, "stats") && *arg == '\0') {
    print_stats();
  } else if (is(word, "led") && !more && (is(arg, "on") || is(arg, "off") || is(arg, "blink"))) {
    led_commands.signal(is(arg, "on") ? LedMode::On : is(arg, "off") ? LedMode::Off : LedMode::Blink);
  } else if (is(word, "led") && *arg == '\0') {
    SAY(HANDLE_NETWORK, "led is {}, mode {}", g_led.lit ? "on" : "off", name(g_led.mode));
  } else if ((is(word, "quit") || is(word, "exit")) && *arg == '\0') {
    goodbye("quit");
  } else {
    SAY(HANDLE_NETWORK, "unknown command '{}{}{}': try help", word, *arg ? " " : "", arg);
  }
}

// Line editing for a raw terminal (QEMU -nographic passes keys through unprocessed): echo,
// backspace, Enter as CR, LF or CR LF, Ctrl-C quits; escape sequences (arrow keys) are skipped.
struct LineEditor {
  enum class Esc : std::uint8_t { None, Start, Csi } esc = Esc::None;
  bool last_cr = false;

  void feed(char c) {
    Prompt& p = g_prompt;
    if (esc != Esc::None) {  // ESC [ ... final byte, or ESC + one character
      if (esc == Esc::Start && c == '[') {
        esc = Esc::Csi;
      } else if (esc == Esc::Start || (c >= 0x40 && c <= 0x7E)) {
        esc = Esc::None;
      }
      return;
    }
    const bool was_cr = std::exchange(last_cr, c == '\r');
    if (c == '\n' && was_cr) return;  // the LF of a CR LF
    if (!p.enabled) {                 // first key in a --seconds run: bring the prompt up
      p.enabled = true;
      show_prompt();
    }
    if (c == '\r' || c == '\n') {
      std::putchar('\n');  // the typed line stays on screen, above the replies
      p.shown = false;
      p.line[p.len] = '\0';
      p.len = 0;
      p.busy = true;
      run_command(p.line);
      p.busy = false;
      show_prompt();
    } else if (c == 0x7F || c == '\b') {
      if (p.len > 0) {
        --p.len;
        std::fputs("\b \b", stdout);
      }
    } else if (c == 0x03) {  // Ctrl-C: QEMU's -nographic console passes it through as a byte
      std::fputs("^C\n", stdout);
      p.shown = false;
      goodbye("Ctrl-C");
    } else if (c == 0x1B) {
      esc = Esc::Start;
    } else if (c >= 0x20 && c < 0x7F && p.len < kLineMax) {
      p.line[p.len++] = c;
      std::putchar(c);
    }
  }
};

MOTE_TASK(handle_network, 1, lm::Uart0 uart, std::uint32_t seconds) {
  lm::BufferedUart<lm::Uart0, 64> serial(std::move(uart), Irqs{});
  const mote::Instant end = seconds != 0 ? mote::Instant::from_ticks(0) + mote::Duration::from_secs(seconds)
                                         : mote::Instant::max();  // max: arms nothing
  g_prompt.enabled = seconds == 0;
  SAY(HANDLE_NETWORK, "console on UART0 (no network yet): type help");
  LineEditor editor;
  char input[16];
  for (;;) {
    auto event = co_await mote::select(serial.read(std::span(input)), readings.receive(), mote::Timer::at(end));
    if (event.index() == 0) {
      const auto& n = *std::get_if<0>(&event);
      if (!n) {
        SAY(HANDLE_NETWORK, "console: {}", mote::error_message(n.error()));
        continue;
      }
      for (std::size_t i = 0; i < *n; ++i) editor.feed(input[i]);
    } else if (event.index() == 1) {
      g_sensor.add(*std::get_if<1>(&event));
    } else {
      goodbye(nullptr, seconds);
    }
  }
}

}  // namespace

MOTE_MAIN(spawner) {
  const Options options = read_command_line();
  auto p = lm::Peripherals::take();
  print_banner(options);
  spawner.must_spawn(blink_led(std::move(p.pf0), kBlinkPeriod));
  spawner.must_spawn(read_sensor(std::move(p.adc0), std::move(p.timer1)));
  spawner.must_spawn(handle_network(std::move(p.uart0), options.seconds));
  mote::log_memory_report();
  co_return;
}
