// Firmware test (riscv32-virt, QEMU run with one ctucan_pci card whose two CTU CAN FD cores sit on
// one QEMU CAN bus): the firmware enumerates PCIe, assigns the card's BARs, and the cores
// exchange frames both ways: classic with standard and extended ids, a remote frame, FD frames of
// 64 and 12 bytes; acceptance filters drop what they do not match; malformed frames and filters
// are refused; a receive cancelled while waiting loses no frame; a receive waiting when the frame
// comes is woken by the card's interrupt; the receive FIFO overruns and the frames received
// before the overrun all come out, in order, before the Overrun error.
#include <mote/mote.hpp>
#include <mote/riscv_virt/ctucan_pci.hpp>
#include <mote/riscv_virt/pcie.hpp>

#include <cstdio>
#include <tuple>

#include "check.hpp"

using namespace mote::literals;
namespace rv = mote::riscv_virt;
using mote::hal::CanError;
using mote::hal::CanFilter;
using mote::hal::CanFrame;

// The card is the first PCI device QEMU adds after the host bridge (slot 1): its INTA reaches
// host line 1, PLIC source 33 (the driver checks it at run time).
#if !defined(MOTE_TEST_CTUCAN_WRONG_LINE)
using Card = rv::CtuCanPci<rv::interrupt::pcie1>;
MOTE_BIND_INTERRUPTS(Irqs, (pcie1, Card::InterruptHandler));
#else  // target.ctucan_wrong_line: the handler bound to host line 0, which the card does not reach
using Card = rv::CtuCanPci<rv::interrupt::pcie0>;
MOTE_BIND_INTERRUPTS(Irqs, (pcie0, Card::InterruptHandler));
#endif

namespace {

using target_test::check;
using target_test::g_ok;

CanFrame make(std::uint32_t id, bool extended, bool fd, std::uint8_t length, std::uint8_t seed) noexcept {
  CanFrame f{.id = id, .extended = extended, .fd = fd, .bit_rate_switch = fd, .length = length};
  for (std::uint8_t i = 0; i < length; ++i) f.data[i] = std::byte(static_cast<std::uint8_t>(seed + 7 * i));
  return f;
}

bool same(const CanFrame& a, const CanFrame& b) noexcept {
  if (a.id != b.id || a.extended != b.extended || a.remote != b.remote || a.fd != b.fd ||
      a.bit_rate_switch != b.bit_rate_switch || a.length != b.length) {
    return false;
  }
  for (std::uint8_t i = 0; i < a.length && !a.remote; ++i) {
    if (a.data[i] != b.data[i]) return false;
  }
  return true;
}

const char* error_name(CanError e) noexcept { return mote::hal::error_message(e); }

}  // namespace

// Sends `f` from `from`, receives on `to`, and checks it arrived unchanged.
mote::Async<bool> round_trip(mote::ctucan::Can& from, mote::ctucan::Can& to, CanFrame f, const char* what) {
  auto sent = co_await from.transmit(f);
  check(sent.has_value(), what);
  if (!sent) {
    std::printf("  transmit: %s\n", error_name(sent.error()));
    co_return false;
  }
  auto got = co_await mote::with_timeout(10_ms, to.receive());
  const bool ok = got.has_value() && got->has_value() && same(**got, f);
  std::printf("%s: %s\n", what, ok ? "ok" : "WRONG");
  check(ok, what);
  co_return ok;
}

MOTE_TASK(can_test, mote::pool(1).async_bytes(1024)) {
  Card card(Irqs{});
  for (const rv::pcie::Function& f : rv::pcie::functions()) {
    std::printf("pcie: 00:%02x.%x %04x:%04x", f.device, f.function, f.vendor_id, f.device_id);
    for (unsigned n = 0; n < 6; ++n) {
      if (f.bar_size[n] != 0) {
        std::printf(" BAR%u 0x%08lx %lu B", n, static_cast<unsigned long>(f.bar[n]), static_cast<unsigned long>(f.bar_size[n]));
      }
    }
    if (f.irq != 0) std::printf(" INT%c -> PLIC %u", 'A' + f.interrupt_pin - 1, f.irq);
    std::printf("\n");
  }
  mote::ctucan::Can& a = card.core(0);
  mote::ctucan::Can& b = card.core(1);

  // 1. Classic and FD frames, both ways.
  co_await round_trip(a, b, make(0x123, false, false, 8, 1), "classic, standard id 0x123, 8 bytes, core 0 -> 1");
  co_await round_trip(b, a, make(0x1abcde0f, true, false, 5, 2), "classic, extended id 0x1abcde0f, 5 bytes, core 1 -> 0");
  co_await round_trip(a, b, make(0x000, false, false, 0, 0), "classic, id 0, no data, core 0 -> 1");
  CanFrame remote{.id = 0x7ff, .remote = true, .length = 4};
  co_await round_trip(b, a, remote, "remote frame 0x7ff asking 4 bytes, core 1 -> 0");
  co_await round_trip(a, b, make(0x1555aaaa, true, true, 64, 3), "FD, extended id, 64 bytes, bit-rate switch, core 0 -> 1");
  CanFrame fd12 = make(0x456, false, true, 12, 4);
  fd12.bit_rate_switch = false;
  co_await round_trip(b, a, fd12, "FD, standard id, 12 bytes, no bit-rate switch, core 1 -> 0");

  // Two transmits awaited together take turns for the core's transmit buffer, in order.
  auto [first, second] = co_await mote::join(a.transmit(make(0x301, false, false, 1, 6)), a.transmit(make(0x302, false, true, 16, 7)));
  auto r1 = co_await mote::with_timeout(2_ms, b.receive());
  auto r2 = co_await mote::with_timeout(2_ms, b.receive());
  const bool in_turn = first.has_value() && second.has_value() && r1 && r1->has_value() && (*r1)->id == 0x301 && r2 &&
                       r2->has_value() && (*r2)->id == 0x302 && (*r2)->length == 16;
  std::printf("two transmits at once: %s\n", in_turn ? "both sent, in order" : "WRONG");
  check(in_turn, "two transmits awaited together are both sent, in order");

  // 2. A receive waiting when the frame comes: the card's interrupt wakes it.
  const std::uint32_t irqs_before = card.interrupts();
  auto [got, sent] = co_await mote::join(b.receive(), a.transmit(make(0x321, false, false, 3, 5)));
  const bool woken = got.has_value() && got->id == 0x321 && sent.has_value() && card.interrupts() > irqs_before;
  std::printf("receive waiting, then a frame: %s (card interrupts %lu -> %lu)\n", woken ? "woken by the interrupt" : "NOT WOKEN",
              static_cast<unsigned long>(irqs_before), static_cast<unsigned long>(card.interrupts()));
  check(woken, "a waiting receive was woken by the card's interrupt");

  // 3. Filters on core 1: standard ids 0x100..0x1ff, and extended id 0x18ff00xx.
  const CanFilter filters[] = {{.id = 0x100, .mask = 0x700, .extended = false},
                               {.id = 0x18ff0000, .mask = 0x1fffff00, .extended = true}};
  check(b.set_filters(filters).has_value(), "two filters accepted");
  const std::uint32_t filtered_before = b.frames_filtered();
  const CanFrame offered[] = {make(0x123, false, false, 1, 10), make(0x223, false, false, 1, 11),
                              make(0x123, true, false, 1, 12),  make(0x1ff, false, false, 1, 13),
                              make(0x18ff0042, true, false, 1, 14), make(0x18fe0042, true, false, 1, 15)};
  for (const CanFrame& f : offered) check((co_await a.transmit(f)).has_value(), "a frame for the filter test was sent");
  std::printf("filter passed:");
  unsigned passed = 0;
  bool order_ok = true;
  const std::uint32_t expected[] = {0x123, 0x1ff, 0x18ff0042};
  for (;;) {
    auto r = co_await mote::with_timeout(2_ms, b.receive());
    if (!r || !r->has_value()) break;
    std::printf(" 0x%lx%s", static_cast<unsigned long>((*r)->id), (*r)->extended ? "x" : "");
    order_ok = order_ok && passed < 3 && (*r)->id == expected[passed];
    ++passed;
  }
  const std::uint32_t dropped = b.frames_filtered() - filtered_before;
  std::printf("; dropped %lu\n", static_cast<unsigned long>(dropped));
  check(passed == 3 && order_ok && dropped == 3, "the filters passed 0x123, 0x1ff, 0x18ff0042x and dropped 3");

  // 4. Bad input: refused with a typed error, nothing changed.
  CanFilter too_many[mote::ctucan::kMaxFilters + 1] = {};
  const bool many = b.set_filters(too_many).error() == CanError::BadFilter;
  const CanFilter wide[] = {{.id = 0x800, .mask = 0x7ff, .extended = false}};
  const bool wide_refused = b.set_filters(wide).error() == CanError::BadFilter;
  check((co_await a.transmit(make(0x223, false, false, 1, 16))).has_value(), "sent 0x223");
  auto still = co_await mote::with_timeout(2_ms, b.receive());
  const bool unchanged = !still.has_value();  // 0x223 still dropped: the old filters stand
  std::printf("bad filters: %s, %s; old filters kept: %s\n", many ? "9 refused" : "9 ACCEPTED",
              wide_refused ? "id 0x800 standard refused" : "id 0x800 ACCEPTED", unchanged ? "yes" : "NO");
  check(many && wide_refused && unchanged, "bad filters are refused and leave the old ones");
  check(b.set_filters({}).has_value(), "filters cleared");
  CanFrame classic9 = make(0x10, false, false, 8, 0);
  classic9.length = 9;
  CanFrame fd13 = make(0x10, false, true, 12, 0);
  fd13.length = 13;
  CanFrame wide_id = make(0x800, false, false, 1, 0);
  const bool r9 = (co_await a.transmit(classic9)).error() == CanError::FrameTooLong;
  const bool r13 = (co_await a.transmit(fd13)).error() == CanError::FrameTooLong;
  const bool rid = (co_await a.transmit(wide_id)).error() == CanError::FrameTooLong;
  auto nothing = co_await mote::with_timeout(2_ms, b.receive());
  std::printf("malformed frames: classic 9 bytes %s, FD 13 bytes %s, standard id 0x800 %s; on the bus: %s\n",
              r9 ? "refused" : "SENT", r13 ? "refused" : "SENT", rid ? "refused" : "SENT", nothing ? "SOMETHING" : "nothing");
  check(r9 && r13 && rid && !nothing.has_value(), "malformed frames are refused before the bus");

  // 5. Cancellation: a receive destroyed while it waits (timed out), then a frame: not lost.
  auto timed_out = co_await mote::with_timeout(1_ms, b.receive());
  auto once = co_await mote::poll_once(b.receive());  // armed, then destroyed at once
  check(!timed_out.has_value() && !once.has_value(), "the receives to cancel were waiting");
  check((co_await a.transmit(make(0x42, false, false, 2, 20))).has_value(), "sent 0x42");
  auto after = co_await mote::with_timeout(2_ms, b.receive());
  const bool kept = after.has_value() && after->has_value() && (*after)->id == 0x42;
  std::printf("receives cancelled while waiting, then a frame: %s\n", kept ? "received" : "LOST");
  check(kept, "a frame after cancelled receives is received");

  // 6. Overrun: core 1's FIFO (8 KiB in QEMU) holds 102 FD frames of 64 bytes (80 bytes each);
  //    send 110 with nobody receiving. The first 102 come out in order, then Overrun, then the
  //    bus works again.
  constexpr unsigned kSent = 110;
  const mote::Instant send_start = mote::Instant::now();
  for (unsigned i = 0; i < kSent; ++i) {
    CanFrame f = make(0x200 + i, false, true, 64, static_cast<std::uint8_t>(i));
    if (!(co_await a.transmit(f)).has_value()) check(false, "an overrun test frame was not sent");
  }
  const mote::Duration send_time = send_start.elapsed();
  const mote::Instant receive_start = mote::Instant::now();
  unsigned before_error = 0;
  bool in_order = true;
  CanError error = CanError::Other;
  for (;;) {
    auto r = co_await mote::with_timeout(2_ms, b.receive());
    if (!r) break;
    if (!r->has_value()) {
      error = r->error();
      break;
    }
    in_order = in_order && same(**r, make(0x200 + before_error, false, true, 64, static_cast<std::uint8_t>(before_error)));
    ++before_error;
  }
  const mote::Duration receive_time = receive_start.elapsed();
  // Virtual time (-icount shift=0: one instruction = 1 ns), so these are instruction counts.
  std::printf("64-byte FD frames: %lu ns per transmit, %lu ns per receive\n",
              static_cast<unsigned long>(send_time.as_micros() * 1000 / kSent),
              static_cast<unsigned long>(before_error != 0 ? receive_time.as_micros() * 1000 / before_error : 0));
  std::printf("overrun: %u frames sent, %u received in order%s, then: %s\n", kSent, before_error, in_order ? "" : " (OUT OF ORDER)",
              error_name(error));
  check(before_error == 102 && in_order && error == CanError::Overrun, "102 frames, then Overrun");
  co_await round_trip(a, b, make(0x7, false, false, 1, 30), "after the overrun, a frame");
  auto empty = co_await mote::with_timeout(2_ms, b.receive());
  check(!empty.has_value(), "nothing more after the overrun (the lost frames stay lost)");

  std::printf("%s\n", g_ok ? "ok" : "FAILED");
  mote::exit(g_ok ? 0 : 1);
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(can_test());
  co_return;
}
