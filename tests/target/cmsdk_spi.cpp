// The MPS2 SPI port 0 (mote::cmsdk::Spi, the shared PL022 driver) in loopback mode: QEMU 7.2
// attaches no device to the MPS2's SPI ports, so the port hears what it sends, and a byte left
// behind in its receive FIFO would shift every later transfer. Checks each operation's data, a
// long transfer driven by the interrupt, and transfers cancelled mid-flight (select against a
// timer, with_timeout, waiting in the queue) leaving the port idle, the buffers untouched and
// the next transfer exact.
#include <mote/mote.hpp>
#include <mote/cmsdk/spi.hpp>
#include <mote/cortex_m.hpp>
#include <mote/pl022/regs.hpp>

#include "checks.hpp"

#include <cstdio>
#include <cstring>
#include <utility>
#include <variant>

namespace cm = mote::cmsdk;
namespace regs = mote::pl022::regs;
using namespace mote::literals;

// Ports 0 and 1 share line 11: a handler for each.
MOTE_BIND_INTERRUPTS(Irqs, (spi, cm::spi::InterruptHandler<cm::Ssp0>, cm::spi::InterruptHandler<cm::Ssp1>));

using mote_test::expect;

namespace {

constexpr unsigned kIrq = cm::Ssp0::Interrupt::number;
constexpr std::byte kFill{0xA5};

// Nothing shifting, nothing left to read, nothing left to send.
bool port_idle() {
  const std::uint32_t sr = mote::cortex_m::reg32(cm::Ssp0::kBase + regs::kSr);
  return (sr & (regs::kSrBsy | regs::kSrRne)) == 0 && (sr & regs::kSrTfe) != 0;
}

// 64 bytes that differ from each other and from the fill byte.
void pattern(std::byte (&b)[64], unsigned seed) {
  for (unsigned i = 0; i < 64; ++i) b[i] = static_cast<std::byte>((i * 7 + seed) & 0x7F);
}

bool all(const std::byte* b, std::size_t n, std::byte v) {
  for (std::size_t i = 0; i < n; ++i) {
    if (b[i] != v) return false;
  }
  return true;
}

// Re-enables the port's interrupt 1 ms from now.
MOTE_TASK(release_interrupt_later, 1) {
  co_await mote::Timer::after(1_ms);
  mote::cortex_m::nvic::enable(kIrq);
}

// Runs one 64-byte transfer on a port the test task owns (it outlives this task).
int g_holder_result = -1;  // -1: not finished, 1: echoed exactly, 0: anything else
MOTE_TASK(bus_holder, 1, mote::Static<cm::Spi<cm::Ssp0>&> bus) {
  std::byte out[64], in[64]{};
  pattern(out, 5);
  auto r = co_await (*bus).transfer(in, out);
  g_holder_result = r.has_value() && std::memcmp(in, out, sizeof in) == 0 ? 1 : 0;
}

MOTE_TASK(spi_test, 1, cm::Ssp0 token, cm::Ssp1 lcd_token, mote::Spawner spawner) {
  cm::Spi<cm::Ssp0> spi(std::move(token), Irqs{},
                        cm::spi::Config{.frequency_hz = 1'000'000, .fill = kFill, .loopback = true});

  // 1. Each operation in loopback: transfer and transfer_in_place get back what went out, read
  //    gets the fill byte, a transfer longer than its output gets fill bytes after it; flush.
  {
    std::byte out[64], in[64]{};
    pattern(out, 1);
    auto t = co_await spi.transfer(in, out);
    const bool echoed = t.has_value() && std::memcmp(in, out, sizeof in) == 0;
    std::byte inplace[3]{std::byte{1}, std::byte{2}, std::byte{3}};
    auto p = co_await spi.transfer_in_place(inplace);
    const bool same = p.has_value() && inplace[0] == std::byte{1} && inplace[2] == std::byte{3};
    std::byte rd[20]{};
    auto r = co_await spi.read(rd);
    const std::byte head[2]{std::byte{0x11}, std::byte{0x22}};
    std::byte longer[12]{};
    auto l = co_await spi.transfer(longer, head);
    const bool tail = l.has_value() && longer[0] == std::byte{0x11} && longer[1] == std::byte{0x22} &&
                      all(longer + 2, 10, kFill);
    auto w = co_await spi.write(out);
    auto f = co_await spi.flush();
    expect(echoed, "transfer: 64 bytes back as sent");
    expect(same, "transfer_in_place: the bytes back as sent");
    expect(r.has_value() && all(rd, sizeof rd, kFill), "read: the fill byte 20 times");
    expect(tail, "transfer: output, then fill bytes");
    expect(w.has_value() && f.has_value() && port_idle(), "write and flush: the port idle after");
    std::printf("loopback: transfer 64 B %s, in place %s, read %s, fill after output %s, write+flush %s\n",
                echoed ? "echoed" : "WRONG", same ? "echoed" : "WRONG", all(rd, sizeof rd, kFill) ? "fill" : "WRONG",
                tail ? "yes" : "NO", port_idle() ? "idle" : "BUSY");
  }

  // 2. The interrupt drives a long transfer: with it masked the transfer stalls after the first
  //    8 bytes, and completes once it is enabled again 1 ms later.
  {
    mote::cortex_m::nvic::disable(kIrq);
    spawner.must_spawn(release_interrupt_later());
    std::byte out[64], in[64]{};
    pattern(out, 2);
    const mote::Instant t0 = mote::Instant::now();
    auto t = co_await spi.transfer(in, out);
    const auto us = static_cast<unsigned long>(t0.elapsed().as_micros());
    expect(t.has_value() && std::memcmp(in, out, sizeof in) == 0, "the stalled transfer completes, echoed");
    expect(us >= 1000, "it completed only after the interrupt was enabled again");
    std::printf("interrupt: a 64-byte transfer stalled while masked, completed %s the interrupt\n",
                us >= 1000 ? "by" : "WITHOUT");
  }

  // 3. select against a timer with the interrupt masked: the timer wins, the loser's bytes on
  //    the wire are collected and dropped, its buffer untouched, and the next transfer is exact
  //    (no stale byte in the receive FIFO).
  {
    mote::cortex_m::nvic::disable(kIrq);
    std::byte out[64], in[64];
    pattern(out, 3);
    std::memset(in, 0xEE, sizeof in);
    auto winner = co_await mote::select(spi.transfer(in, out), mote::Timer::after(1_ms));
    const bool idle = port_idle();
    mote::cortex_m::nvic::enable(kIrq);
    co_await mote::Timer::after(100_us);
    expect(winner.index() == 1, "select: the timer won against the stalled transfer");
    expect(idle && all(in, sizeof in, std::byte{0xEE}), "select's loser left the port idle, its buffer untouched");
    std::byte next_out[64], next_in[64]{};
    pattern(next_out, 4);
    auto t = co_await spi.transfer(next_in, next_out);
    const bool exact = t.has_value() && std::memcmp(next_in, next_out, sizeof next_in) == 0;
    expect(exact, "the next transfer echoes exactly");
    std::printf("select: the timer won, transfer cancelled mid-flight, port %s, buffer %s, next transfer %s\n",
                idle ? "idle" : "BUSY", all(in, sizeof in, std::byte{0xEE}) ? "untouched" : "WRITTEN",
                exact ? "exact" : "WRONG");
  }

  // 4. The same with with_timeout, on a read.
  {
    mote::cortex_m::nvic::disable(kIrq);
    std::byte in[64];
    std::memset(in, 0xEE, sizeof in);
    auto r = co_await mote::with_timeout(1_ms, spi.read(in));
    const bool idle = port_idle();
    mote::cortex_m::nvic::enable(kIrq);
    expect(!r && r.error() == mote::TimeoutError::Elapsed, "with_timeout: the stalled read timed out");
    expect(idle && all(in, sizeof in, std::byte{0xEE}), "the cancelled read left the port idle, its buffer untouched");
    std::byte out[64], back[64]{};
    pattern(out, 6);
    auto t = co_await spi.transfer(back, out);
    const bool exact = t.has_value() && std::memcmp(back, out, sizeof back) == 0;
    expect(exact, "the next transfer after with_timeout echoes exactly");
    std::printf("with_timeout: read cancelled, port %s, buffer %s, next transfer %s\n", idle ? "idle" : "BUSY",
                all(in, sizeof in, std::byte{0xEE}) ? "untouched" : "WRITTEN", exact ? "exact" : "WRONG");
  }

  // 5. Two tasks on one port: the second operation waits its turn; cancelled while waiting, it
  //    leaves the queue without touching the port or its buffer, and the first completes.
  {
    mote::cortex_m::nvic::disable(kIrq);
    spawner.must_spawn(bus_holder(mote::Static<cm::Spi<cm::Ssp0>&>(spi)));
    co_await mote::Timer::after(10_us);  // the holder has started: its first 8 bytes are out, the rest stalls
    std::byte in[64];
    std::memset(in, 0xEE, sizeof in);
    auto r = co_await mote::with_timeout(1_ms, spi.read(in));
    const bool waited_out = !r && r.error() == mote::TimeoutError::Elapsed;
    const int holder_before = g_holder_result;
    mote::cortex_m::nvic::enable(kIrq);
    co_await mote::Timer::after(100_us);
    expect(waited_out, "an operation queued behind a stalled one times out");
    expect(holder_before == -1 && g_holder_result == 1, "the holder's transfer completes once its interrupt runs");
    expect(all(in, sizeof in, std::byte{0xEE}), "the queued read never touched its buffer");
    std::byte out[64], back[64]{};
    pattern(out, 7);
    auto t = co_await spi.transfer(back, out);
    const bool exact = t.has_value() && std::memcmp(back, out, sizeof back) == 0;
    expect(exact, "the port serves the next transfer");
    std::printf("queue: a waiting read cancelled by with_timeout, the running one then %s, next %s\n",
                g_holder_result == 1 ? "completed" : "FAILED", exact ? "exact" : "WRONG");
  }

  // 6. Two ports on one line: port 1 works beside port 0 (a handler for each on the line), and
  //    stopping port 1's driver leaves the line to port 0, whose next transfer still completes
  //    by the interrupt.
  {
    bool lcd_echoed = false;
    {
      cm::Spi<cm::Ssp1> lcd(std::move(lcd_token), Irqs{}, cm::spi::Config{.loopback = true});
      std::byte out[64], in[64]{};
      pattern(out, 9);
      auto t = co_await lcd.transfer(in, out);
      lcd_echoed = t.has_value() && std::memcmp(in, out, sizeof in) == 0;
    }  // port 1's driver stops here
    std::byte out[64], in[64]{};
    pattern(out, 10);
    auto t = co_await mote::with_timeout(1_ms, spi.transfer(in, out));
    const bool served = t.has_value() && *t && std::memcmp(in, out, sizeof in) == 0;
    expect(lcd_echoed, "port 1 echoes a 64-byte transfer on the shared line");
    expect(served, "after port 1's driver stopped, port 0's interrupt-driven transfer completes");
    std::printf("shared line: port 1 echoed, then stopped; port 0 %s\n", served ? "still served" : "STALLED");
  }

  mote_test::finish();
}

}  // namespace

MOTE_MAIN(spawner) {
  auto p = cm::Peripherals::take();
  spawner.must_spawn(spi_test(std::move(p.ssp0), std::move(p.ssp1), spawner));
  co_return;
}
