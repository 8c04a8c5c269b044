// The LM3S6965 SSI0 driver (mote::lm3s6965::Spi, a hal::SpiBus) and the shared-bus devices
// (mote/hal/spi_device.hpp) against QEMU's models on that bus: the SD card (ssi-sd, chip select
// PD0 low; an image attached with -drive if=sd) answers real SD commands, so each bus operation
// is checked by the card's replies. Also: operations longer than the FIFO completed by the
// interrupt (stalled while it is masked), an operation cancelled mid-flight (buffer untouched,
// bus idle, the card answers after), and two devices on one SharedSpiBus serialised by its
// mutex, with a cancelled transaction deasserting chip select and unlocking the bus; and two
// tasks queued on the bus itself, the waiting one cancelled.
#include <mote/mote.hpp>
#include <mote/hal/spi_device.hpp>
#include <mote/lm3s6965/gpio.hpp>
#include <mote/lm3s6965/regs.hpp>
#include <mote/lm3s6965/spi.hpp>

#include <cstdio>
#include <cstring>
#include <utility>

namespace lm = mote::lm3s6965;
using mote::hal::SpiOperation;
using namespace mote::literals;

MOTE_BIND_INTERRUPTS(Irqs, (ssi0, lm::spi::InterruptHandler<lm::Ssi0>));

namespace {

int g_failures = 0;

void expect(bool ok, const char* what) {
  if (!ok) {
    ++g_failures;
    std::printf("FAILED: %s\n", what);
  }
}

using Bus = lm::Spi<lm::Ssi0>;
constexpr unsigned kIrq = lm::Ssi0::Interrupt::number;

// The SCK frequency the SSI is set to: SysClk / (CPSDVSR (1 + SCR)).
unsigned long ssi_clock_hz() {
  const std::uint32_t cpsr = mote::cortex_m::reg32(lm::Ssi0::kBase + lm::ssi_regs::kCpsr);
  const std::uint32_t scr = mote::cortex_m::reg32(lm::Ssi0::kBase + lm::ssi_regs::kCr0) >> 8;
  return 50'000'000ul / (cpsr * (1 + scr));
}

bool bus_idle() {
  const std::uint32_t sr = mote::cortex_m::reg32(lm::Ssi0::kBase + lm::ssi_regs::kSr);
  return (sr & (lm::ssi_regs::kSrBsy | lm::ssi_regs::kSrRne)) == 0 && (sr & lm::ssi_regs::kSrTfe) != 0;
}

// An SD command frame: 0x40 | index, 32-bit argument, CRC7 (only CMD0 and CMD8 need a right one
// before CRC checking is off; QEMU's card does not check).
void command(std::byte (&frame)[6], std::uint8_t index, std::uint32_t arg, std::uint8_t crc) {
  frame[0] = std::byte(0x40 | index);
  for (int i = 0; i < 4; ++i) frame[1 + i] = std::byte(arg >> (24 - 8 * i));
  frame[5] = std::byte(crc);
}

// The first byte other than 0xFF in `b` (an R1 response), or 0xFF.
unsigned first_response(const std::byte* b, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    if (b[i] != std::byte{0xFF}) return std::to_integer<unsigned>(b[i]);
  }
  return 0xFF;
}

// CMD0 with the card selected: the R1 it answers (0x01: idle).
mote::Async<unsigned> go_idle(Bus& spi, lm::Output<lm::PD0>& cs) {
  std::byte frame[6];
  command(frame, 0, 0, 0x95);
  std::byte reply[8];
  cs.set_low();
  auto w = co_await spi.write(frame);
  auto r = co_await spi.read(reply);
  cs.set_high();
  co_return (w && r) ? first_response(reply, sizeof reply) : 0x100u;
}

int g_order[4];
int g_order_n = 0;

template <class Device>
mote::Async<void> log_transaction(Device& d, int tag, std::uint32_t hold_ns) {
  std::byte idle[4]{std::byte{0xFF}, std::byte{0xFF}, std::byte{0xFF}, std::byte{0xFF}};
  SpiOperation ops[]{SpiOperation::write(idle), SpiOperation::delay_ns(hold_ns), SpiOperation::write(idle)};
  g_order[g_order_n++] = tag;  // started
  auto r = co_await d.transaction(ops);
  expect(r.has_value(), "shared transaction succeeds");
  g_order[g_order_n++] = tag + 1;  // finished
}

// Re-enables the SSI interrupt 1 ms from now.
MOTE_TASK(release_interrupt_later, 1) {
  co_await mote::Timer::after(1_ms);
  mote::cortex_m::nvic::enable(kIrq);
}

// Runs a 64-byte read on a bus the test task owns (the test task outlives it): 1 if every byte
// read is 0x00 (nothing selected answers 0x00), 0 otherwise, -1 while running.
int g_holder_result = -1;
MOTE_TASK(bus_holder, 1, mote::Static<Bus&> bus) {
  static std::byte buf[64];
  std::memset(buf, 0xEE, sizeof buf);
  auto r = co_await (*bus).read(buf);
  bool zeros = true;
  for (std::byte b : buf) zeros = zeros && b == std::byte{0};
  g_holder_result = r && zeros ? 1 : 0;
}

mote::hal::SharedSpiBus<Bus>* g_shared = nullptr;
lm::Output<lm::PA3>* g_oled_cs = nullptr;

MOTE_TASK(oled_user, mote::pool(1).async_bytes(1024)) {
  mote::hal::SharedSpiDevice oled(*g_shared, *g_oled_cs, 4'000'000);
  co_await log_transaction(oled, 20, 0);
}

MOTE_TASK(spi_test, mote::pool(1).async_bytes(1024), lm::Ssi0 token, lm::PD0 pd0, lm::PA3 pa3, mote::Spawner spawner) {
  Bus spi(std::move(token), Irqs{}, lm::spi::Config{.frequency_hz = 400'000});
  lm::Output card_cs(std::move(pd0), lm::Level::High);
  lm::Output oled_cs(std::move(pa3), lm::Level::High);

  // 1. Power-up: 80 clocks with the card deselected, then CMD0: R1 0x01 (idle).
  {
    std::byte ones[10];
    std::memset(ones, 0xFF, sizeof ones);
    auto w = co_await spi.write(ones);
    expect(w.has_value(), "80 clocks written");
    const unsigned r1 = co_await go_idle(spi, card_cs);
    expect(r1 == 0x01, "CMD0 answers R1 0x01");
    std::printf("write, read: CMD0 -> R1 0x%02x\n", r1);
  }

  // 2. transfer() with different lengths, then transfer_in_place(): CMD8 (interface condition,
  //    2.7-3.6 V, check pattern 0xAA) answers R7: R1 0x01 and the argument echoed.
  {
    std::byte frame[6];
    command(frame, 8, 0x1AA, 0x87);
    std::byte reply[16];
    std::memset(reply, 0xEE, sizeof reply);
    card_cs.set_low();
    auto t = co_await spi.transfer(reply, frame);  // 16 bytes clocked: the frame, then fill bytes
    card_cs.set_high();
    std::size_t at = 6;
    while (at < sizeof reply && reply[at] == std::byte{0xFF}) ++at;
    const bool r7 = t && at + 5 <= sizeof reply && reply[at] == std::byte{0x01} && reply[at + 3] == std::byte{0x01} &&
                    reply[at + 4] == std::byte{0xAA};
    expect(r7, "transfer: CMD8 answers R7 01 .. 01 aa");
    std::byte in_place[14];
    std::memset(in_place, 0xFF, sizeof in_place);
    command(reinterpret_cast<std::byte(&)[6]>(in_place), 8, 0x1AA, 0x87);
    card_cs.set_low();
    auto p = co_await spi.transfer_in_place(in_place);
    card_cs.set_high();
    const unsigned r1 = first_response(in_place + 6, 8);
    expect(p && r1 == 0x01, "transfer_in_place: CMD8 answers R1 0x01");
    auto f = co_await spi.flush();
    expect(f && bus_idle(), "flush: the bus is idle");
    std::printf("transfer: CMD8 -> R7 %s; transfer_in_place: R1 0x%02x; flush: idle\n", r7 ? "01 00 00 01 aa" : "WRONG", r1);
  }

  // 3. Longer than the FIFO: with the interrupt masked a 64-byte read stalls after the first
  //    8 bytes; it completes once the interrupt is enabled again.
  {
    mote::cortex_m::nvic::disable(kIrq);
    spawner.must_spawn(release_interrupt_later());
    std::byte buf[64];
    std::memset(buf, 0, sizeof buf);
    const mote::Instant t0 = mote::Instant::now();
    card_cs.set_low();  // selected and idle, the card answers 0xff to 0xff
    auto r = co_await spi.read(buf);
    card_cs.set_high();
    const bool waited = t0.elapsed() >= mote::Duration::from_millis(1);
    bool all_ones = true;
    for (std::byte b : buf) all_ones = all_ones && b == std::byte{0xFF};  // the idle card sends 0xFF
    expect(waited, "the 64-byte read waited for the interrupt");
    expect(r && all_ones, "the read completes by interrupt, 64 bytes of 0xff");
    std::printf("interrupt: a 64-byte read stalled while masked, completed by the interrupt\n");
  }

  // 4. Cancelled mid-flight: with_timeout on a stalled 64-byte read. The buffer is never
  //    written, the bus is left idle, and the card still answers CMD0.
  {
    mote::cortex_m::nvic::disable(kIrq);
    std::byte buf[64];
    std::memset(buf, 0xEE, sizeof buf);
    auto r = co_await mote::with_timeout(1_ms, spi.read(buf));
    expect(!r && r.error() == mote::TimeoutError::Elapsed, "with_timeout: the stalled read timed out");
    const bool idle = bus_idle();
    mote::cortex_m::nvic::enable(kIrq);
    co_await mote::Timer::after(100_us);
    bool untouched = true;
    for (std::byte b : buf) untouched = untouched && b == std::byte{0xEE};
    expect(idle && untouched, "cancelled read: bus idle, buffer untouched");
    const unsigned r1 = co_await go_idle(spi, card_cs);
    expect(r1 == 0x01, "CMD0 answers after the cancellation");
    std::printf("with_timeout: read cancelled, bus %s, buffer %s, CMD0 -> R1 0x%02x\n", idle ? "idle" : "BUSY",
                untouched ? "untouched" : "WRITTEN", r1);
  }

  // 5a. One device alone on the bus (ExclusiveSpiDevice): CMD0 as one transfer_in_place and
  //     CMD8 as a transfer with a short output, each with chip select held throughout.
  {
    mote::hal::ExclusiveSpiDevice card(spi, card_cs);
    std::byte cmd0[14];
    std::memset(cmd0, 0xFF, sizeof cmd0);
    command(reinterpret_cast<std::byte(&)[6]>(cmd0), 0, 0, 0x95);
    SpiOperation in_place[]{SpiOperation::transfer_in_place(cmd0)};
    auto a = co_await card.transaction(in_place);
    std::byte cmd8[6];
    command(cmd8, 8, 0x1AA, 0x87);
    std::byte reply[14];
    SpiOperation transfer[]{SpiOperation::transfer(reply, cmd8)};
    auto b = co_await card.transaction(transfer);
    const unsigned r1_0 = first_response(cmd0 + 6, 8), r1_8 = first_response(reply + 6, 8);
    expect(a && b && r1_0 == 0x01 && r1_8 == 0x01 && card_cs.is_set_high(), "exclusive device: CMD0 and CMD8 answer 0x01");
    std::printf("exclusive: CMD0 -> R1 0x%02x, CMD8 -> R1 0x%02x, cs %s\n", r1_0, r1_8,
                card_cs.is_set_high() ? "high" : "LOW");
  }

  // 5. Two devices on one shared bus: the card's transaction holds chip select over a 1 ms
  //    delay; the OLED's, asked for meanwhile, waits for it (the mutex) and runs after.
  {
    mote::hal::SharedSpiBus shared(spi);
    mote::hal::SharedSpiDevice card(shared, card_cs, 1'000'000);
    g_shared = &shared;
    g_oled_cs = &oled_cs;
    spawner.must_spawn(oled_user());
    co_await log_transaction(card, 10, 1'000'000);
    while (g_order_n < 4) co_await mote::Timer::after(100_us);
    const bool serial = g_order[0] == 10 && g_order[1] == 20 && g_order[2] == 11 && g_order[3] == 21;
    expect(serial, "the OLED's transaction waited for the card's");
    expect(card_cs.is_set_high() && oled_cs.is_set_high(), "both chip selects deasserted");
    const unsigned long oled_clock = ssi_clock_hz();  // the OLED's transaction ran last

    // A transaction cancelled while it holds the bus (in its delay) deasserts chip select and
    // unlocks the bus: the next one runs.
    std::byte idle[2]{std::byte{0xFF}, std::byte{0xFF}};
    SpiOperation slow[]{SpiOperation::write(idle), SpiOperation::delay_ns(10'000'000)};
    auto c = co_await mote::with_timeout(1_ms, card.transaction(slow));
    expect(!c, "the slow transaction timed out");
    const bool deasserted = card_cs.is_set_high();
    const bool unlocked = !shared.mutex().is_locked();
    expect(deasserted && unlocked, "cancelled transaction: chip select high, bus unlocked");
    std::byte frame[6];
    command(frame, 0, 0, 0x95);
    std::byte reply[8];
    SpiOperation cmd0[]{SpiOperation::write(frame), SpiOperation::read(reply)};
    auto again = co_await card.transaction(cmd0);
    const unsigned r1 = first_response(reply, sizeof reply);
    expect(again && r1 == 0x01, "CMD0 through the shared device answers 0x01");
    const unsigned long card_clock = ssi_clock_hz();
    expect(oled_clock <= 4'000'000 && oled_clock > 2'000'000 && card_clock <= 1'000'000 && card_clock > 500'000,
           "each device's transactions run at its own clock");
    std::printf("clocks: oled %lu Hz (asked 4 MHz), card %lu Hz (asked 1 MHz)\n", oled_clock, card_clock);
    std::printf("shared: card, then oled (serialised); cancelled transaction: cs %s, bus %s; CMD0 -> R1 0x%02x\n",
                deasserted ? "high" : "LOW", unlocked ? "unlocked" : "LOCKED", r1);
  }

  // 6. Two tasks on one Spi without a SharedSpiBus: the second operation waits its turn (FIFO);
  //    cancelled by with_timeout while waiting, it leaves the queue without touching the bus or
  //    its buffer, and the first completes once its interrupt runs.
  {
    mote::cortex_m::nvic::disable(kIrq);
    spawner.must_spawn(bus_holder(mote::Static<Bus&>(spi)));
    co_await mote::Timer::after(10_us);  // the holder's read has started and stalled after 8 bytes
    std::byte buf[16];
    std::memset(buf, 0xEE, sizeof buf);
    auto r = co_await mote::with_timeout(1_ms, spi.read(buf));
    const bool waited_out = !r && r.error() == mote::TimeoutError::Elapsed;
    const int holder_before = g_holder_result;
    mote::cortex_m::nvic::enable(kIrq);
    co_await mote::Timer::after(100_us);
    bool untouched = true;
    for (std::byte b : buf) untouched = untouched && b == std::byte{0xEE};
    expect(waited_out && holder_before == -1, "an operation queued behind a stalled one times out");
    expect(g_holder_result == 1, "the running operation completes once its interrupt runs");
    expect(untouched, "the queued operation never touched its buffer");
    const unsigned r1 = co_await go_idle(spi, card_cs);
    expect(r1 == 0x01, "the bus serves the next operation");
    std::printf("queue: a waiting read cancelled by with_timeout, the running one then %s, next %s\n",
                g_holder_result == 1 ? "completed" : "FAILED", r1 == 0x01 ? "served" : "FAILED");
  }

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
  spawner.must_spawn(spi_test(std::move(p.ssi0), std::move(p.pd0), std::move(p.pa3), spawner));
  co_return;
}
