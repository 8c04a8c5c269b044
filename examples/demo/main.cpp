// The seed demo as real firmware on the LM3S6965 evaluation board (lm3s6965evb, under QEMU).
//
// The seed's three tasks, now driving the chip's peripherals:
//   blink_led       toggles the board's user LED (PF0, GPIO port F) every 500 ms and reports
//                   the level it reads back from the pin; the console can switch it on, off or
//                   back to blinking (a mote::Signal carries the command).
//   read_sensor     samples ADC input AIN0 ten times a second: Timer1 triggers each conversion in
//                   hardware, the completion interrupt wakes the task (QEMU's model converts twice
//                   per trigger). Every sample goes into a channel; once a second the task reports.
//                   Once a second it also reads the TMP105 temperature sensor on I2C0 (QEMU's
//                   tmp105 model, attached by demo.cmake) and publishes the reading.
//   handle_network  the network (lwIP on the chip's Ethernet controller, address from DHCP): an
//                   HTTP server on port 80 (mote/net/http.hpp): `/` a page, `/readings` JSON with
//                   the latest readings and the LED state, `POST /led` (body on|off|blink)
//                   switches the LED; and each reading published to an MQTT broker (lwIP's MQTT
//                   client) as sensors/lm3s6965evb/adc, at 10.0.2.2 (QEMU's user network: the
//                   host) port 1883, or --mqtt-port N.
//   console         a command console on UART0 (help, stats, led on|off|blink, quit). It drains
//                   the channel for the running statistics.
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
#include <mote/devices/ssd0323.hpp>
#include <mote/devices/tmp105.hpp>
#include <mote/hal/spi_device.hpp>
#include <mote/lm3s6965/gpio.hpp>
#include <mote/lm3s6965/i2c.hpp>
#include <mote/lm3s6965/lm3s6965.hpp>
#include <mote/lm3s6965/spi.hpp>
#include <mote/lm3s6965/uart.hpp>
#include <mote/net.hpp>
#include <mote/net/http.hpp>

#include "lwip/apps/mqtt.h"
#include "lwip/apps/mqtt_priv.h"  // mqtt_client_t's definition: the client is static, not from lwIP's heap

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <span>
#include <utility>

namespace lm = mote::lm3s6965;
namespace net = mote::net;
namespace http = mote::net::http;
using namespace mote::literals;

MOTE_BIND_INTERRUPTS(Irqs, (uart0, lm::uart::InterruptHandler<lm::Uart0>),
                     (adc0_seq0, lm::adc::InterruptHandler<lm::Adc0>),
                     (i2c0, lm::i2c::InterruptHandler<lm::I2c0>), (ssi0, lm::spi::InterruptHandler<lm::Ssi0>));

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
#define CONSOLE "console        "
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

// The latest once-a-second reading (read_sensor -> handle_network: the web page and MQTT).
struct Reading {
  std::uint32_t seq = 0;          // 0: none yet
  std::uint32_t samples = 0;      // in that second
  std::uint32_t mean_tenths = 0;  // ADC counts x 10
  std::uint16_t min = 0, max = 0;
  bool has_temperature = false;   // false: the TMP105 did not answer
  std::int32_t millicelsius = 0;
};
Reading g_reading;

mote::Channel<std::uint16_t, 8> readings;  // read_sensor -> console (every sample)
mote::Signal<std::uint32_t> reading_ready;  // read_sensor -> handle_network (a new g_reading)
mote::Signal<LedMode> led_commands;         // console and handle_network -> blink_led

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
  std::uint16_t mqtt_port = 1883;
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
    } else if (std::strcmp(word, "--mqtt-port") == 0 || std::strncmp(word, "--mqtt-port=", 12) == 0) {
      value = word[11] == '=' ? word + 12 : next_word(cursor);
      char* end = nullptr;
      const unsigned long port = std::strtoul(value, &end, 10);
      if (*value == '\0' || *end != '\0' || port == 0 || port > 65'535) {
        MOTE_LOG_WARN("demo: --mqtt-port wants a port from 1 to 65535; using 1883");
      } else {
        o.mqtt_port = static_cast<std::uint16_t>(port);
      }
      continue;
    } else {
      MOTE_LOG_WARN("demo: ignoring unknown option '{}' (known: --seconds N, --mqtt-port N)", word);
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
  MOTE_LOG_INFO("mote demo: the seed's tasks as a networked device");
  MOTE_LOG_INFO("board    lm3s6965evb: TI Stellaris LM3S6965, Cortex-M3");
  MOTE_LOG_INFO("clock    CPU {} MHz, tick rate {} Hz (one tick = {})", lm::kSystemClockHz / 1'000'000, mote::kTickHz,
                mote::Duration::from_ticks(1));
  MOTE_LOG_INFO("flash    {} of 262144 B", flash);
  MOTE_LOG_INFO("RAM      {} of 65536 B, + 4096 B main stack", ram);
  MOTE_LOG_INFO("tasks    blink_led       user LED on PF0, toggled every {}", kBlinkPeriod);
  MOTE_LOG_INFO("         read_sensor     AIN0 on the ADC, {}/s paced by Timer1", kTriggerRateHz);
  MOTE_LOG_INFO("                         (QEMU converts twice per trigger)");
  MOTE_LOG_INFO("                         TMP105 on I2C0, once a second");
  MOTE_LOG_INFO("         handle_network  HTTP :80, MQTT to 10.0.2.2:{}", o.mqtt_port);
  MOTE_LOG_INFO("         console         on UART0: type help");
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

// Reads the TMP105 into g_reading; logs the temperature when it changes (and the first time),
// and a sensor that stops or starts answering.
mote::Async<void> read_temperature(mote::devices::Tmp105<lm::I2c<lm::I2c0>>& sensor) {
  auto t = co_await sensor.read_millicelsius();
  const bool had = g_reading.has_temperature;
  const std::int32_t before = g_reading.millicelsius;
  g_reading.has_temperature = t.has_value();
  if (!t) {
    if (had || g_reading.seq == 0) SAY(READ_SENSOR, "temperature: TMP105 {}", mote::hal::error_message(t.error()));
    co_return;
  }
  g_reading.millicelsius = *t;
  if (!had || before != *t) {
    const std::int32_t magnitude = *t < 0 ? -*t : *t;
    SAY(READ_SENSOR, "temperature {}{}.{:03} C", *t < 0 ? "-" : "", magnitude / 1000, magnitude % 1000);
  }
}

MOTE_TASK(read_sensor, mote::pool(1).async_bytes(256), lm::Adc0 adc_token, lm::Timer1 timer, lm::I2c0 i2c_token) {
  lm::Adc adc(std::move(adc_token), std::move(timer), Irqs{}, {.sample_rate_hz = kTriggerRateHz, .channel = 0});
  lm::I2c<lm::I2c0> i2c(std::move(i2c_token), Irqs{}, lm::i2c::Config{.frequency_hz = 100'000});
  mote::devices::Tmp105 sensor(i2c);  // address 0x48
  SAY(READ_SENSOR, "sampling AIN0, {}/s, triggered by Timer1", kTriggerRateHz);
  (void)co_await sensor.set_resolution(mote::devices::Tmp105Resolution::Bits12);  // a NACK shows below
  // Samples arrive at the ADC's pace; the report comes once a second, whatever that pace is.
  mote::Ticker report(1_s);
  std::uint32_t n = 0, sum = 0;
  std::uint16_t lo = 0, hi = 0;
  for (;;) {
    auto event = co_await mote::select(adc.sample(), report.next());
    g_adc = {adc.conversions(), adc.lost_samples()};
    if (event.index() == 1) {
      co_await read_temperature(sensor);
      if (n == 0) {
        SAY(READ_SENSOR, "no samples in the last second");
        continue;
      }
      const std::uint32_t tenths = (sum * 10 + n / 2) / n, mv = millivolts(tenths);
      SAY(READ_SENSOR, "{} samples, mean {}.{} = {}.{:03} V, {}..{}", n, tenths / 10, tenths % 10, mv / 1000,
          mv % 1000, lo, hi);
      g_reading.samples = n;
      g_reading.mean_tenths = tenths;
      g_reading.min = lo;
      g_reading.max = hi;
      reading_ready.signal(++g_reading.seq);
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

// ---- display: the readings and the LED on the board's OLED -------------------------------------

// The picture (128 x 64, grey levels 0..15), redrawn twice a second; tests/target's screendump
// check reads it back (example.demo_network):
//   rows  4..11  the ADC's mean: a bar of mean * 124 / 1024 pixels from x = 2 (even: the controller
//                stores two pixels per byte)
//   rows 20..27  the temperature: a bar of (C + 20) * 124 / 80 pixels (-20..60 C), none without
//                a sensor
//   rows 40..55  x 2..17: the LED, level 15 when lit, 2 when dark; x 110..125: MQTT, 15 when
//                connected, 0 when not
constexpr int kPanelWidth = 128;
int even(int v) { return v & ~1; }
int adc_bar(std::uint32_t mean_tenths) { return even(static_cast<int>(mean_tenths * 124 / 10240)); }
int temperature_bar(std::int32_t millicelsius) {
  const std::int32_t w = (millicelsius + 20'000) * 124 / 80'000;
  return even(w < 0 ? 0 : w > 124 ? 124 : static_cast<int>(w));
}
bool g_mqtt_up_for_display();

struct DisplayPins {  // the tokens the display owns
  lm::Ssi0 ssi;
  lm::PA3 oled_cs;
  lm::PC7 oled_dc;
  lm::PD0 card_cs;  // the SD card shares SSI0: held deselected
};

// A bar of `width` lit pixels from x = 2, the rest of the row band dark.
template <class Oled>
mote::Async<bool> draw_bar(Oled& oled, int y, int width) {
  bool ok = true;
  if (width > 0) ok = static_cast<bool>(co_await oled.fill(2, y, width, 8, 15));
  if (2 + width < kPanelWidth) ok = static_cast<bool>(co_await oled.fill(2 + width, y, kPanelWidth - 2 - width, 8, 0)) && ok;
  co_return ok;
}

MOTE_TASK(display, mote::pool(1).async_bytes(1024), DisplayPins pins) {
  lm::Spi<lm::Ssi0> spi(std::move(pins.ssi), Irqs{});
  lm::Output oled_cs(std::move(pins.oled_cs), lm::Level::High);
  lm::Output oled_dc(std::move(pins.oled_dc), lm::Level::Low);
  lm::Output card_cs(std::move(pins.card_cs), lm::Level::High);
  mote::hal::SharedSpiBus shared(spi);
  mote::hal::SharedSpiDevice oled_spi(shared, oled_cs, 4'000'000);  // the SSD0323's limit
  mote::devices::Ssd0323 oled(oled_spi, oled_dc);
  if (!(co_await oled.init()) || !(co_await oled.clear())) {
    SAY(READ_SENSOR, "oled: no display");
    co_return;
  }
  mote::Ticker every(500_ms);
  for (;;) {
    const Reading& r = g_reading;
    bool ok = co_await draw_bar(oled, 4, r.seq == 0 ? 0 : adc_bar(r.mean_tenths));
    ok = co_await draw_bar(oled, 20, r.has_temperature ? temperature_bar(r.millicelsius) : 0) && ok;
    ok = static_cast<bool>(co_await oled.fill(2, 40, 16, 16, g_led.lit ? 15 : 2)) && ok;
    ok = static_cast<bool>(co_await oled.fill(110, 40, 16, 16, g_mqtt_up_for_display() ? 15 : 0)) && ok;
    if (!ok) SAY(READ_SENSOR, "oled: drawing failed");
    co_await every.next();
  }
}

// ---- handle_network: HTTP and MQTT ---------------------------------------------------------------

constexpr std::uint16_t kHttpPort = 80;
constexpr const char* kBoard = "lm3s6965evb";
constexpr const char* kMqttTopic = "sensors/lm3s6965evb/adc";

// Text built into a fixed buffer (no heap, no printf: the formatter would cost kilobytes of
// flash). Output that does not fit is cut and marked, never written past the end.
struct Text {
  char data[384];
  std::size_t len = 0;
  bool overflow = false;
  Text& put(std::string_view s) {
    const std::size_t n = s.size() <= sizeof(data) - len ? s.size() : sizeof(data) - len;
    std::memcpy(data + len, s.data(), n);
    len += n;
    overflow |= n != s.size();
    return *this;
  }
  Text& put(std::uint32_t v) {
    char digits[10];
    std::size_t n = 0;
    do {
      digits[n++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v != 0);
    while (n > 0) put(std::string_view(&digits[--n], 1));
    return *this;
  }
  // A fixed-point value: `v` / 10^decimals, e.g. 21500 with 3 decimals is 21.500.
  Text& fixed(std::int32_t v, std::uint32_t scale, std::size_t decimals) {
    if (v < 0) put("-");
    const std::uint32_t m = v < 0 ? static_cast<std::uint32_t>(-v) : static_cast<std::uint32_t>(v);
    put(m / scale).put(".");
    char frac[6];
    std::uint32_t f = m % scale;
    for (std::size_t i = decimals; i > 0; --i, f /= 10) frac[i - 1] = static_cast<char>('0' + f % 10);
    return put(std::string_view(frac, decimals));
  }
  std::string_view view() const { return {data, len}; }
};

// The latest reading and the LED as JSON: what /readings answers and (without the LED) what goes
// to the MQTT broker.
void reading_json(Text& t, bool with_led) {
  const Reading& r = g_reading;
  t.put("{\"board\":\"").put(kBoard).put("\",\"seq\":").put(r.seq);
  t.put(",\"uptime_ms\":").put(static_cast<std::uint32_t>((mote::Instant::now() - mote::Instant::from_ticks(0)).as_millis()));
  t.put(",\"adc\":{\"samples\":").put(r.samples).put(",\"mean\":").fixed(static_cast<std::int32_t>(r.mean_tenths), 10, 1);
  t.put(",\"min\":").put(r.min).put(",\"max\":").put(r.max).put(",\"millivolts\":").put(millivolts(r.mean_tenths));
  t.put("},\"temperature_c\":");
  if (r.has_temperature) {
    t.fixed(r.millicelsius, 1000, 3);
  } else {
    t.put("null");
  }
  if (with_led) {
    t.put(",\"led\":{\"on\":").put(g_led.lit ? "true" : "false").put(",\"mode\":\"").put(name(g_led.mode));
    t.put("\",\"toggles\":").put(g_led.toggles).put("}");
  }
  t.put("}\n");
}

constexpr std::string_view kPage =
    "<!doctype html><html><head><meta charset=utf-8><title>mote demo</title></head><body>\n"
    "<h1>mote demo on lm3s6965evb</h1>\n"
    "<pre id=r>loading /readings ...</pre>\n"
    "<p>LED: <button onclick=\"led('on')\">on</button> <button onclick=\"led('off')\">off</button> "
    "<button onclick=\"led('blink')\">blink</button></p>\n"
    "<script>\n"
    "function show(){fetch('/readings').then(r=>r.text()).then(t=>{document.getElementById('r').textContent=t})}\n"
    "function led(m){fetch('/led',{method:'POST',body:m}).then(show)}\n"
    "show();setInterval(show,1000);\n"
    "</script></body></html>\n";

struct NetStats {
  std::uint32_t requests = 0, bad_requests = 0;
  std::uint32_t published = 0, publish_failed = 0, mqtt_connects = 0;
  bool mqtt_up = false;
};
NetStats g_net;
bool g_mqtt_up_for_display() { return g_net.mqtt_up; }

// lwIP's MQTT client, static. Its callbacks run inside lwIP (the runner task or a task's call
// into lwIP), so they only record.
struct Mqtt {
  mqtt_client_t client{};
  std::uint16_t port = 1883;
  bool connecting = false;

  static void on_connection(mqtt_client_t*, void* arg, mqtt_connection_status_t status) {
    auto* self = static_cast<Mqtt*>(arg);
    self->connecting = false;
    const bool up = status == MQTT_CONNECT_ACCEPTED;
    if (up != g_net.mqtt_up) {
      if (up) {
        SAY(HANDLE_NETWORK, "mqtt: connected to 10.0.2.2:{}", self->port);
      } else {
        SAY(HANDLE_NETWORK, "mqtt: disconnected (status {})", static_cast<int>(status));
      }
    }
    g_net.mqtt_up = up;
  }
  static void on_published(void*, err_t result) {
    if (result == ERR_OK) {
      ++g_net.published;
    } else {
      ++g_net.publish_failed;
    }
  }

  // Publishes the latest reading (QoS 0); while there is no connection, starts one instead (at
  // most one attempt per reading, so a missing broker costs a SYN a second).
  void publish(net::Stack& stack) {
    if (!mqtt_client_is_connected(&client)) {
      if (connecting) return;
      ip_addr_t broker;
      IP_ADDR4(&broker, 10, 0, 2, 2);  // QEMU's user network: the host
      mqtt_connect_client_info_t info{};
      info.client_id = "mote-lm3s6965evb";
      info.keep_alive = 60;
      connecting = mqtt_client_connect(&client, &broker, port, &Mqtt::on_connection, this, &info) == ERR_OK;
      if (connecting) ++g_net.mqtt_connects;
      stack.kick();  // lwIP's timers changed: the runner looks again
      return;
    }
    Text t;
    reading_json(t, false);
    // The JSON without its final newline: a message is one value, not a line of text.
    const err_t e = mqtt_publish(&client, kMqttTopic, t.data, static_cast<u16_t>(t.len - 1), 0, 0,
                                 &Mqtt::on_published, nullptr);
    if (e != ERR_OK) ++g_net.publish_failed;
    stack.kick();
  }
};
Mqtt g_mqtt;

// One request on `socket`, answered; Connection: close after it (one connection at a time).
mote::Async<void> serve(net::TcpSocket& socket) {
  char head[512];  // the longest request head accepted (431 above)
  http::Connection conn(socket, head);
  auto req = co_await conn.read_request(16);  // the only body is /led's word
  ++g_net.requests;
  if (!req) {
    ++g_net.bad_requests;
    SAY(HANDLE_NETWORK, "{}", http::error_message(req.error()));  // "http: body too large"
    (void)co_await http::write_error(socket, req.error());
    co_return;
  }
  char path[24] = {};  // for the log line (MOTE_LOG takes C strings)
  std::memcpy(path, req->path.data(), req->path.size() < sizeof(path) - 1 ? req->path.size() : sizeof(path) - 1);
  std::uint16_t status = 200;
  if (req->path == "/" || req->path == "/index.html") {
    if (req->method != http::Method::Get) {
      status = 405;
    } else {
      (void)co_await http::write_response(socket, 200, "text/html; charset=utf-8", kPage, true);
    }
  } else if (req->path == "/readings") {
    if (req->method != http::Method::Get) {
      status = 405;
    } else {
      Text t;
      reading_json(t, true);
      (void)co_await http::write_response(socket, 200, "application/json", t.view(), true);
    }
  } else if (req->path == "/led") {
    char word[17] = {};
    std::size_t got = 0;
    while (req->method == http::Method::Post && got < 16) {
      auto n = co_await conn.read_body(std::as_writable_bytes(std::span(word + got, 16 - got)));
      if (!n || *n == 0) break;
      got += *n;
    }
    std::string_view w(word, got);
    while (!w.empty() && (w.back() == '\n' || w.back() == '\r' || w.back() == ' ')) w.remove_suffix(1);
    const bool valid = w == "on" || w == "off" || w == "blink";
    if (req->method != http::Method::Post) {
      status = 405;
    } else if (!valid || conn.body_remaining() != 0) {
      status = 400;
      (void)co_await http::write_response(socket, 400, "text/plain", "POST /led wants on, off or blink\n", true);
    } else {
      const LedMode m = w == "on" ? LedMode::On : w == "off" ? LedMode::Off : LedMode::Blink;
      led_commands.signal(m);
      Text t;
      t.put("{\"led\":{\"mode\":\"").put(name(m)).put("\"}}\n");
      (void)co_await http::write_response(socket, 200, "application/json", t.view(), true);
    }
  } else {
    status = 404;
    (void)co_await http::write_response(socket, 404, "text/plain", "not found: try / or /readings\n", true);
  }
  if (status == 405) {
    (void)co_await http::write_response(socket, 405, "text/plain", "method not allowed\n", true);
  }
  SAY(HANDLE_NETWORK, "http: {} {} -> {}", req->method == http::Method::Get ? "GET" : req->method == http::Method::Post ? "POST" : "other", path, status);
}

// Two instances serve HTTP, each with its own socket, so that one is accepting while the other
// answers or closes: a connection that arrives while no socket accepts is refused (RST), and a
// client's next request often comes before the previous connection has finished closing.
// Instance 0 also publishes the readings over MQTT.
constexpr std::size_t kHttpSockets = 2;
std::byte g_http_rx[kHttpSockets][512];    // a request head and /led's word
std::byte g_http_tx[kHttpSockets][1024];   // write_all waits for room: the page need not fit at once

MOTE_TASK(handle_network, mote::pool(kHttpSockets).async_bytes(3072), mote::Static<net::Stack&> stack,
          std::uint8_t index, std::uint16_t mqtt_port) {
  const bool publisher = index == 0;
  if (publisher) {
    g_mqtt.port = mqtt_port;
    SAY(HANDLE_NETWORK, "network: waiting for DHCP");
  }
  co_await stack.get().wait_config_up();
  const net::Ipv4Address ip = stack.get().ipv4_address();
  if (publisher) {
    SAY(HANDLE_NETWORK, "network: {}.{}.{}.{}, HTTP on port {}", ip.octets[0], ip.octets[1], ip.octets[2],
        ip.octets[3], kHttpPort);
    if (!stack.get().take_socket()) MOTE_PANIC("demo: no socket left for MQTT");  // its PCB counts too
  }
  net::TcpSocket socket(stack.get(), g_http_rx[index], g_http_tx[index]);
  for (;;) {
    socket.set_timeout(mote::Duration::max());  // waiting for a client takes as long as it takes
    // The accept of the instance that does not publish never ends for a reading (a Signal that
    // never fires).
    static mote::Signal<std::uint32_t> never;
    auto event = co_await mote::select(socket.accept(kHttpPort), (publisher ? reading_ready : never).wait());
    if (event.index() == 1) {
      g_mqtt.publish(stack.get());
      continue;
    }
    if (const auto& a = *std::get_if<0>(&event); !a) {
      SAY(HANDLE_NETWORK, "http: accept: {}", net::error_message(a.error()));
      co_await mote::Timer::after(1_s);
      continue;
    }
    socket.set_timeout(5_s);  // a client silent for 5 s is dropped
    co_await serve(socket);
    socket.close();
    (void)co_await socket.flush();
    socket.abort();  // whatever is left: the next accept starts clean
  }
}

// ---- console: commands on UART0 ------------------------------------------------------------------

// `why`: "quit" or "Ctrl-C"; or nullptr when the `seconds` of --seconds are up.
[[noreturn]] void goodbye(const char* why, std::uint32_t seconds = 0) {
  hide_prompt();
  g_prompt.enabled = false;  // the last line is the goodbye
  if (why == nullptr) {
    SAY(CONSOLE, "{} s are up: {} LED toggles, {} samples; bye", seconds, g_led.toggles, g_sensor.count);
  } else {
    SAY(CONSOLE, "{}: {} LED toggles, {} samples; bye", why, g_led.toggles, g_sensor.count);
  }
  mote::exit(0);
}

void print_stats() {
  SAY(CONSOLE, "uptime {}", mote::Instant::now());
  const SensorStats& s = g_sensor;
  const std::uint32_t tenths = s.mean_tenths(), mv = millivolts(tenths);
  SAY(CONSOLE, "sensor {} samples, mean {}.{} = {}.{:03} V", s.count, tenths / 10, tenths % 10, mv / 1000,
      mv % 1000);
  SAY(CONSOLE, "       min {}, max {}, last {}", s.min, s.max, s.last);
  SAY(CONSOLE, "adc    {} conversions, {} lost", g_adc.conversions, g_adc.lost);
  SAY(CONSOLE, "led    {}, mode {}, {} toggles", g_led.lit ? "on" : "off", name(g_led.mode), g_led.toggles);
  if (g_reading.has_temperature) {
    const std::int32_t t = g_reading.millicelsius, m = t < 0 ? -t : t;
    SAY(CONSOLE, "temp   {}{}.{:03} C (TMP105)", t < 0 ? "-" : "", m / 1000, m % 1000);
  } else {
    SAY(CONSOLE, "temp   no TMP105 answer");
  }
  SAY(CONSOLE, "http   {} requests, {} bad", g_net.requests, g_net.bad_requests);
  SAY(CONSOLE, "mqtt   {}, {} published, {} failed, {} connects", g_net.mqtt_up ? "up" : "down", g_net.published,
      g_net.publish_failed, g_net.mqtt_connects);
  mote::for_each_task([](const mote::TaskInfo& t) {
    SAY(CONSOLE, "task   {:<14} {:>3} B, pool {}, {} running", t.name, t.frame_bytes, t.pool_size, t.in_use);
  });
  const mote::ArenaStats a = mote::arena_stats();
  SAY(CONSOLE, "arena  {} B: {} used, {} free", a.total_bytes, a.used_bytes, a.free_bytes());
}

void run_command(char* line) {
  char* cursor = line;
  const char* word = next_word(cursor);
  const char* arg = next_word(cursor);
  const bool more = *next_word(cursor) != '\0';
  const auto is = [](const char* a, const char* b) { return std::strcmp(a, b) == 0; };
  if (*word == '\0') return;  // an empty line: just a new prompt
  if (is(word, "help") && *arg == '\0') {
    SAY(CONSOLE, "commands: help | stats | led on|off|blink | quit");
  } else if (is(word, "stats") && *arg == '\0') {
    print_stats();
  } else if (is(word, "led") && !more && (is(arg, "on") || is(arg, "off") || is(arg, "blink"))) {
    led_commands.signal(is(arg, "on") ? LedMode::On : is(arg, "off") ? LedMode::Off : LedMode::Blink);
  } else if (is(word, "led") && *arg == '\0') {
    SAY(CONSOLE, "led is {}, mode {}", g_led.lit ? "on" : "off", name(g_led.mode));
  } else if ((is(word, "quit") || is(word, "exit")) && *arg == '\0') {
    goodbye("quit");
  } else {
    SAY(CONSOLE, "unknown command '{}{}{}': try help", word, *arg ? " " : "", arg);
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

MOTE_TASK(console, 1, lm::Uart0 uart, std::uint32_t seconds) {
  lm::BufferedUart<lm::Uart0, 64> serial(std::move(uart), Irqs{});
  const mote::Instant end = seconds != 0 ? mote::Instant::from_ticks(0) + mote::Duration::from_secs(seconds)
                                         : mote::Instant::max();  // max: arms nothing
  g_prompt.enabled = seconds == 0;
  SAY(CONSOLE, "console on UART0: type help");
  LineEditor editor;
  char input[16];
  for (;;) {
    auto event = co_await mote::select(serial.read(std::span(input)), readings.receive(), mote::Timer::at(end));
    if (event.index() == 0) {
      const auto& n = *std::get_if<0>(&event);
      if (!n) {
        SAY(CONSOLE, "console: {}", mote::error_message(n.error()));
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

// The HTTP sockets (StackResources counts sockets) and MQTT's connection.
static net::StackResources<kHttpSockets + 1> g_net_resources;

MOTE_MAIN(spawner) {
  const Options options = read_command_line();
  auto p = lm::Peripherals::take();
  print_banner(options);
  spawner.must_spawn(blink_led(std::move(p.pf0), kBlinkPeriod));
  spawner.must_spawn(read_sensor(std::move(p.adc0), std::move(p.timer1), std::move(p.i2c0)));
  net::Stack& stack = net::start(spawner, mote::board::network(), net::Config::dhcp(), g_net_resources);
  for (std::uint8_t i = 0; i < kHttpSockets; ++i) {
    spawner.must_spawn(handle_network(mote::Static<net::Stack&>(stack), i, options.mqtt_port));
  }
  spawner.must_spawn(console(std::move(p.uart0), options.seconds));
  spawner.must_spawn(display(DisplayPins{std::move(p.ssi0), std::move(p.pa3), std::move(p.pc7), std::move(p.pd0)}));
  mote::log_memory_report();
  co_return;
}
