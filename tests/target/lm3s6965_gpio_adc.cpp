// The LM3S6965 GPIO output and ADC drivers under QEMU: levels read back, the port's other pins
// left alone, release; timer-paced samples in QEMU's range, a cancelled sample() losing nothing,
// an overrun reported exactly where samples are missing, and a driver started again after release.
#include <mote/mote.hpp>
#include <mote/lm3s6965/adc.hpp>
#include <mote/lm3s6965/gpio.hpp>
#include <mote/lm3s6965/regs.hpp>

#include <cstdio>
#include <utility>

namespace lm = mote::lm3s6965;
using mote::cortex_m::reg32;
using namespace mote::literals;

MOTE_BIND_INTERRUPTS(Irqs, (adc0_seq0, lm::adc::InterruptHandler<lm::Adc0>));

namespace {

int g_failures = 0;

void expect(bool ok, const char* what) {
  if (!ok) {
    ++g_failures;
    std::printf("FAILED: %s\n", what);
  }
}

void test_gpio(lm::PF0& pin) {
  constexpr std::uintptr_t kF = lm::PF0::kBase;
  using namespace lm::gpio_regs;
  // PF2 driven high by hand: the driver must never disturb the port's other pins.
  reg32(lm::sysctl::kRcgc2) = reg32(lm::sysctl::kRcgc2) | (1u << 5);
  reg32(kF + kDen) = reg32(kF + kDen) | 0x4u;
  reg32(kF + kDir) = reg32(kF + kDir) | 0x4u;
  reg32(kF + (0x4u << 2)) = 0xFFu;
  {
    lm::Output led(std::move(pin), lm::Level::Low);
    expect((reg32(kF + kDir) & 1u) != 0 && (reg32(kF + kDen) & 1u) != 0, "PF0 is a digital output");
    expect(led.level() == lm::Level::Low, "starts at the initial level (low)");
    led.set_high();
    expect(led.is_set_high() && (reg32(kF + kData + (0xFFu << 2)) & 1u) != 0, "set_high: PF0 reads 1");
    for (int i = 0; i < 101; ++i) led.toggle();
    expect(!led.is_set_high(), "101 toggles from high: low");
    led.set_level(lm::Level::High);
    expect(led.is_set_high(), "set_level(High)");
    led.set_low();
    expect(!led.is_set_high(), "set_low");
    expect((reg32(kF + (0x4u << 2)) & 0x4u) != 0, "PF2 untouched");
  }
  expect((reg32(kF + kDir) & 1u) == 0, "released: PF0 is an input again");
  lm::Output again(std::move(pin), lm::Level::High);  // the claim was released with the first
  expect(again.is_set_high(), "a second Output after the first is gone starts high");
  std::printf("gpio: PF0 set, toggled 101 times, read back; PF2 untouched; released and taken again\n");
}

MOTE_TASK(adc_test, 1, lm::Adc0 adc_token, lm::Timer2 timer) {
  std::uint32_t taken = 0;
  {
    lm::Adc<lm::Timer2, 16> adc(std::move(adc_token), std::move(timer), Irqs{}, {.sample_rate_hz = 1000});
    // 1. Samples come at the timer's pace, within QEMU's range (0x200 + 3 bits of noise).
    const mote::Instant t0 = mote::Instant::now();
    std::uint16_t lo = 1023, hi = 0;
    for (int i = 0; i < 40; ++i) {
      auto s = co_await adc.sample();
      expect(s.has_value(), "40 samples without an error");
      if (!s) continue;
      ++taken;
      lo = *s < lo ? *s : lo;
      hi = *s > hi ? *s : hi;
    }
    const auto us = static_cast<unsigned long>(t0.elapsed().as_micros());
    const unsigned long per_trigger = (40 * 1000 + us / 2) / us;  // triggers every 1000 us
    expect(lo >= 0x200 && hi <= 0x207, "samples within 0x200..0x207");
    expect(per_trigger == 1 || per_trigger == 2, "one conversion per trigger (two under QEMU 7.2)");
    std::printf("adc: 40 samples in %lu us at 1000 triggers/s (%lu per trigger), all in %u..%u\n", us, per_trigger,
                lo, hi);

    // 2. A sample() cancelled before data arrives loses nothing.
    while (adc.available() != 0) {
      auto s = co_await adc.sample();
      taken += s ? 1 : 0;
    }
    auto late = co_await mote::with_timeout(50_us, adc.sample());
    expect(!late.has_value(), "a sample() cancelled by a 50 us timeout");
    auto next = co_await adc.sample();
    taken += next ? 1 : 0;
    expect(next.has_value() && adc.lost_samples() == 0, "the next sample() gets the next conversion, none lost");
    std::printf("adc: a sample() cancelled by with_timeout(50 us), the next one served, 0 lost\n");

    // 3. Not reading for 50 ms: the ring keeps its 16 oldest, then Overrun, then fresh samples.
    while (adc.available() != 0) {
      auto s = co_await adc.sample();
      taken += s ? 1 : 0;
    }
    co_await mote::Timer::after(50_ms);
    const std::uint32_t buffered = static_cast<std::uint32_t>(adc.available());
    int before_gap = 0;
    for (;;) {
      auto s = co_await adc.sample();
      if (!s) break;
      ++taken;
      ++before_gap;
    }
    auto after = co_await adc.sample();
    taken += after ? 1 : 0;
    const std::uint32_t conversions = adc.conversions(), lost = adc.lost_samples();
    const auto pending = static_cast<std::uint32_t>(adc.available());
    expect(buffered == 16 && before_gap == 16, "16 samples buffered before the gap");
    expect(after.has_value(), "a fresh sample after the Overrun");
    expect(lost > 0 && conversions == taken + pending + lost, "conversions = taken + buffered + lost");
    std::printf("adc: 50 ms unread: %d samples, then Overrun, then fresh samples; %lu conversions = %lu taken + "
                "%lu buffered + %lu lost\n",
                before_gap, static_cast<unsigned long>(conversions), static_cast<unsigned long>(taken),
                static_cast<unsigned long>(pending), static_cast<unsigned long>(lost));
  }
  // 4. Released: the ADC and Timer2 can have a driver again (the tokens were moved from, but the
  //    run-time claims went with the first driver).
  lm::Adc<lm::Timer2, 4> again(std::move(adc_token), std::move(timer), Irqs{}, {.sample_rate_hz = 100, .channel = 3});
  auto s = co_await again.sample();
  expect(s.has_value() && again.lost_samples() == 0, "a second driver samples after the first is gone");
  std::printf("adc: released and started again (AIN3, 100 triggers/s)\n");
  if (g_failures == 0) {
    std::printf("ok\n");
  } else {
    std::printf("%d failures\n", g_failures);
  }
  mote::exit(g_failures == 0 ? 0 : 1);
}

}  // namespace

MOTE_MAIN(spawner) {
  auto p = lm::Peripherals::take();
  test_gpio(p.pf0);
  spawner.must_spawn(adc_test(std::move(p.adc0), std::move(p.timer2)));
  co_return;
}
