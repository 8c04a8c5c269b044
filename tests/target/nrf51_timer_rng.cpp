// Firmware test (microbit): the nRF51 TIMER1/TIMER2 delay driver (hal::DelayNs) and the RNG
// driver (hal::Rng) against QEMU's models. Delays last at least what was asked, measured on the
// time driver's TIMER0 clock; a long delay runs in several chunks (several interrupts); three
// delays at once use three channels and a fourth waits for one; a delay cancelled by
// with_timeout and by select leaves its channel masked and free, and the counter stops when no
// delay is left. RNG: bytes arrive by interrupt, are not all equal, two fills differ; a fill
// dropped mid-way keeps its buffer's unfilled part untouched; generic code over hal::Rng and
// hal::DelayNs. MOTE_TEST_TIMER_BAD_FREQUENCY: a rate that is not 16 MHz / 2^n panics.
#include <mote/mote.hpp>
#include <mote/nrf51/regs.hpp>
#include <mote/nrf51/rng.hpp>
#include <mote/nrf51/timer.hpp>

#include <cstdio>
#include <cstring>
#include <span>
#include <utility>

#include "check.hpp"

using namespace mote::literals;
namespace nrf = mote::nrf51;
using target_test::check;
using target_test::g_ok;

MOTE_BIND_INTERRUPTS(Irqs, (timer1, nrf::timer::InterruptHandler<nrf::Timer1>),
                     (timer2, nrf::timer::InterruptHandler<nrf::Timer2>), (rng, nrf::rng::InterruptHandler));

namespace {

// Generic code: a pulse of `us` microseconds on any hal::DelayNs; returns how long it took.
template <mote::hal::DelayNs D>
mote::Async<std::uint64_t> timed_delay_us(D& delay, std::uint32_t us) {
  const mote::Instant t0 = mote::Instant::now();
  co_await delay.delay_us(us);
  co_return (mote::Instant::now() - t0).as_micros();
}

template <mote::hal::Rng R>
mote::Async<bool> fill(R& rng, std::span<std::byte> out) {
  auto r = co_await rng.fill_bytes(out);
  co_return r.has_value();
}

bool all_equal(std::span<const std::byte> b) {
  for (std::byte x : b) {
    if (x != b[0]) return false;
  }
  return true;
}

std::uint32_t inten(std::uintptr_t base) { return nrf::reg32(base + nrf::timer::kIntenSet); }

}  // namespace

MOTE_TASK(drivers, mote::pool(1).async_bytes(512), nrf::Timer1 t1, nrf::Timer2 t2, nrf::RngPeripheral rng_token) {
#ifdef MOTE_TEST_TIMER_BAD_FREQUENCY
  nrf::Timer<nrf::Timer2> bad(std::move(t2), Irqs{}, {.frequency_hz = 3'000'000});
  static_cast<void>(t1);
  static_cast<void>(rng_token);
  std::printf("constructed with 3 MHz?\n");
  mote::exit(1);
#else
  nrf::Timer<nrf::Timer1> timer(std::move(t1), Irqs{}, {.frequency_hz = 1'000'000});
  // TIMER2 at 31 250 Hz: a 16-bit chunk of 2^15 counts is about 1.05 s.
  nrf::Timer<nrf::Timer2> slow(std::move(t2), Irqs{}, {.frequency_hz = 31'250});
  nrf::Rng rng(std::move(rng_token), Irqs{});

  // 1. Delays last at least what was asked (and not much more), woken by the TIMER's interrupt.
  {
    const std::uint32_t before = timer.interrupts();
    const std::uint64_t a = co_await timed_delay_us(timer, 500);
    const std::uint64_t b = co_await timed_delay_us(timer, 20'000);
    auto t0 = mote::Instant::now();
    co_await timer.delay_ns(100'000);
    co_await timer.delay_ms(3);
    const std::uint64_t c = (mote::Instant::now() - t0).as_micros();
    const bool in_range = a >= 500 && a < 700 && b >= 20'000 && b < 20'300 && c >= 3'100 && c < 3'500;
    check(in_range, "delays of 500 us, 20 ms and 100 us + 3 ms took what was asked");
    check(timer.interrupts() - before >= 4, "each delay ended by a compare interrupt");
    check(!timer.running(), "the counter stops when no delay is left");
    std::printf("delays: 500 us %s, 20 ms %s, 100 us + 3 ms %s; counter stopped: %s\n", a >= 500 && a < 700 ? "ok" : "WRONG",
                b >= 20'000 && b < 20'300 ? "ok" : "WRONG", c >= 3'100 && c < 3'500 ? "ok" : "WRONG",
                timer.running() ? "no" : "yes");
    if (!in_range) std::printf("measured: %lu %lu %lu us\n", (unsigned long)a, (unsigned long)b, (unsigned long)c);
  }

  // 2. A delay longer than a chunk (2^15 counts at 31 250 Hz = 1.05 s) takes several compares.
  {
    const std::uint32_t before = slow.interrupts();
    const std::uint64_t d = co_await timed_delay_us(slow, 2'500'000);
    const std::uint32_t irqs = slow.interrupts() - before;
    check(d >= 2'500'000 && d < 2'510'000, "a 2.5 s delay on TIMER2 took 2.5 s");
    check(irqs == 3, "a 2.5 s delay at 31 250 Hz took three chunks");
    std::printf("long delay: 2.5 s in %lu chunks, %s\n", static_cast<unsigned long>(irqs),
                d >= 2'500'000 && d < 2'510'000 ? "on time" : "WRONG");
  }

  // 3. Four delays at once: three channels, the fourth waits for the first to end.
  {
    const mote::Instant t0 = mote::Instant::now();
    co_await mote::join(timer.delay_ms(4), timer.delay_ms(2), timer.delay_ms(3), timer.delay_ms(1));
    const std::uint64_t all = (mote::Instant::now() - t0).as_micros();
    // The fourth (1 ms) starts when the 2 ms one frees its channel: all done at 4 ms.
    check(all >= 4'000 && all < 4'300, "four delays at once finish with the longest");
    auto t1 = mote::Instant::now();
    co_await mote::join(timer.delay_ms(1), timer.delay_ms(1), timer.delay_ms(1), timer.delay_ms(2));
    const std::uint64_t queued = (mote::Instant::now() - t1).as_micros();
    check(queued >= 3'000 && queued < 3'300, "the fourth delay waited for a channel (1 ms + 2 ms)");
    std::printf("four at once: longest 4 ms %s; a queued 2 ms after 1 ms ones: %s\n",
                all >= 4'000 && all < 4'300 ? "ok" : "WRONG", queued >= 3'000 && queued < 3'300 ? "3 ms" : "WRONG");
  }

  // 4. Cancellation: with_timeout and select drop a pending delay; its channel is masked and
  //    free, the counter stopped; the driver goes on.
  {
    auto r = co_await mote::with_timeout(1_ms, timer.delay_ms(50));
    const bool timed_out = !r.has_value();
    const bool masked = (inten(nrf::Timer1::kBase) & 0x70000u) == 0;
    const bool stopped = !timer.running();
    auto s = co_await mote::select(mote::Timer::after(2_ms), timer.delay_ms(40));
    const bool timer_won = s.index() == 0;
    const bool clean = (inten(nrf::Timer1::kBase) & 0x70000u) == 0 && !timer.running();
    const std::uint64_t after = co_await timed_delay_us(timer, 1'000);
    check(timed_out && masked && stopped, "with_timeout: the delay dropped, its channel masked, counter stopped");
    check(timer_won && clean, "select: the delay dropped, its channel masked, counter stopped");
    check(after >= 1'000 && after < 1'200, "after the cancels a 1 ms delay takes 1 ms");
    std::printf("cancel: with_timeout %s, select %s, then 1 ms %s\n", timed_out && masked && stopped ? "clean" : "WRONG",
                timer_won && clean ? "clean" : "WRONG", after >= 1'000 && after < 1'200 ? "ok" : "WRONG");
  }

  // 5. RNG: bytes by interrupt, two fills differ, generic code over hal::Rng.
  {
    std::byte a[64] = {};
    std::byte b[64] = {};
    const std::uint32_t before = rng.interrupts();
    const bool ra = co_await fill(rng, a);
    const bool rb = co_await fill(rng, b);
    const std::uint32_t irqs = rng.interrupts() - before;
    const bool differ = std::memcmp(a, b, sizeof a) != 0;
    check(ra && rb && !all_equal(a) && differ, "two 64-byte fills: random and different");
    check(irqs >= 128 - nrf::rng::kRingBytes, "one interrupt per byte");
    std::printf("rng: two 64-byte fills differ: %s, bytes by interrupt: %s\n", differ ? "yes" : "NO",
                irqs >= 128 - nrf::rng::kRingBytes ? "yes" : "NO");
  }

  // 6. RNG cancellation: poll a 32-byte fill once (it takes what the ring holds, then waits),
  //    drop it; after more bytes were generated its buffer's unfilled part is untouched.
  {
    std::byte victim[32];
    std::memset(victim, 0xA5, sizeof victim);
    auto once = co_await mote::poll_once(rng.fill_bytes(victim));
    const bool pending = !once.has_value();
    std::byte snapshot[32];
    std::memcpy(snapshot, victim, sizeof victim);
    co_await mote::Timer::after(20_ms);  // about 30 bytes' time: the generator fills the ring
    const bool untouched = std::memcmp(snapshot, victim, sizeof victim) == 0 && victim[31] == std::byte{0xA5};
    std::byte c[16] = {};
    auto r = co_await mote::with_timeout(100_ms, rng.fill_bytes(c));
    const bool works = r.has_value() && r->has_value() && !all_equal(c);
    co_await mote::Timer::after(20_ms);  // the refill after the last fill: the ring fills, then stops
    check(pending && untouched, "a dropped fill's buffer is not written after the drop");
    check(works, "the next fill works");
    check(!rng.running(), "the generator stops once its ring is full and nobody waits");
    std::printf("rng cancel: dropped fill untouched: %s, next fill: %s, generator stopped when idle: %s\n",
                pending && untouched ? "yes" : "NO", works ? "ok" : "FAILED", rng.running() ? "NO" : "yes");
  }

  std::printf("%s\n", g_ok ? "ok" : "FAILED");
  mote::exit(g_ok ? 0 : 1);
#endif
}

MOTE_MAIN(spawner) {
  auto p = nrf::Peripherals::take();
  spawner.must_spawn(drivers(std::move(p.timer1), std::move(p.timer2), std::move(p.rng)));
  co_return;
}
