// The seed demo in a web page (examples/web): the same three tasks as examples/seed, on the
// wasm32 board, talking to the page instead of a board's pins.
//
//   blink_led       toggles the page's LED (an imported JS function) every 500 ms
//   read_sensor     samples a simulated temperature sensor every 250 ms into a channel
//   handle_network  forwards each reading to the page's plot, and answers the console box:
//                   a line typed there arrives through an exported function (called from a JS
//                   event: this platform's interrupt) into a channel, and the reply is printed
//                   (stdout, which the page shows in the console box)
#include <mote/mote.hpp>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <variant>

using namespace mote::literals;

// What the page provides (index.html, module "web"). Each runs JS synchronously and returns.
#define WEB_IMPORT(name) __attribute__((import_module("web"), import_name(#name)))
extern "C" {
WEB_IMPORT(led) void web_led(int on);
WEB_IMPORT(plot) void web_plot(double seconds, double celsius);
}

namespace {

struct Reading {
  mote::Instant at;
  double celsius;
};
mote::Channel<Reading, 8> readings;

// A console line as the page typed it (not NUL-terminated: `len` bytes).
struct Line {
  char text[96];
  std::size_t len;
};
mote::Channel<Line, 4> console_lines;
char input_buffer[sizeof(Line::text)];

int led_toggles = 0;
bool led_on = false;

// A slow sine plus noise from a fixed-seed generator: the same curve on every run.
double sample_sensor(mote::Instant now) {
  static std::uint32_t seed = 12345;
  seed = seed * 1664525u + 1013904223u;
  const double noise = static_cast<double>(seed >> 16) / 65536.0 - 0.5;
  const double t = static_cast<double>(now.ticks()) / static_cast<double>(mote::kTickHz);
  return 21.0 + 3.0 * std::sin(t * 0.6) + 0.4 * noise;
}

bool is(const Line& line, const char* word) {
  return line.len == std::strlen(word) && std::memcmp(line.text, word, line.len) == 0;
}

}  // namespace

/// Where the page writes a typed line before calling web_input. JS callback context.
extern "C" __attribute__((export_name("web_input_buffer"))) char* web_input_buffer() { return input_buffer; }
/// The page typed `len` bytes (already in the input buffer): hands them to handle_network.
/// Returns 0 if the console queue is full (the line is dropped; the page says so). Called from a
/// JS event handler, this platform's interrupt: try_send is ISR-safe and wakes the task.
extern "C" __attribute__((export_name("web_input"))) int web_input(std::size_t len) {
  Line line{};
  line.len = len < sizeof(line.text) ? len : sizeof(line.text);
  std::memcpy(line.text, input_buffer, line.len);
  return console_lines.try_send(line).has_value() ? 1 : 0;
}

MOTE_TASK(blink_led, 1, mote::Duration period) {
  mote::Ticker ticker(period);
  for (;;) {
    led_on = !led_on;
    ++led_toggles;
    web_led(led_on ? 1 : 0);
    co_await ticker.next();
  }
}

MOTE_TASK(read_sensor, 1, mote::Duration period) {
  mote::Ticker ticker(period);
  for (;;) {
    const mote::Instant now = mote::Instant::now();
    co_await readings.send(Reading{now, sample_sensor(now)});
    co_await ticker.next();
  }
}

MOTE_TASK(handle_network, 1) {
  int count = 0;
  double sum = 0;
  double last = 0;
  std::printf("mote web demo: three tasks on wasm32. Type 'help'.\n");
  for (;;) {
    auto event = co_await mote::select(readings.receive(), console_lines.receive());
    if (const Reading* r = std::get_if<0>(&event)) {
      ++count;
      sum += r->celsius;
      last = r->celsius;
      web_plot(static_cast<double>(r->at.ticks()) / static_cast<double>(mote::kTickHz), r->celsius);
      continue;
    }
    const Line& line = *std::get_if<1>(&event);
    if (is(line, "help")) {
      std::printf("commands: stats (the readings so far), led (the LED task's state), uptime\n");
    } else if (is(line, "stats")) {
      std::printf("readings %d, last %.2f C, mean %.2f C\n", count, last, count > 0 ? sum / count : 0.0);
    } else if (is(line, "led")) {
      std::printf("led %s, toggled %d times\n", led_on ? "on" : "off", led_toggles);
    } else if (is(line, "uptime")) {
      std::printf("up %.3f s\n", static_cast<double>(mote::Instant::now().ticks()) / static_cast<double>(mote::kTickHz));
    } else {
      std::printf("unknown command '%.*s' (try help)\n", static_cast<int>(line.len), line.text);
    }
  }
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(blink_led(500_ms));
  spawner.must_spawn(read_sensor(250_ms));
  spawner.must_spawn(handle_network());
  co_return;
}
